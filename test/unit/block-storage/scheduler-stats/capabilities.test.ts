import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blockStorageTestApp, type BlockStorageTestApp } from '../../../helpers/block-storage-app.js';

describe('GET /capabilities/{host}', () => {
  let cinder: BlockStorageTestApp;
  before(async () => {
    cinder = await blockStorageTestApp();
  });
  after(() => cinder.close());

  test('what the volume service says of its backend, as get_pools does', async () => {
    const capabilities = await cinder.json('GET', '/capabilities/testhost@fake', 200, { caller: 'admin' });
    const [pool] = (
      await cinder.json('GET', '/scheduler-stats/get_pools?detail=true', 200, { caller: 'admin' })
    ).pools;
    for (const key of ['vendor_name', 'volume_backend_name', 'storage_protocol', 'driver_version'])
      assert.equal(pool.capabilities[key], capabilities[key], key);
    assert.deepEqual(capabilities, {
      namespace: 'OS::Storage::Capabilities::testhost@fake',
      vendor_name: 'Stratus',
      volume_backend_name: 'fake',
      pool_name: null,
      driver_version: '1.0.0',
      storage_protocol: 'nbd',
      display_name: null,
      description: null,
      visibility: null,
      replication_targets: [],
      properties: {
        thin_provisioning: {
          title: 'Thin Provisioning',
          description: 'Sets thin provisioning.',
          type: 'boolean',
        },
        compression: { title: 'Compression', description: 'Enables compression.', type: 'boolean' },
        qos: { title: 'QoS', description: 'Enables QoS.', type: 'boolean' },
        replication_enabled: { title: 'Replication', description: 'Enables replication.', type: 'boolean' },
      },
    });
  });

  test('a host with one backend names it too', async () => {
    const capabilities = await cinder.json('GET', '/capabilities/testhost', 200, { caller: 'admin' });
    assert.equal(capabilities.namespace, 'OS::Storage::Capabilities::testhost@fake');
  });

  test('a pool, or a host without a volume service, is not found', async () => {
    for (const host of ['testhost@fake%23fake', 'elsewhere']) {
      const response = await cinder.request('GET', `/capabilities/${host}`, { caller: 'admin' });
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().itemNotFound.message, `Can't find service: ${decodeURIComponent(host)}`);
    }
  });

  test('only admins may ask', async () => {
    const response = await cinder.request('GET', '/capabilities/testhost@fake');
    assert.equal(response.statusCode, 403);
    assert.equal(
      response.json().forbidden.message,
      "Policy doesn't allow volume_extension:capabilities to be performed.",
    );
  });
});
