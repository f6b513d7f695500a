import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { MeasuredStream } from '../../../../src/image/data/measured-stream.js';
import { TooLarge } from '../../../../src/image/quota.js';

const data = randomBytes(3 * 1024 * 1024 + 5);
const digest = (algorithm: string) => createHash(algorithm).update(data).digest('hex');

async function* chunks(buffer: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < buffer.length; offset += size) yield buffer.subarray(offset, offset + size);
}

async function drain(stream: AsyncIterable<Buffer>): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += chunk.length;
  return bytes;
}

const noLimit = [{ bytes: Number.MAX_SAFE_INTEGER, refuse: () => new TooLarge('never') }];

describe('measured image data', () => {
  for (const chunkSize of [1000, 65536]) {
    test(`passes every byte through and measures it, in chunks of ${chunkSize}`, async () => {
      const measured = new MeasuredStream(chunks(data, chunkSize), { limits: noLimit, diskFormat: 'raw' });
      assert.equal(await drain(measured), data.length);
      assert.deepEqual(measured.result, {
        size: data.length,
        checksum: digest('md5'),
        os_hash_algo: 'sha512',
        os_hash_value: digest('sha512'),
        virtual_size: data.length,
      });
    });

    test(`stops at a byte limit with its error, in chunks of ${chunkSize}`, async () => {
      const limits = [{ bytes: 100_000, refuse: (seen: number) => new TooLarge(`too large at ${seen}`) }];
      const measured = new MeasuredStream(chunks(data, chunkSize), { limits, diskFormat: null });
      const seen = Math.ceil(100_001 / chunkSize) * chunkSize;
      await assert.rejects(drain(measured), new RegExp(`too large at ${seen}$`));
      assert.equal(measured.result, null);
    });
  }

  test('without a declared format nothing is inspected and there is no virtual size', async () => {
    const measured = new MeasuredStream(chunks(data, 65536), { limits: noLimit, diskFormat: null });
    await drain(measured);
    assert.equal(measured.result!.virtual_size, null);
  });
});
