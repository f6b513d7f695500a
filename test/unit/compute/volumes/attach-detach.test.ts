import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROJECTS, volumeCloud, type VolumeCloud } from './volume-cloud.js';

describe('compute with block storage: os-volume_attachments', () => {
  let cloud: VolumeCloud;
  let serverId: string;
  before(async () => {
    cloud = await volumeCloud();
    serverId = (await cloud.boot({})).id as string;
  });
  after(() => cloud.close());

  const attach = (volumeId: string, status = 200, extra: Record<string, unknown> = {}) =>
    cloud.json('POST', `/servers/${serverId}/os-volume_attachments`, status, {
      caller: 'member',
      version: '2.79',
      body: { volumeAttachment: { volumeId, ...extra } },
    });
  const detach = (volumeId: string, status = 202) =>
    cloud.json('DELETE', `/servers/${serverId}/os-volume_attachments/${volumeId}`, status, {
      caller: 'member',
    });
  const attached = async (volumeId: string) =>
    (await cloud.guestVolumes(serverId)).some((volume) => volume.volumeId === volumeId) &&
    cloud.cinder.volumes.get(volumeId)?.status === 'in-use';

  test('attach: reserved in Cinder, connected with the host connector, plugged at /dev/vdb, in-use', async () => {
    const volume = cloud.cinder.addVolume(PROJECTS.one);
    const answer = await attach(volume.id, 200, { device: '/dev/vdz', delete_on_termination: true });
    assert.deepEqual(answer.volumeAttachment, {
      id: volume.id,
      serverId,
      volumeId: volume.id,
      device: '/dev/vdb',
      tag: null,
      delete_on_termination: true,
    });
    await cloud.until('the volume is in use in the guest', () => attached(volume.id));
    const [created] = cloud.cinder.requestsTo('POST', /\/attachments$/);
    assert.equal(created.path, `/v3/${PROJECTS.one}/attachments`);
    assert.equal(created.microversion, '3.44');
    assert.equal(created.token, 'member');
    assert.deepEqual(created.body, { attachment: { volume_uuid: volume.id, instance_uuid: serverId } });
    const [updated] = cloud.cinder.requestsTo('PUT', /\/attachments\//);
    assert.equal(updated.microversion, '3.44');
    const connector = updated.body!.attachment.connector;
    assert.equal(connector.host, cloud.host);
    assert.equal(connector.mountpoint, '/dev/vdb');
    assert.equal(connector.do_local_attach, false);
    assert.equal(typeof connector.initiator, 'string');
    const [completed] = cloud.cinder.requestsTo('POST', /\/attachments\/[^/]+\/action$/);
    assert.deepEqual(completed.body, { 'os-complete': null });
    const bdm = (await cloud.bdms(serverId)).find((row) => row.volume_id === volume.id)!;
    assert.equal(bdm.device_name, '/dev/vdb');
    assert.equal(bdm.delete_on_termination, 1);
    assert.equal(bdm.attachment_id, cloud.cinder.volumes.get(volume.id)!.attachments[0].attachment_id);
    assert.deepEqual(JSON.parse(bdm.connection_info!), {
      volumeId: volume.id,
      driverVolumeType: 'local',
      data: { device_path: `/dev/fake-volumes/${volume.id}`, format: 'raw', access_mode: 'rw' },
    });
    const listed = await cloud.json('GET', `/servers/${serverId}/os-volume_attachments`, 200, {
      caller: 'member',
      version: '2.89',
    });
    assert.deepEqual(listed.volumeAttachments, [
      {
        volumeId: volume.id,
        serverId,
        device: '/dev/vdb',
        tag: null,
        delete_on_termination: true,
        attachment_id: bdm.attachment_id,
        bdm_uuid: bdm.uuid,
      },
    ]);
    const events = await cloud.actionEvents(serverId, 'attach_volume');
    assert.deepEqual(
      events.map((event) => [event.event, event.result]),
      [['compute_attach_volume', 'Success']],
    );
  });

  test('the next volume takes the next device; the same volume twice is refused', async () => {
    const volume = cloud.cinder.addVolume(PROJECTS.one);
    const answer = await attach(volume.id);
    assert.equal(answer.volumeAttachment.device, '/dev/vdc');
    await cloud.until('the second volume is in use', () => attached(volume.id));
    const again = await attach(volume.id, 400);
    assert.equal(
      again.badRequest.message,
      `Invalid volume: volume ${volume.id} is already attached to instances: ${serverId}`,
    );
  });

  test("a volume that does not exist, or another project's, is Nova's 404", async () => {
    const theirs = cloud.cinder.addVolume(PROJECTS.two);
    cloud.cinder.volumes.delete(theirs.id);
    const missing = await attach(theirs.id, 404);
    assert.equal(missing.itemNotFound.message, `Volume ${theirs.id} could not be found.`);
  });

  test("a volume Cinder will not reserve: Cinder's 400 as Nova's InvalidInput, nothing recorded", async () => {
    const busy = cloud.cinder.addVolume(PROJECTS.one, { status: 'error' });
    const refused = await attach(busy.id, 400);
    assert.match(
      refused.badRequest.message,
      new RegExp(
        `^Invalid input received: Invalid volume: Volume ${busy.id} status must be available or downloading to reserve, but the current status is error. \\(HTTP 400\\) \\(Request-ID: req-fake\\)$`,
      ),
    );
    assert.equal((await cloud.bdms(serverId)).filter((bdm) => bdm.volume_id === busy.id).length, 0);
  });

  test('a multiattach volume needs 2.60', async () => {
    const shared = cloud.cinder.addVolume(PROJECTS.one, { multiattach: true });
    const old = await cloud.json('POST', `/servers/${serverId}/os-volume_attachments`, 400, {
      caller: 'member',
      version: '2.59',
      body: { volumeAttachment: { volumeId: shared.id } },
    });
    assert.equal(
      old.badRequest.message,
      'Multiattach volumes are only supported starting with compute API version 2.60.',
    );
    assert.equal(cloud.cinder.volumes.get(shared.id)!.status, 'available');
  });

  test('a plug the hypervisor refuses takes everything back: attachment, mapping, the volume available', async () => {
    const volume = cloud.cinder.addVolume(PROJECTS.one);
    const before = (await cloud.bdms(serverId)).length;
    // The fake hypervisor refuses a device name it already has: make the next free one look taken.
    await cloud.compute.db
      .updateTable('block_device_mappings')
      .set({ device_name: '/dev/vdd' })
      .where('instance_uuid', '=', serverId)
      .where('device_name', '=', '/dev/vdc')
      .execute();
    await attach(volume.id);
    await cloud.until('the failed attach is rolled back', async () => {
      const events = await cloud.actionEvents(serverId, 'attach_volume');
      return events.some((event) => event.result === 'Error');
    });
    assert.equal((await cloud.bdms(serverId)).length, before);
    assert.equal(cloud.cinder.volumes.get(volume.id)!.status, 'available');
    assert.equal([...cloud.cinder.attachments.values()].filter((a) => a.volume_id === volume.id).length, 0);
    const server = await cloud.json('GET', `/servers/${serverId}`, 200, { caller: 'member' });
    assert.equal(server.server.status, 'ACTIVE');
    // Put the device back as it was for the tests that follow.
    await cloud.compute.db
      .updateTable('block_device_mappings')
      .set({ device_name: '/dev/vdc' })
      .where('instance_uuid', '=', serverId)
      .where('device_name', '=', '/dev/vdd')
      .execute();
  });

  test('detach: unplugged, the attachment deleted, the volume available, the mapping gone', async () => {
    const volume = cloud.cinder.addVolume(PROJECTS.one);
    const device = (await attach(volume.id)).volumeAttachment.device as string;
    await cloud.until('the volume is in use', () => attached(volume.id));
    await detach(volume.id);
    assert.ok(cloud.cinder.requestsTo('POST', new RegExp(`/volumes/${volume.id}/action$`)).length > 0);
    await cloud.until('the volume is available again', async () => {
      const gone = !(await cloud.guestVolumes(serverId)).some((entry) => entry.volumeId === volume.id);
      return gone && cloud.cinder.volumes.get(volume.id)?.status === 'available';
    });
    assert.equal((await cloud.bdms(serverId)).filter((bdm) => bdm.volume_id === volume.id).length, 0);
    assert.equal(cloud.cinder.volumes.get(volume.id)!.attachments.length, 0);
    await cloud.json('GET', `/servers/${serverId}/os-volume_attachments/${volume.id}`, 404, {
      caller: 'member',
    });
    // The device is free for the next volume.
    const next = cloud.cinder.addVolume(PROJECTS.one);
    assert.equal((await attach(next.id)).volumeAttachment.device, device);
  });

  test("a detach Cinder refuses (the volume not in-use) is Nova's InvalidVolume; the volume stays", async () => {
    const volume = cloud.cinder.addVolume(PROJECTS.one);
    await attach(volume.id);
    await cloud.until('the volume is in use', () => attached(volume.id));
    cloud.cinder.volumes.get(volume.id)!.status = 'error';
    const refused = await detach(volume.id, 400);
    assert.equal(
      refused.badRequest.message,
      "Invalid volume: Invalid input received: Invalid volume: Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach. (HTTP 400) (Request-ID: req-fake)",
    );
    assert.equal((await cloud.bdms(serverId)).filter((bdm) => bdm.volume_id === volume.id).length, 1);
    const unknown = cloud.cinder.addVolume(PROJECTS.one);
    const missing = await detach(unknown.id, 404);
    assert.equal(
      missing.itemNotFound.message,
      `Instance ${serverId} is not attached to volume ${unknown.id}`,
    );
  });

  test('deleting the server lets its volumes go and deletes those marked delete_on_termination', async () => {
    const kept = cloud.cinder.addVolume(PROJECTS.one);
    const doomed = cloud.cinder.addVolume(PROJECTS.one);
    const server = (await cloud.boot({})).id as string;
    for (const [volume, deleteOnTermination] of [
      [kept, false],
      [doomed, true],
    ] as const) {
      await cloud.json('POST', `/servers/${server}/os-volume_attachments`, 200, {
        caller: 'member',
        version: '2.79',
        body: { volumeAttachment: { volumeId: volume.id, delete_on_termination: deleteOnTermination } },
      });
      await cloud.until('attached', () => cloud.cinder.volumes.get(volume.id)?.status === 'in-use');
    }
    await cloud.json('DELETE', `/servers/${server}`, 204, { caller: 'member' });
    await cloud.until('the volumes are let go', () => !cloud.cinder.volumes.has(doomed.id));
    assert.equal(cloud.cinder.volumes.get(kept.id)!.status, 'available');
    assert.equal(cloud.cinder.volumes.get(kept.id)!.attachments.length, 0);
  });
});
