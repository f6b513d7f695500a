import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blockStorageTestApp, type BlockStorageTestApp } from '../../../helpers/block-storage-app.js';

const V = '3.44';
const connector = { host: 'compute-1', ip: '192.0.2.10', initiator: 'iqn.test', mountpoint: '/dev/vdb' };

describe('the attachments API', () => {
  let app: BlockStorageTestApp;
  before(async () => {
    app = await blockStorageTestApp({
      configure: (config) => (config.volume.quota = { ...config.volume.quota, volumes: -1, gigabytes: -1 }),
    });
  });
  after(() => app.close());

  async function newVolume(): Promise<string> {
    const { volume } = await app.json('POST', '/volumes', 202, { body: { volume: { size: 1 } } });
    await app.waitForStatus(`/volumes/${volume.id}`, 'volume', 'available');
    return volume.id;
  }

  const volumeOf = async (id: string) => (await app.json('GET', `/volumes/${id}`, 200)).volume;

  test('reserve, connect, complete and delete, as Nova drives them', async () => {
    const volumeId = await newVolume();
    const server = crypto.randomUUID();
    const { attachment } = await app.json('POST', '/attachments', 200, {
      microversion: V,
      body: { attachment: { volume_uuid: volumeId, instance_uuid: server } },
    });
    assert.equal(attachment.status, 'reserved');
    assert.equal(attachment.instance, server);
    assert.deepEqual(attachment.connection_info, {});
    assert.equal((await volumeOf(volumeId)).status, 'reserved');

    const second = await app.request('POST', '/attachments', {
      microversion: V,
      body: { attachment: { volume_uuid: volumeId, instance_uuid: crypto.randomUUID() } },
    });
    assert.equal(second.statusCode, 400);
    assert.equal(
      second.json().badRequest.message,
      `Invalid volume: Volume ${volumeId} status must be available or downloading to reserve, but the current status is reserved.`,
    );

    const updated = await app.json('PUT', `/attachments/${attachment.id}`, 200, {
      microversion: V,
      body: { attachment: { connector } },
    });
    assert.equal(updated.attachment.status, 'attaching');
    assert.equal(updated.attachment.attach_mode, 'rw');
    assert.equal(updated.attachment.connection_info.driver_volume_type, 'nbd');
    assert.equal(updated.attachment.connection_info.attachment_id, attachment.id);
    assert.equal(updated.attachment.connection_info.name, `volume-${volumeId}`);
    assert.notEqual(updated.attachment.attached_at, '');
    assert.equal((await volumeOf(volumeId)).status, 'attaching');

    await app.json('POST', `/attachments/${attachment.id}/action`, 204, {
      microversion: V,
      body: { 'os-complete': null },
    });
    const attached = await volumeOf(volumeId);
    assert.equal(attached.status, 'in-use');
    assert.deepEqual(
      attached.attachments.map((a: { attachment_id: string; server_id: string }) => [
        a.attachment_id,
        a.server_id,
      ]),
      [[attachment.id, server]],
    );
    const shown = await app.json('GET', `/attachments/${attachment.id}`, 200, { microversion: V });
    assert.equal(shown.attachment.status, 'attached');

    const deleted = await app.json('DELETE', `/attachments/${attachment.id}`, 200, { microversion: V });
    assert.deepEqual(deleted, { attachments: [] });
    const detached = await volumeOf(volumeId);
    assert.equal(detached.status, 'available');
    assert.deepEqual(detached.attachments, []);
    assert.equal(
      (await app.request('GET', `/attachments/${attachment.id}`, { microversion: V })).statusCode,
      404,
    );
  });

  test('an attachment made with a connector is connected at once, in the mode asked (3.54)', async () => {
    const volumeId = await newVolume();
    const { attachment } = await app.json('POST', '/attachments', 200, {
      microversion: '3.54',
      body: {
        attachment: { volume_uuid: volumeId, instance_uuid: crypto.randomUUID(), connector, mode: 'ro' },
      },
    });
    assert.equal(attachment.status, 'attaching');
    assert.equal(attachment.attach_mode, 'ro');
    assert.equal(attachment.connection_info.attachment_id, attachment.id);
    const modeTooEarly = await app.request('POST', '/attachments', {
      microversion: V,
      body: { attachment: { volume_uuid: volumeId, mode: 'ro' } },
    });
    assert.equal(modeTooEarly.statusCode, 400);
    await app.json('DELETE', `/attachments/${attachment.id}`, 200, { microversion: V });
    assert.equal((await volumeOf(volumeId)).status, 'available');
  });

  test('lists, filters, project scoping and microversions', async () => {
    const volumeId = await newVolume();
    const server = crypto.randomUUID();
    const { attachment } = await app.json('POST', '/attachments', 200, {
      microversion: V,
      body: { attachment: { volume_uuid: volumeId, instance_uuid: server } },
    });
    const summary = await app.json('GET', `/attachments?instance_id=${server}`, 200, { microversion: V });
    assert.deepEqual(summary.attachments, [
      { id: attachment.id, status: 'reserved', instance: server, volume_id: volumeId },
    ]);
    const detail = await app.json('GET', `/attachments/detail?volume_id=${volumeId}&status=reserved`, 200, {
      microversion: V,
    });
    assert.deepEqual(Object.keys(detail.attachments[0]).sort(), [
      'attach_mode',
      'attached_at',
      'connection_info',
      'detached_at',
      'id',
      'instance',
      'status',
      'volume_id',
    ]);
    assert.equal(
      (await app.json('GET', '/attachments?status=attached&volume_id=' + volumeId, 200, { microversion: V }))
        .attachments.length,
      0,
    );
    assert.equal(
      (await app.json('GET', '/attachments', 200, { microversion: V, caller: 'other' })).attachments.length,
      0,
    );
    assert.equal(
      (await app.request('GET', `/attachments/${attachment.id}`, { microversion: V, caller: 'other' }))
        .statusCode,
      404,
    );
    const all = await app.json('GET', '/attachments?all_tenants=1', 200, {
      microversion: V,
      caller: 'admin',
    });
    assert.ok(all.attachments.some((a: { id: string }) => a.id === attachment.id));
    assert.equal((await app.request('GET', '/attachments', { microversion: '3.26' })).statusCode, 404);
    const early = await app.request('POST', `/attachments/${attachment.id}/action`, {
      microversion: '3.43',
      body: { 'os-complete': null },
    });
    assert.equal(early.statusCode, 404);
    const missing = await app.request('POST', '/attachments', {
      microversion: V,
      body: { attachment: { volume_uuid: crypto.randomUUID() } },
    });
    assert.equal(missing.statusCode, 404);
    await app.db.updateTable('volumes').set({ status: 'error' }).where('id', '=', volumeId).execute();
    const inError = await app.request('PUT', `/attachments/${attachment.id}`, {
      microversion: V,
      body: { attachment: { connector } },
    });
    assert.equal(inError.statusCode, 409);
  });

  test("the old attach flow's volume actions", async () => {
    const volumeId = await newVolume();
    const action = (body: unknown, status: number) =>
      app.json('POST', `/volumes/${volumeId}/action`, status, { body });
    await action({ 'os-reserve': {} }, 202);
    assert.equal((await volumeOf(volumeId)).status, 'attaching');
    const { connection_info: info } = await action({ 'os-initialize_connection': { connector } }, 200);
    assert.equal(info.driver_volume_type, 'nbd');
    await action({ 'os-attach': { instance_uuid: crypto.randomUUID(), mountpoint: '/dev/vdb' } }, 202);
    assert.equal((await volumeOf(volumeId)).status, 'in-use');
    await action({ 'os-begin_detaching': {} }, 202);
    assert.equal((await volumeOf(volumeId)).status, 'detaching');
    await action({ 'os-roll_detaching': {} }, 202);
    assert.equal((await volumeOf(volumeId)).status, 'in-use');
    await action({ 'os-detach': {} }, 202);
    await action({ 'os-terminate_connection': { connector } }, 202);
    const volume = await volumeOf(volumeId);
    assert.equal(volume.status, 'available');
    assert.deepEqual(volume.attachments, []);
    const refused = await app.request('POST', `/volumes/${volumeId}/action`, {
      body: { 'os-begin_detaching': {} },
    });
    assert.equal(refused.statusCode, 400);
  });
});
