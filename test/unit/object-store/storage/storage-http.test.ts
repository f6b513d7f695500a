import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { HttpTransport } from '../../../../src/object-store/storage/http-transport.js';
import type { NodeAddress } from '../../../../src/object-store/storage/storage-protocol.js';
import { bodyOf, jsonOf, nextTimestamp, request, storageNodeOverHttp } from './storage-fixtures.js';

describe('a storage node over HTTP', () => {
  let served: Awaited<ReturnType<typeof storageNodeOverHttp>>;
  let fixture: Awaited<ReturnType<typeof storageNodeOverHttp>>['fixture'];
  let address: NodeAddress;
  let transport: HttpTransport;

  before(async () => {
    served = await storageNodeOverHttp();
    ({ fixture, address, transport } = served);
    // The node's own updates go over HTTP too, as between hosts.
    fixture.transport.register(
      { ip: 'http-node', port: 1 },
      { handle: (r) => transport.request(address, r) },
    );
  });
  after(() => served.dispose());

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
