import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PROJECTS, volumeCloud, type VolumeCloud } from './volume-cloud.js';

describe('compute with block storage: boot from volume', () => {
  let cloud: VolumeCloud;
  before(async () => {
    cloud = await volumeCloud();
  });
  after(() => cloud.close());

  /** What `openstack server create --image X --boot-from-volume N` sends. */
  const imageToVolume = (size: number, deleteOnTermination: boolean) => ({
    imageRef: '',
    block_device_mapping_v2: [
      {
        uuid: cloud.imageId,
        boot_index: 0,
        source_type: 'image',
        destination_type: 'volume',
        volume_size: size,
        delete_on_termination: deleteOnTermination,
      },
    ],
  });

  test("--boot-from-volume: a volume made of the image in the caller's project, the root disk at /dev/vda", async () => {
    const server = await cloud.boot(imageToVolume(1, true));
    const [created] = cloud.cinder.requestsTo('POST', /\/volumes$/);
    assert.equal(created.path, `/v3/${PROJECTS.one}/volumes`);
    assert.equal(created.token, 'member');
    assert.deepEqual(created.body, {
      volume: { size: 1, name: '', description: '', imageRef: cloud.imageId },
    });
    const [bdm] = await cloud.bdms(server.id);
    assert.equal(bdm.boot_index, 0);
    assert.equal(bdm.device_name, '/dev/vda');
    const volume = cloud.cinder.volumes.get(bdm.volume_id!)!;
    assert.equal(volume.status, 'in-use');
    assert.equal(volume.project_id, PROJECTS.one);
    assert.equal(volume.attachments[0].server_id, server.id);
    assert.deepEqual(await cloud.guestVolumes(server.id), [{ volumeId: volume.id, mountpoint: '/dev/vda' }]);
    assert.equal(server.image, '');
    const shown = await cloud.json('GET', `/servers/${server.id}`, 200, { caller: 'member', version: '2.3' });
    assert.deepEqual(shown.server['os-extended-volumes:volumes_attached'], [
      { id: volume.id, delete_on_termination: true },
    ]);
    const root = await cloud.json('GET', `/servers/${server.id}/os-volume_attachments`, 200, {
      caller: 'member',
    });
    assert.deepEqual(root.volumeAttachments, [
      { id: volume.id, volumeId: volume.id, serverId: server.id, device: '/dev/vda' },
    ]);
    const refused = await cloud.json(
      'DELETE',
      `/servers/${server.id}/os-volume_attachments/${volume.id}`,
      400,
      {
        caller: 'member',
      },
    );
    assert.equal(refused.badRequest.message, 'Cannot detach a root device volume');

    await cloud.json('DELETE', `/servers/${server.id}`, 204, { caller: 'member' });
    await cloud.until(
      'the boot volume is deleted with the server',
      () => !cloud.cinder.volumes.has(volume.id),
    );
  });

  test('delete_on_termination false: the volume outlives the server, available, and boots another', async () => {
    const first = await cloud.boot(imageToVolume(2, false));
    const [bdm] = await cloud.bdms(first.id);
    const volumeId = bdm.volume_id!;
    assert.equal(cloud.cinder.volumes.get(volumeId)!.size, 2);
    await cloud.json('DELETE', `/servers/${first.id}`, 204, { caller: 'member' });
    await cloud.until(
      'the volume is available again',
      () => cloud.cinder.volumes.get(volumeId)?.status === 'available',
    );

    const second = await cloud.boot({
      imageRef: '',
      block_device_mapping_v2: [
        { uuid: volumeId, boot_index: 0, source_type: 'volume', destination_type: 'volume' },
      ],
    });
    const [again] = await cloud.bdms(second.id);
    assert.equal(again.volume_id, volumeId);
    assert.equal(again.volume_size, 2);
    assert.equal(cloud.cinder.volumes.get(volumeId)!.attachments[0].server_id, second.id);
    assert.deepEqual(await cloud.guestVolumes(second.id), [{ volumeId, mountpoint: '/dev/vda' }]);
  });

  test('an existing volume must exist and be bootable', async () => {
    const plain = cloud.cinder.addVolume(PROJECTS.one, { bootable: 'false' });
    const create = (volumeId: string) =>
      cloud.json('POST', '/servers', 400, {
        caller: 'member',
        version: '2.37',
        body: {
          server: {
            name: 'vm',
            flavorRef: '1',
            networks: 'none',
            imageRef: '',
            block_device_mapping_v2: [
              { uuid: volumeId, boot_index: 0, source_type: 'volume', destination_type: 'volume' },
            ],
          },
        },
      });
    assert.equal((await create(plain.id)).badRequest.message, `Block Device ${plain.id} is not bootable.`);
    const theirs = cloud.cinder.addVolume(PROJECTS.two, { bootable: 'true' });
    cloud.cinder.volumes.delete(theirs.id);
    assert.equal(
      (await create(theirs.id)).badRequest.message,
      `Block Device Mapping is Invalid: failed to get volume ${theirs.id}.`,
    );
  });

  test("a volume that ends in error: the server in ERROR with Nova's VolumeNotCreated, the volume deleted", async () => {
    cloud.cinder.failCreates = true;
    try {
      const server = await cloud.boot(imageToVolume(1, true), { status: 'ERROR' });
      assert.match(
        server.fault.message,
        /^Volume [0-9a-f-]+ did not finish being created even after we waited \d+ seconds or 1 attempts\. And its status is error\.$/,
      );
      const [bdm] = await cloud.bdms(server.id);
      assert.equal(bdm.volume_id, null);
      assert.equal(
        [...cloud.cinder.volumes.values()].filter((volume) => volume.status === 'error').length,
        0,
        'the failed volume was deleted',
      );
    } finally {
      cloud.cinder.failCreates = false;
    }
  });

  test('a data volume beside an image root: connected at boot on the next free device', async () => {
    const data = cloud.cinder.addVolume(PROJECTS.one);
    const server = await cloud.boot({
      block_device_mapping_v2: [
        { uuid: cloud.imageId, boot_index: 0, source_type: 'image', destination_type: 'local' },
        { uuid: data.id, boot_index: -1, source_type: 'volume', destination_type: 'volume' },
      ],
    });
    assert.deepEqual(await cloud.guestVolumes(server.id), [{ volumeId: data.id, mountpoint: '/dev/vdb' }]);
    assert.equal(cloud.cinder.volumes.get(data.id)!.status, 'in-use');
  });
});
