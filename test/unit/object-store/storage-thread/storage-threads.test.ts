import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { defaultConfig } from '../../../../src/common/config/schema.js';
import { createLogger } from '../../../../src/common/logging.js';
import { ALL_IN_ONE_DEVICES, ensureAllInOneRings } from '../../../../src/object-store/ring/index.js';
import { StorageThreads } from '../../../../src/object-store/storage-thread/storage-threads.js';
import type { StorageResponse } from '../../../../src/object-store/storage/storage-protocol.js';

const NODE = { ip: '127.0.0.1', port: 6200 };

async function bodyOf(response: StorageResponse): Promise<Buffer> {
  if (Buffer.isBuffer(response.body)) return response.body;
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

test('the storage threads store and serve objects and containers for the proxy, one device each', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'stratus-storage-thread-'));
  const devicesRoot = join(dir, 'devices');
  for (const device of ALL_IN_ONE_DEVICES) await mkdir(join(devicesRoot, device), { recursive: true });
  const { salt, paths } = await ensureAllInOneRings(dir, NODE);
  const config = defaultConfig(dir);
  const threads = await StorageThreads.start(
    {
      devicesRoot,
      devices: ALL_IN_ONE_DEVICES,
      salt,
      ringPaths: paths,
      address: NODE,
      config: config.object_store,
      logLevel: 'silent',
    },
    createLogger('silent'),
  );
  try {
    const at = { device: 'd1', partition: 7, account: 'AUTH_a', container: 'c' };
    // The objects are on d2, another thread than their container's (d1): the updates cross threads.
    const objectAt = { ...at, device: 'd2' };
    const stamp = (seconds: number) => `${seconds}.00000`;
    const containerUpdate = {
      'x-container-host': '127.0.0.1:6200',
      'x-container-device': 'd1',
      'x-container-partition': '7',
    };
    const created = await threads.request(NODE, {
      ...at,
      method: 'PUT',
      headers: { 'x-timestamp': stamp(1_700_000_000) },
    });
    assert.equal(created.status, 201);

    // A body streamed in many chunks, as the proxy streams a client's upload.
    const data = randomBytes(3 * 1024 * 1024 + 17);
    const chunks = Array.from({ length: 49 }, (_, i) => data.subarray(i * 65536, (i + 1) * 65536));
    const put = await threads.request(NODE, {
      ...objectAt,
      object: 'o',
      method: 'PUT',
      headers: {
        ...containerUpdate,
        'x-timestamp': stamp(1_700_000_001),
        'content-type': 'application/octet-stream',
        'content-length': String(data.length),
      },
      body: Readable.from(chunks),
    });
    assert.equal(put.status, 201, (await bodyOf(put)).toString());
    assert.equal(put.headers.etag, `"${createHash('md5').update(data).digest('hex')}"`);

    const get = await threads.request(NODE, { ...objectAt, object: 'o', method: 'GET', headers: {} });
    assert.equal(get.status, 200);
    assert.ok(get.body instanceof Readable, 'object data comes as a stream');
    assert.deepEqual(await bodyOf(get), data);

    // A small body as a buffer; a missing object; a bad request answered by the node itself.
    const small = await threads.request(NODE, {
      ...objectAt,
      object: 'small',
      method: 'PUT',
      headers: { ...containerUpdate, 'x-timestamp': stamp(1_700_000_002), 'content-type': 'text/plain' },
      body: Buffer.from('hello'),
    });
    assert.equal(small.status, 201);
    assert.equal(
      (await threads.request(NODE, { ...at, object: 'none', method: 'HEAD', headers: {} })).status,
      404,
    );
    assert.equal(
      (await threads.request(NODE, { ...at, device: '..', method: 'HEAD', headers: {} })).status,
      400,
    );

    // The object server on d2's thread told the container on d1's about both objects.
    const listing = await threads.request(NODE, {
      ...at,
      method: 'GET',
      headers: {},
      query: { format: 'json' },
    });
    const names = (JSON.parse((await bodyOf(listing)).toString()) as { name: string }[]).map(
      (row) => row.name,
    );
    assert.deepEqual(names, ['o', 'small']);
  } finally {
    await threads.close();
    await rm(dir, { recursive: true, force: true });
  }
  await assert.rejects(
    threads.request(NODE, { device: 'd1', partition: 0, account: 'AUTH_a', method: 'HEAD', headers: {} }),
  );
});
