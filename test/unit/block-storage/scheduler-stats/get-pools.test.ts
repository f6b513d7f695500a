import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blockStorageTestApp, type BlockStorageTestApp } from '../../../helpers/block-storage-app.js';

type Pool = { name: string; capabilities?: Record<string, unknown> };

describe('GET /scheduler-stats/get_pools', () => {
  let cinder: BlockStorageTestApp;
  before(async () => {
    cinder = await blockStorageTestApp({
      configure: (config) => {
        config.volume.backends = [
          { name: 'fake', driver: 'fake' },
          { name: 'gold', driver: 'fake' },
        ];
      },
    });
  });
  after(() => cinder.close());

  const pools = async (query = '', microversion?: string): Promise<Pool[]> =>
    (await cinder.json('GET', `/scheduler-stats/get_pools${query}`, 200, { caller: 'admin', microversion }))
      .pools;
  const names = (list: Pool[]) => list.map((pool) => pool.name).sort();

  test('admins see one pool per backend that is up, by name only', async () => {
    const listed = await pools();
    assert.deepEqual(listed, [{ name: 'testhost@fake#fake' }, { name: 'testhost@gold#gold' }].sort());
    const refused = await cinder.request('GET', '/scheduler-stats/get_pools');
    assert.equal(refused.statusCode, 403);
    assert.equal(
      refused.json().forbidden.message,
      "Policy doesn't allow scheduler_extension:scheduler_stats:get_pools to be performed.",
    );
  });

  test('with detail, what each backend reports of itself and its space', async () => {
    const volume = await cinder.json('POST', '/volumes', 202, { body: { volume: { size: 2 } } });
    await cinder.waitForStatus(`/volumes/${volume.volume.id}`, 'volume', 'available');
    const listed = await pools('?detail=true');
    const used = listed.find((pool) => pool.capabilities?.provisioned_capacity_gb === 2);
    assert.ok(used, 'the pool of the new volume counts it');
    const capabilities = used.capabilities!;
    assert.equal(capabilities.vendor_name, 'Stratus');
    assert.equal(capabilities.storage_protocol, 'nbd');
    assert.equal(capabilities.driver_version, '1.0.0');
    assert.equal(capabilities.QoS_support, false);
    assert.equal(capabilities.reserved_percentage, 0);
    assert.equal(capabilities.thin_provisioning_support, false);
    assert.equal(capabilities.thick_provisioning_support, true);
    assert.equal(capabilities.max_over_subscription_ratio, '20.0');
    assert.equal(capabilities.pool_name, used.name.split('#')[1]);
    assert.equal(capabilities.volume_backend_name, capabilities.pool_name);
    assert.equal(
      Number(capabilities.free_capacity_gb),
      Number(capabilities.total_capacity_gb) - Number(capabilities.provisioned_capacity_gb),
    );
    assert.match(String(capabilities.timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    await cinder.json('DELETE', `/volumes/${volume.volume.id}`, 202);
  });

  test('detail takes the words of a boolean, and nothing else', async () => {
    assert.ok((await pools('?detail=0')).every((pool) => !('capabilities' in pool)));
    assert.ok((await pools('?detail=YES')).every((pool) => 'capabilities' in pool));
    const response = await cinder.request('GET', '/scheduler-stats/get_pools?detail=maybe', {
      caller: 'admin',
    });
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().badRequest.message, "Value 'maybe' for 'detail' is not a boolean.");
  });

  test('filters: none before 3.28, then the name and any capability', async () => {
    assert.equal((await pools('?name=testhost@gold%23gold')).length, 2);
    assert.deepEqual(names(await pools('?name=testhost@gold%23gold', '3.28')), ['testhost@gold#gold']);
    assert.deepEqual(names(await pools('?volume_backend_name=fake', '3.30')), ['testhost@fake#fake']);
    assert.equal((await pools('?QoS_support=true', '3.30')).length, 0);
    assert.equal((await pools('?QoS_support=false', '3.30')).length, 2);
  });

  test('from 3.31 only name and volume_type filter; others are refused', async () => {
    const response = await cinder.request('GET', '/scheduler-stats/get_pools?vendor_name=Stratus', {
      caller: 'admin',
      microversion: '3.31',
    });
    assert.equal(response.statusCode, 400);
    assert.equal(
      response.json().badRequest.message,
      'Invalid filters vendor_name are found in query options.',
    );
    assert.equal((await pools('?all_tenants=1', '3.31')).length, 2);
  });

  test('volume_type (3.35) keeps the pools of the type backend', async () => {
    const type = await cinder.json('POST', '/types', 200, {
      caller: 'admin',
      body: { volume_type: { name: 'golden', extra_specs: { volume_backend_name: 'gold' } } },
    });
    assert.equal((await pools('?volume_type=golden', '3.34')).length, 2);
    assert.deepEqual(names(await pools('?volume_type=golden', '3.35')), ['testhost@gold#gold']);
    assert.deepEqual(names(await pools(`?volume_type=${type.volume_type.id}`, '3.35')), [
      'testhost@gold#gold',
    ]);
    assert.equal((await pools('?volume_type=__DEFAULT__', '3.35')).length, 2);
    await cinder.json('POST', '/types', 200, {
      caller: 'admin',
      body: { volume_type: { name: 'scsi', extra_specs: { storage_protocol: 'iSCSI' } } },
    });
    assert.deepEqual(await pools('?volume_type=scsi', '3.35'), []);
    const missing = await cinder.request('GET', '/scheduler-stats/get_pools?volume_type=nothing', {
      caller: 'admin',
      microversion: '3.35',
    });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().itemNotFound.message, 'Volume type with name nothing could not be found.');
  });

  test('a disabled volume service has no pool to offer', async () => {
    await cinder.json('PUT', '/os-services/disable', 200, {
      caller: 'admin',
      body: { host: 'testhost@gold', binary: 'cinder-volume' },
    });
    try {
      assert.deepEqual(names(await pools()), ['testhost@fake#fake']);
    } finally {
      await cinder.json('PUT', '/os-services/enable', 200, {
        caller: 'admin',
        body: { host: 'testhost@gold', binary: 'cinder-volume' },
      });
    }
  });
});
