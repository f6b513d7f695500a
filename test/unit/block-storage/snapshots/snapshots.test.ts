import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  blockStorageTestApp,
  VOLUME_URL,
  type BlockStorageTestApp,
} from '../../../helpers/block-storage-app.js';
import { PROJECTS } from '../../../helpers/fixed-callers.js';
import { makeVolume, waitForRow } from './volume-fixture.js';

async function snapshotOf(app: BlockStorageTestApp, volumeId: string, extra: Record<string, unknown> = {}) {
  const { snapshot } = await app.json('POST', '/snapshots', 202, {
    body: { snapshot: { volume_id: volumeId, ...extra } },
  });
  await app.waitForStatus(`/snapshots/${snapshot.id}`, 'snapshot', 'available');
  return snapshot;
}

describe('snapshots', () => {
  let app: BlockStorageTestApp;
  before(async () => {
    app = await blockStorageTestApp();
  });
  after(() => app.close());

  test('a snapshot is created, shown, listed, renamed and deleted (Tempest create_get_list_update_delete)', async () => {
    const volumeId = await makeVolume(app, { size: 2 });
    const metadata = { 'snap-meta1': 'value1', 'snap-meta2': 'value2' };
    const created = await app.json('POST', '/snapshots', 202, {
      body: { snapshot: { volume_id: volumeId, name: ' snap1 ', description: 'first', metadata } },
    });
    assert.equal(created.snapshot.status, 'creating');
    assert.equal(created.snapshot.name, 'snap1');
    assert.equal(created.snapshot.size, 2);
    assert.deepEqual(created.snapshot.metadata, metadata);
    assert.equal('os-extended-snapshot-attributes:progress' in created.snapshot, false);
    const id = created.snapshot.id;
    await app.waitForStatus(`/snapshots/${id}`, 'snapshot', 'available');

    const { snapshot } = await app.json('GET', `/snapshots/${id}`, 200);
    assert.equal(snapshot.volume_id, volumeId);
    assert.equal(snapshot['os-extended-snapshot-attributes:progress'], '100%');
    assert.equal(snapshot['os-extended-snapshot-attributes:project_id'], PROJECTS.one);
    assert.match(snapshot.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    assert.equal('user_id' in snapshot, false);

    const list = await app.json('GET', '/snapshots', 200);
    const listed = list.snapshots.find((item: { id: string }) => item.id === id);
    assert.equal(listed.name, 'snap1');
    assert.equal('os-extended-snapshot-attributes:progress' in listed, false);

    const updated = await app.json('PUT', `/snapshots/${id}`, 200, {
      body: { snapshot: { name: 'renamed', display_description: 'new description' } },
    });
    assert.equal(updated.snapshot.name, 'renamed');
    assert.equal(updated.snapshot.description, 'new description');
    assert.equal((await app.json('GET', `/snapshots/${id}`, 200)).snapshot.name, 'renamed');

    await app.json('DELETE', `/snapshots/${id}`, 202);
    await waitForRow(app, 'snapshots', id, 'deleted');
    await app.json('GET', `/snapshots/${id}`, 404);
  });

  test('microversions add group_snapshot_id (3.14), user_id (3.41) and consumes_quota (3.65)', async () => {
    const snapshot = await snapshotOf(app, await makeVolume(app));
    const at = (microversion: string) =>
      app.json('GET', `/snapshots/${snapshot.id}`, 200, { microversion }).then((body) => body.snapshot);
    assert.equal('group_snapshot_id' in (await at('3.13')), false);
    assert.equal((await at('3.14')).group_snapshot_id, null);
    assert.equal((await at('3.41')).user_id, 'u-member');
    assert.equal((await at('3.65')).consumes_quota, true);
  });

  test('an in-use volume needs force before 3.66; from 3.66 force=false is refused', async () => {
    const volumeId = await makeVolume(app, { status: 'in-use' });
    const refused = await app.request('POST', '/snapshots', { body: { snapshot: { volume_id: volumeId } } });
    assert.equal(refused.statusCode, 400);
    assert.equal(
      refused.json().badRequest.message,
      `Invalid volume: Volume ${volumeId} status must be available, but current status is: in-use.`,
    );
    const forced = await app.request('POST', '/snapshots', {
      body: { snapshot: { volume_id: volumeId, force: false } },
    });
    assert.equal(forced.statusCode, 400);
    await snapshotOf(app, volumeId, { force: 'True' });
    await app.json('POST', '/snapshots', 202, {
      microversion: '3.66',
      body: { snapshot: { volume_id: volumeId } },
    });
    const noForce = await app.request('POST', '/snapshots', {
      microversion: '3.66',
      body: { snapshot: { volume_id: volumeId, force: false } },
    });
    assert.equal(noForce.statusCode, 400);
    assert.match(noForce.json().badRequest.message, /^Since microversion 3.66 the 'force' flag is invalid/);
  });

  test('volumes in error or not found cannot be snapshotted', async () => {
    const broken = await makeVolume(app, { status: 'error' });
    const error = await app.request('POST', '/snapshots', { body: { snapshot: { volume_id: broken } } });
    assert.equal(
      error.json().badRequest.message,
      'Invalid volume: The snapshot cannot be created when the volume is in error status.',
    );
    const missing = crypto.randomUUID();
    const notFound = await app.request('POST', '/snapshots', { body: { snapshot: { volume_id: missing } } });
    assert.equal(notFound.statusCode, 404);
    assert.equal(notFound.json().itemNotFound.message, `Volume ${missing} could not be found.`);
    // Tempest's test_create_snapshot_without_passing_volume_id sends null and expects a 404.
    const nullId = await app.request('POST', '/snapshots', {
      body: { snapshot: { volume_id: null, display_name: 'x' } },
    });
    assert.equal(nullId.statusCode, 404);
    const bad = await app.request('POST', '/snapshots', { body: { snapshot: { volume_id: 'not-a-uuid' } } });
    assert.equal(bad.statusCode, 400);
  });

  test("another project's snapshots are not found, and its volumes cannot be snapshotted", async () => {
    const snapshot = await snapshotOf(app, await makeVolume(app));
    await app.json('GET', `/snapshots/${snapshot.id}`, 404, { caller: 'other' });
    await app.json('DELETE', `/snapshots/${snapshot.id}`, 404, { caller: 'other' });
    const otherVolume = await makeVolume(app, { project: PROJECTS.two });
    await app.json('POST', '/snapshots', 404, { body: { snapshot: { volume_id: otherVolume } } });
    const otherList = await app.json('GET', '/snapshots', 200, { caller: 'other' });
    assert.equal(
      otherList.snapshots.some((item: { id: string }) => item.id === snapshot.id),
      false,
    );
    // Admins see it by id, and in lists with all_tenants.
    await app.json('GET', `/snapshots/${snapshot.id}`, 200, { caller: 'admin' });
    const own = await app.json('GET', '/snapshots', 200, { caller: 'admin' });
    assert.equal(own.snapshots.length, 0);
    const all = await app.json('GET', '/snapshots/detail?all_tenants=1', 200, { caller: 'admin' });
    assert.ok(all.snapshots.some((item: { id: string }) => item.id === snapshot.id));
  });

  test('only available or error snapshots may be deleted', async () => {
    const volumeId = await makeVolume(app);
    const snapshot = await snapshotOf(app, volumeId);
    await app.db.updateTable('snapshots').set({ status: 'creating' }).where('id', '=', snapshot.id).execute();
    const refused = await app.request('DELETE', `/snapshots/${snapshot.id}`);
    assert.equal(refused.statusCode, 400);
    assert.equal(
      refused.json().badRequest.message,
      'Invalid snapshot: Snapshot status must be available or error and must not be part of a group.',
    );
  });

  test('the snapshot quota is checked with Cinder’s 413', async () => {
    const quotaApp = await blockStorageTestApp({
      configure: (config) => {
        config.volume.quota = { ...config.volume.quota, snapshots: 1 };
      },
    });
    try {
      const volumeId = await makeVolume(quotaApp);
      await snapshotOf(quotaApp, volumeId);
      const over = await quotaApp.request('POST', '/snapshots', {
        body: { snapshot: { volume_id: volumeId } },
      });
      assert.equal(over.statusCode, 413);
      assert.equal(over.json().overLimit.message, 'Maximum number of snapshots allowed (1) exceeded');
    } finally {
      await quotaApp.close();
    }
  });

  test('update needs a name or description', async () => {
    const snapshot = await snapshotOf(app, await makeVolume(app));
    const response = await app.request('PUT', `/snapshots/${snapshot.id}`, { body: { snapshot: {} } });
    assert.equal(response.statusCode, 400);
  });

  test('the list links the next page with the request parameters and the marker', async () => {
    const volumeId = await makeVolume(app);
    await snapshotOf(app, volumeId);
    await snapshotOf(app, volumeId);
    const page = await app.json('GET', '/snapshots/detail?limit=1&sort=id:asc', 200);
    assert.equal(page.snapshots.length, 1);
    assert.equal(
      page.snapshots_links[0].href,
      `${VOLUME_URL}/v3/${PROJECTS.one}/snapshots/detail?limit=1&sort=id%3Aasc&marker=${page.snapshots[0].id}`,
    );
  });
});
