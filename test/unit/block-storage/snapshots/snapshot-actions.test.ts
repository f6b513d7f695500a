import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blockStorageTestApp, type BlockStorageTestApp } from '../../../helpers/block-storage-app.js';
import { makeVolume, waitForRow } from './volume-fixture.js';

describe('snapshot actions', () => {
  let app: BlockStorageTestApp;
  let volumeId: string;
  const newSnapshot = async () => {
    const { snapshot } = await app.json('POST', '/snapshots', 202, {
      body: { snapshot: { volume_id: volumeId } },
    });
    await app.waitForStatus(`/snapshots/${snapshot.id}`, 'snapshot', 'available');
    return snapshot.id as string;
  };
  const action = (id: string, body: unknown, caller = 'member') =>
    app.request('POST', `/snapshots/${id}/action`, { caller, body });
  before(async () => {
    app = await blockStorageTestApp();
    volumeId = await makeVolume(app);
  });
  after(() => app.close());

  test('os-reset_status is for admins and takes only known statuses', async () => {
    const id = await newSnapshot();
    assert.equal((await action(id, { 'os-reset_status': { status: 'error' } })).statusCode, 403);
    assert.equal((await action(id, { 'os-reset_status': { status: 'ERROR' } }, 'admin')).statusCode, 202);
    assert.equal((await app.json('GET', `/snapshots/${id}`, 200)).snapshot.status, 'error');
    const bad = await action(id, { 'os-reset_status': { status: 'frozen' } }, 'admin');
    assert.equal(bad.statusCode, 400);
    assert.match(
      bad.json().badRequest.message,
      /^Snapshot status: frozen is invalid, valid statuses are: \('error', /,
    );
  });

  test('os-force_delete deletes whatever the status, for admins', async () => {
    const id = await newSnapshot();
    await app.db.updateTable('snapshots').set({ status: 'creating' }).where('id', '=', id).execute();
    assert.equal((await action(id, { 'os-force_delete': {} })).statusCode, 403);
    assert.equal((await action(id, { 'os-force_delete': {} }, 'admin')).statusCode, 202);
    await waitForRow(app, 'snapshots', id, 'deleted');
  });

  test('os-update_snapshot_status moves a creating snapshot on, with its progress', async () => {
    const id = await newSnapshot();
    const available = await action(id, { 'os-update_snapshot_status': { status: 'error' } });
    assert.equal(
      available.json().badRequest.message,
      'Snapshot status available not allowed for update_snapshot_status',
    );
    await app.db
      .updateTable('snapshots')
      .set({ status: 'creating', progress: '0%' })
      .where('id', '=', id)
      .execute();
    const wrong = await action(id, { 'os-update_snapshot_status': { status: 'deleting' } });
    assert.equal(
      wrong.json().badRequest.message,
      'Provided snapshot status deleting not allowed for snapshot with status creating.',
    );
    const badProgress = await action(id, {
      'os-update_snapshot_status': { status: 'creating', progress: '150%' },
    });
    assert.equal(
      badProgress.json().badRequest.message,
      'Invalid input received: progress must be an integer percentage between 0 and 100',
    );
    const done = await action(id, { 'os-update_snapshot_status': { status: 'available', progress: '90%' } });
    assert.equal(done.statusCode, 202);
    const { snapshot } = await app.json('GET', `/snapshots/${id}`, 200);
    assert.equal(snapshot.status, 'available');
    assert.equal(snapshot['os-extended-snapshot-attributes:progress'], '90%');
  });

  test('unknown actions and bodies naming two are refused', async () => {
    const id = await newSnapshot();
    assert.equal(
      (await action(id, { 'os-frobnicate': {} })).json().badRequest.message,
      'There is no such action: os-frobnicate',
    );
    assert.equal(
      (await action(id, { 'os-force_delete': {}, 'os-reset_status': {} }, 'admin')).statusCode,
      400,
    );
  });
});
