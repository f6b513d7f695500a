import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blockStorageTestApp, type BlockStorageTestApp } from '../../../helpers/block-storage-app.js';

type Resource = Record<string, string>;

describe('os-hosts', () => {
  let cinder: BlockStorageTestApp;
  before(async () => {
    cinder = await blockStorageTestApp();
  });
  after(() => cinder.close());

  test('admins list the enabled services by host, available while they report', async () => {
    const { hosts } = await cinder.json('GET', '/os-hosts', 200, { caller: 'admin' });
    assert.deepEqual(
      hosts.map((host: Resource) => [host.host_name, host.service, host.zone, host['service-state']]),
      [
        ['testhost', 'cinder-scheduler', 'nova', 'enabled'],
        ['testhost@fake', 'cinder-volume', 'nova', 'enabled'],
      ],
    );
    for (const host of hosts) {
      assert.equal(host['service-status'], 'available');
      assert.match(host['last-update'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    }
    assert.deepEqual(
      (await cinder.json('GET', '/os-hosts?zone=elsewhere', 200, { caller: 'admin' })).hosts,
      [],
    );
    const refused = await cinder.request('GET', '/os-hosts');
    assert.equal(refused.statusCode, 403);
    assert.equal(
      refused.json().forbidden.message,
      "Policy doesn't allow volume_extension:hosts to be performed.",
    );
  });

  test('a volume host shows what it holds, in all and by project', async () => {
    const resources = async (host: string): Promise<Resource[]> =>
      (await cinder.json('GET', `/os-hosts/${host}`, 200, { caller: 'admin' })).host.map(
        (entry: { resource: Resource }) => entry.resource,
      );
    assert.deepEqual(await resources('testhost@fake'), [
      {
        host: 'testhost@fake',
        project: '(total)',
        volume_count: '0',
        total_volume_gb: '0',
        snapshot_count: '0',
        total_snapshot_gb: '0',
      },
    ]);
    const { volume } = await cinder.json('POST', '/volumes', 202, { body: { volume: { size: 2 } } });
    await cinder.waitForStatus(`/volumes/${volume.id}`, 'volume', 'available');
    const { snapshot } = await cinder.json('POST', '/snapshots', 202, {
      body: { snapshot: { volume_id: volume.id } },
    });
    await cinder.waitForStatus(`/snapshots/${snapshot.id}`, 'snapshot', 'available');
    const [total, mine] = await resources('testhost');
    assert.deepEqual(total, {
      host: 'testhost',
      project: '(total)',
      volume_count: '1',
      total_volume_gb: '2',
      snapshot_count: '1',
      total_snapshot_gb: '2',
    });
    const owner = await cinder.db.selectFrom('volumes').select('project_id').executeTakeFirstOrThrow();
    assert.equal(mine!.project, owner.project_id);
    assert.equal(mine!.volume_count, '1');
  });

  test('a host without an enabled volume service is not found', async () => {
    const response = await cinder.request('GET', '/os-hosts/nowhere', { caller: 'admin' });
    assert.equal(response.statusCode, 404);
    assert.equal(
      response.json().itemNotFound.message,
      'Service cinder-volume could not be found on host nowhere.',
    );
  });
});
