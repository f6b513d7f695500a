import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, test } from 'node:test';
import { pino } from 'pino';
import { ImageCache, ImageChecksumMismatch } from '../../../../../src/compute/virt/qemu/image-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'stratus-image-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const logger = pino({ level: 'silent' });
const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

/** An image service that serves `bytes` slowly (so concurrent callers overlap), with `checksum`. */
function source(bytes: Buffer, checksum: string | null) {
  let downloads = 0;
  return {
    get downloads() {
      return downloads;
    },
    async download() {
      downloads += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return {
        data: Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]),
        size: bytes.length,
        checksum,
      };
    },
  };
}

describe('image cache', () => {
  test('downloads an image once for concurrent callers and keeps it', async () => {
    const bytes = Buffer.from('a disk image, more or less');
    const images = source(bytes, md5(bytes));
    const cache = new ImageCache(join(dir, 'shared'), images, logger);
    const results = await Promise.all([
      cache.fetch('image-1'),
      cache.fetch('image-1'),
      cache.fetch('image-1'),
    ]);
    assert.deepEqual(results.sort(), [false, false, true]);
    assert.equal(images.downloads, 1);
    assert.deepEqual(readFileSync(cache.path('image-1')), bytes);
    assert.equal(await cache.fetch('image-1'), false);
    assert.equal(images.downloads, 1);
  });

  test('refuses an image whose bytes do not match its checksum and leaves nothing behind', async () => {
    const cache = new ImageCache(
      join(dir, 'bad'),
      source(Buffer.from('tampered'), md5(Buffer.from('original'))),
      logger,
    );
    await assert.rejects(cache.fetch('image-2'), ImageChecksumMismatch);
    assert.deepEqual(readdirSync(join(dir, 'bad')), []);
  });

  test('takes an image without a checksum as it comes', async () => {
    const cache = new ImageCache(join(dir, 'unchecked'), source(Buffer.from('bytes'), null), logger);
    assert.equal(await cache.fetch('image-3'), true);
  });

  test('refuses image ids that would leave the cache folder', () => {
    const cache = new ImageCache(join(dir, 'ids'), source(Buffer.alloc(0), null), logger);
    assert.throws(() => cache.path('../etc/passwd'));
  });
});
