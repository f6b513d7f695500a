import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROJECTS, volumeCloud, type VolumeCloud } from './volume-cloud.js';

const GiB = 1024 ** 3;

describe("compute with block storage: Cinder's volume-extended event", () => {
  let cloud: VolumeCloud;
  let serverId: string;
  before(async () => {
    cloud = await volumeCloud();
    serverId = (await cloud.boot({})).id as string;
  });
  after(() => cloud.close());

  const extended = (volumeId: string) =>
    cloud.json('POST', '/os-server-external-events', 200, {
      caller: 'admin',
      version: '2.51',
      body: { events: [{ name: 'volume-extended', server_uuid: serverId, tag: volumeId }] },
    });

  test('the attached volume grows in the guest to its new size; the mapping and the action record it', async () => {
    const volume = cloud.cinder.addVolume(PROJECTS.one, { size: 1 });
    await cloud.json('POST', `/servers/${serverId}/os-volume_attachments`, 200, {
      caller: 'member',
      body: { volumeAttachment: { volumeId: volume.id } },
    });
    await cloud.until('attached', () => cloud.cinder.volumes.get(volume.id)?.status === 'in-use');
    // Cinder grew it (`os-extend` of an in-use volume), then tells compute.
    cloud.cinder.volumes.get(volume.id)!.size = 3;
    await extended(volume.id);
    await cloud.until('the guest sees 3 GiB', async () =>
      (await cloud.guestVolumes(serverId)).some(
        (entry) => entry.volumeId === volume.id && entry.sizeBytes === 3 * GiB,
      ),
    );
    const bdm = (await cloud.bdms(serverId)).find((row) => row.volume_id === volume.id)!;
    assert.equal(bdm.volume_size, 3);
    const events = await cloud.actionEvents(serverId, 'extend_volume');
    assert.deepEqual(
      events.map((event) => [event.event, event.result]),
      [['compute_extend_volume', 'Success']],
    );
  });

  test('an event for a volume the server does not have changes nothing', async () => {
    const stranger = cloud.cinder.addVolume(PROJECTS.one, { size: 5 });
    const before = await cloud.guestVolumes(serverId);
    await extended(stranger.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(await cloud.guestVolumes(serverId), before);
  });
});
