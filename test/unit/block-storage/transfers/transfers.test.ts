import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blockStorageTestApp, type BlockStorageTestApp } from '../../../helpers/block-storage-app.js';
import { PROJECTS } from '../../../helpers/fixed-callers.js';
import { insertSnapshot, insertVolume } from '../quotas/volume-rows.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Response = Awaited<ReturnType<BlockStorageTestApp['request']>>;
const message = (response: Response) =>
  Object.values(response.json() as Record<string, { message: string }>)[0]!.message;

describe('volume transfers', () => {
  let cinder: BlockStorageTestApp;
  before(async () => {
    cinder = await blockStorageTestApp();
  });
  after(() => cinder.close());

  const volumeRow = (id: string) =>
    cinder.db.selectFrom('volumes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const memberVolume = (size = 1) =>
    insertVolume(cinder.db, { projectId: PROJECTS.one, userId: 'u-member', size });

  test('create answers 202 with the auth key once; the volume awaits the transfer', async () => {
    const volumeId = await memberVolume();
    const { transfer } = await cinder.json('POST', '/os-volume-transfer', 202, {
      body: { transfer: { volume_id: volumeId, name: '  move me  ' } },
    });
    assert.deepEqual(Object.keys(transfer).sort(), [
      'auth_key',
      'created_at',
      'id',
      'links',
      'name',
      'volume_id',
    ]);
    assert.match(transfer.id, UUID);
    assert.match(transfer.auth_key, /^[0-9a-f]{16}$/);
    assert.equal(transfer.name, 'move me');
    assert.equal(transfer.volume_id, volumeId);
    assert.match(transfer.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    assert.deepEqual(transfer.links, [
      {
        rel: 'self',
        href: `http://stratus.test/volume/v3/${PROJECTS.one}/os-volume-transfer/${transfer.id}`,
      },
      {
        rel: 'bookmark',
        href: `http://stratus.test/volume/${PROJECTS.one}/os-volume-transfer/${transfer.id}`,
      },
    ]);
    assert.equal((await volumeRow(volumeId)).status, 'awaiting-transfer');
    const shown = await cinder.json('GET', `/os-volume-transfer/${transfer.id}`, 200);
    assert.deepEqual(Object.keys(shown.transfer).sort(), ['created_at', 'id', 'links', 'name', 'volume_id']);
    assert.equal(shown.transfer.auth_key, undefined);
    const stored = await cinder.db
      .selectFrom('transfers')
      .selectAll()
      .where('id', '=', transfer.id)
      .executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(stored).includes(transfer.auth_key));
  });

  test('only an available volume of the caller may be offered', async () => {
    const busy = await insertVolume(cinder.db, { projectId: PROJECTS.one, status: 'in-use' });
    let response = await cinder.request('POST', '/os-volume-transfer', {
      body: { transfer: { volume_id: busy } },
    });
    assert.equal(response.statusCode, 400);
    assert.equal(message(response), 'Invalid volume: status must be available');
    const theirs = await insertVolume(cinder.db, { projectId: PROJECTS.two });
    response = await cinder.request('POST', '/os-volume-transfer', {
      body: { transfer: { volume_id: theirs } },
    });
    assert.equal(response.statusCode, 404);
    assert.equal(message(response), `Volume ${theirs} could not be found.`);
    const volumeId = await memberVolume();
    await insertSnapshot(cinder.db, { volumeId, projectId: PROJECTS.one, status: 'creating' });
    response = await cinder.request('POST', '/os-volume-transfer', {
      body: { transfer: { volume_id: volumeId } },
    });
    assert.equal(response.statusCode, 400);
    assert.match(message(response), /^Invalid snapshot: snapshot: \S+ status must be available$/);
  });

  test('bodies are checked as Cinder checks them', async () => {
    const post = (body: unknown, microversion?: string) =>
      cinder.request('POST', '/volume-transfers', { body, microversion });
    let response = await post({ transfer: {} });
    assert.equal(response.statusCode, 400);
    assert.equal(
      message(response),
      "Invalid input for field/attribute transfer. Value: {}. 'volume_id' is a required property",
    );
    response = await post({ transfer: { volume_id: 'not-a-uuid' } });
    assert.equal(
      message(response),
      "Invalid input for field/attribute volume_id. Value: not-a-uuid. 'not-a-uuid' is not a 'uuid'",
    );
    const volumeId = await memberVolume();
    response = await post({ transfer: { volume_id: volumeId, name: '   ' } });
    assert.equal(
      message(response),
      "Invalid input for field/attribute name. Value:    . '   ' is not valid under any of the given schemas",
    );
    response = await post({ transfer: { volume_id: volumeId, no_snapshots: true } }, '3.54');
    assert.equal(response.statusCode, 400);
    response = await post({ transfer: { volume_id: volumeId, no_snapshots: 'maybe' } }, '3.55');
    assert.equal(response.statusCode, 400);
    assert.equal((await volumeRow(volumeId)).status, 'available');
  });

  test('lists: the summary and the detail, only of the caller unless an admin asks all_tenants', async () => {
    const volumeId = await memberVolume();
    const { transfer } = await cinder.json('POST', '/volume-transfers', 202, {
      body: { transfer: { volume_id: volumeId, name: 'listed' } },
      microversion: '3.55',
    });
    const { transfers } = await cinder.json('GET', '/os-volume-transfer', 200);
    const mine = transfers.find((entry: { id: string }) => entry.id === transfer.id);
    assert.deepEqual(Object.keys(mine).sort(), ['id', 'links', 'name', 'volume_id']);
    const detail = await cinder.json('GET', '/volume-transfers/detail', 200, { microversion: '3.57' });
    const detailed = detail.transfers.find((entry: { id: string }) => entry.id === transfer.id);
    assert.equal(detailed.no_snapshots, false);
    assert.equal(detailed.accepted, false);
    assert.equal(detailed.source_project_id, PROJECTS.one);
    assert.equal(detailed.destination_project_id, null);
    const others = await cinder.json('GET', '/os-volume-transfer', 200, { caller: 'other' });
    assert.ok(!others.transfers.some((entry: { id: string }) => entry.id === transfer.id));
    const response = await cinder.request('GET', `/os-volume-transfer/${transfer.id}`, { caller: 'other' });
    assert.equal(response.statusCode, 404);
    assert.equal(message(response), `Transfer ${transfer.id} could not be found.`);
    const adminOwn = await cinder.json('GET', '/os-volume-transfer', 200, { caller: 'admin' });
    assert.ok(!adminOwn.transfers.some((entry: { id: string }) => entry.id === transfer.id));
    const adminAll = await cinder.json('GET', '/os-volume-transfer?all_tenants=1', 200, { caller: 'admin' });
    assert.ok(adminAll.transfers.some((entry: { id: string }) => entry.id === transfer.id));
    await cinder.json('GET', `/os-volume-transfer/${transfer.id}`, 200, { caller: 'admin' });
    const byName = await cinder.json('GET', '/os-volume-transfer?name=listed', 200);
    assert.deepEqual(
      byName.transfers.map((entry: { id: string }) => entry.id),
      [transfer.id],
    );
  });

  test('from 3.59 lists page with limit and marker', async () => {
    for (let i = 0; i < 3; i++) {
      await cinder.json('POST', '/os-volume-transfer', 202, {
        caller: 'other',
        body: { transfer: { volume_id: await insertVolume(cinder.db, { projectId: PROJECTS.two }) } },
      });
    }
    const first = await cinder.json('GET', '/volume-transfers?limit=2&sort=id:asc', 200, {
      caller: 'other',
      microversion: '3.59',
    });
    assert.equal(first.transfers.length, 2);
    const next = new URL(first.transfers_links[0].href);
    assert.equal(next.pathname, `/volume/v3/${PROJECTS.two}/os-volume-transfer`);
    assert.equal(next.searchParams.get('marker'), first.transfers[1].id);
    const second = await cinder.json(
      'GET',
      `/volume-transfers?limit=2&sort=id:asc&marker=${first.transfers[1].id}`,
      200,
      {
        caller: 'other',
        microversion: '3.59',
      },
    );
    assert.equal(second.transfers.length, 1);
    assert.equal(second.transfers_links, undefined);
    assert.ok(second.transfers[0].id > first.transfers[1].id);
  });

  test('delete gives the volume back to its owner', async () => {
    const volumeId = await memberVolume();
    const { transfer } = await cinder.json('POST', '/os-volume-transfer', 202, {
      body: { transfer: { volume_id: volumeId } },
    });
    assert.equal(
      (await cinder.request('DELETE', `/os-volume-transfer/${transfer.id}`, { caller: 'other' })).statusCode,
      404,
    );
    const response = await cinder.request('DELETE', `/os-volume-transfer/${transfer.id}`);
    assert.equal(response.statusCode, 202);
    assert.equal((await volumeRow(volumeId)).status, 'available');
    assert.equal((await cinder.request('GET', `/os-volume-transfer/${transfer.id}`)).statusCode, 404);
  });

  test('accept with the key moves the volume and its snapshots to the receiver', async () => {
    const volumeId = await memberVolume(2);
    const snapshotId = await insertSnapshot(cinder.db, { volumeId, projectId: PROJECTS.one, size: 2 });
    const { transfer } = await cinder.json('POST', '/volume-transfers', 202, {
      body: { transfer: { volume_id: volumeId, name: 'gift' } },
      microversion: '3.57',
    });
    assert.equal(transfer.accepted, false);
    assert.equal(transfer.no_snapshots, false);
    let response = await cinder.request('POST', `/volume-transfers/${transfer.id}/accept`, {
      caller: 'other',
      body: { accept: { auth_key: 'wrong' } },
    });
    assert.equal(response.statusCode, 400);
    assert.equal(
      message(response),
      `Invalid auth key: Attempt to transfer ${transfer.id} with invalid auth key.`,
    );
    response = await cinder.request('POST', `/volume-transfers/${transfer.id}/accept`, {
      caller: 'other',
      body: { accept: {} },
    });
    assert.equal(response.statusCode, 400);
    const accepted = await cinder.json('POST', `/volume-transfers/${transfer.id}/accept`, 202, {
      caller: 'other',
      body: { accept: { auth_key: transfer.auth_key } },
    });
    assert.deepEqual(Object.keys(accepted.transfer).sort(), ['id', 'links', 'name', 'volume_id']);
    assert.equal(accepted.transfer.name, 'gift');
    const volume = await volumeRow(volumeId);
    assert.equal(volume.status, 'available');
    assert.equal(volume.project_id, PROJECTS.two);
    assert.equal(volume.user_id, 'u-other');
    const snapshot = await cinder.db
      .selectFrom('snapshots')
      .selectAll()
      .where('id', '=', snapshotId)
      .executeTakeFirstOrThrow();
    assert.equal(snapshot.project_id, PROJECTS.two);
    // Done: the transfer is no longer listed nor accepted again.
    assert.equal(
      (await cinder.request('GET', `/volume-transfers/${transfer.id}`, { caller: 'admin' })).statusCode,
      404,
    );
    response = await cinder.request('POST', `/volume-transfers/${transfer.id}/accept`, {
      caller: 'admin',
      body: { accept: { auth_key: transfer.auth_key } },
    });
    assert.equal(response.statusCode, 404);
    const usage = await cinder.json('GET', `/os-quota-sets/${PROJECTS.two}?usage=true`, 200, {
      caller: 'other',
    });
    assert.ok(usage.quota_set.snapshots.in_use >= 1);
  });

  test('no_snapshots (3.55) leaves the snapshots with the giver', async () => {
    const volumeId = await memberVolume();
    const snapshotId = await insertSnapshot(cinder.db, { volumeId, projectId: PROJECTS.one });
    const { transfer } = await cinder.json('POST', '/volume-transfers', 202, {
      body: { transfer: { volume_id: volumeId, no_snapshots: 'true' } },
      microversion: '3.55',
    });
    assert.equal(transfer.no_snapshots, true);
    await cinder.json('POST', `/volume-transfers/${transfer.id}/accept`, 202, {
      caller: 'other',
      body: { accept: { auth_key: transfer.auth_key } },
    });
    assert.equal((await volumeRow(volumeId)).project_id, PROJECTS.two);
    const snapshot = await cinder.db
      .selectFrom('snapshots')
      .selectAll()
      .where('id', '=', snapshotId)
      .executeTakeFirstOrThrow();
    assert.equal(snapshot.project_id, PROJECTS.one);
  });

  test("the receiver's quotas must hold the volume; nothing moves when they do not", async () => {
    const receiver = 'e4444444444444444444444444444444';
    cinder.as('receiver', { userId: 'u-receiver', projectId: receiver });
    await cinder.json('PUT', `/os-quota-sets/${receiver}`, 200, {
      caller: 'admin',
      body: { quota_set: { gigabytes: 3 } },
    });
    const volumeId = await memberVolume(4);
    const { transfer } = await cinder.json('POST', '/os-volume-transfer', 202, {
      body: { transfer: { volume_id: volumeId } },
    });
    let response = await cinder.request('POST', `/os-volume-transfer/${transfer.id}/accept`, {
      caller: 'receiver',
      body: { accept: { auth_key: transfer.auth_key } },
    });
    assert.equal(response.statusCode, 413);
    assert.equal(
      response.json().overLimit.message,
      'Requested volume or snapshot exceeds allowed gigabytes quota. Requested 4G, quota is 3G and 0G has been consumed.',
    );
    assert.equal((await volumeRow(volumeId)).status, 'awaiting-transfer');
    // The snapshots count too, with the volume already the receiver's.
    await cinder.json('PUT', `/os-quota-sets/${receiver}`, 200, {
      caller: 'admin',
      body: { quota_set: { gigabytes: 5 } },
    });
    await insertSnapshot(cinder.db, { volumeId, projectId: PROJECTS.one, size: 4 });
    response = await cinder.request('POST', `/os-volume-transfer/${transfer.id}/accept`, {
      caller: 'receiver',
      body: { accept: { auth_key: transfer.auth_key } },
    });
    assert.equal(response.statusCode, 413);
    assert.equal(
      response.json().overLimit.message,
      'Requested volume or snapshot exceeds allowed gigabytes quota. Requested 4G, quota is 5G and 4G has been consumed.',
    );
    const volume = await volumeRow(volumeId);
    assert.equal(volume.project_id, PROJECTS.one);
    assert.equal(volume.status, 'awaiting-transfer');
  });
  test('as Tempest: a volume made through the API goes to the other project and user', async () => {
    const { volume } = await cinder.json('POST', '/volumes', 202, { body: { volume: { size: 1 } } });
    await cinder.waitForStatus(`/volumes/${volume.id}`, 'volume', 'available');
    const { transfer } = await cinder.json('POST', '/os-volume-transfer', 202, {
      body: { transfer: { volume_id: volume.id } },
    });
    await cinder.waitForStatus(`/volumes/${volume.id}`, 'volume', 'awaiting-transfer');
    const shown = await cinder.json('GET', `/os-volume-transfer/${transfer.id}`, 200);
    assert.equal(shown.transfer.volume_id, volume.id);
    await cinder.json('POST', `/os-volume-transfer/${transfer.id}/accept`, 202, {
      caller: 'other',
      body: { accept: { auth_key: transfer.auth_key } },
    });
    await cinder.waitForStatus(`/volumes/${volume.id}`, 'volume', 'available', { caller: 'other' });
    const accepted = await cinder.json('GET', `/volumes/${volume.id}`, 200, { caller: 'other' });
    assert.equal(accepted.volume.user_id, 'u-other');
    assert.equal(accepted.volume['os-vol-tenant-attr:tenant_id'], PROJECTS.two);
    assert.equal((await cinder.request('GET', `/volumes/${volume.id}`)).statusCode, 404);
  });
});
