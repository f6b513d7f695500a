import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { HttpTransport } from '../../../../src/object-store/storage/http-transport.js';
import { storageNodeHttpPlugin } from '../../../../src/object-store/storage/storage-http-plugin.js';
import type { NodeAddress } from '../../../../src/object-store/storage/storage-protocol.js';
import { bodyOf, jsonOf, nextTimestamp, request, storageNode } from './storage-fixtures.js';

describe('a storage node over HTTP', () => {
  let fixture: Awaited<ReturnType<typeof storageNode>>;
  let app: FastifyInstance;
  let address: NodeAddress;
  const transport = new HttpTransport({ timeoutMs: 5000 });

  before(async () => {
    fixture = await storageNode();
    app = Fastify();
    await app.register(storageNodeHttpPlugin, { node: fixture.node });
    await app.listen({ host: '127.0.0.1', port: 0 });
    address = { ip: '127.0.0.1', port: (app.server.address() as AddressInfo).port };
    // The node's own updates go over HTTP too, as between hosts.
    fixture.transport.register(
      { ip: 'http-node', port: 1 },
      { handle: (r) => transport.request(address, r) },
    );
  });
  after(async () => {
    transport.close();
    await app.close();
    await fixture.dispose();
  });

  test('object PUT (streamed, UTF-8 metadata), GET, HEAD and a range answer as in process', async () => {
    const timestamp = nextTimestamp();
    const data = randomBytes(200_000);
    const created = await transport.request(
      address,
      request(
        'PUT',
        'd1/4/AUTH_h/c/dir/naïve name.bin',
        {
          'x-timestamp': timestamp.internal,
          'content-type': 'application/json',
          'x-object-meta-test': 'välue ✓',
        },
        { body: Readable.from([data.subarray(0, 1000), data.subarray(1000)]) },
      ),
    );
    assert.equal(created.status, 201);

    const got = await transport.request(address, request('GET', 'd1/4/AUTH_h/c/dir/naïve name.bin'));
    assert.equal(got.status, 200);
    assert.deepEqual(await bodyOf(got), data);
    assert.equal(got.headers['x-object-meta-test'], 'välue ✓');
    assert.equal(got.headers['content-type'], 'application/json');

    const head = await transport.request(address, request('HEAD', 'd1/4/AUTH_h/c/dir/naïve name.bin'));
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], '200000');

    const ranged = await transport.request(
      address,
      request('GET', 'd1/4/AUTH_h/c/dir/naïve name.bin', { range: 'bytes=10-19' }),
    );
    assert.equal(ranged.status, 206);
    assert.deepEqual(await bodyOf(ranged), data.subarray(10, 20));
    assert.equal((await transport.request(address, request('GET', 'd9/4/AUTH_h/c/o'))).status, 507);
  });

  test('container rows through the server header, listings with query parameters', async () => {
    await transport.request(
      address,
      request('PUT', 'd2/8/AUTH_h/box', { 'x-timestamp': nextTimestamp().internal }),
    );
    const put = await transport.request(
      address,
      request(
        'PUT',
        'd1/4/AUTH_h/box/a/b',
        {
          'x-timestamp': nextTimestamp().internal,
          'content-type': 'text/plain',
          'x-container-host': 'http-node:1',
          'x-container-device': 'd2',
          'x-container-partition': '8',
        },
        { body: Buffer.from('xyz') },
      ),
    );
    assert.equal(put.status, 201);
    const listing = await transport.request(
      address,
      request('GET', 'd2/8/AUTH_h/box', {}, { query: { delimiter: '/', prefix: '' } }),
    );
    assert.deepEqual(await jsonOf(listing), [{ subdir: 'a/' }]);
  });

  test('a node that is not listening rejects', async () => {
    await assert.rejects(transport.request({ ip: '127.0.0.1', port: 1 }, request('HEAD', 'd1/1/AUTH_x')));
  });
});
