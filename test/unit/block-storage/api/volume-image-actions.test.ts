import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { Image, ImageClient } from '../../../../src/common/clients/image-client.js';
import { blockStorageTestApp, type BlockStorageTestApp } from '../../../helpers/block-storage-app.js';
import { PROJECTS } from '../../../helpers/fixed-callers.js';

const GIB = 1024 ** 3;

/** An image service in memory: what the block storage service asks of Glance, as the caller. */
function fakeImages() {
  const images = new Map<string, Image>();
  const uploads: string[] = [];
  const add = (fields: Partial<Image> & { id: string; name: string }) => {
    const image: Image = {
      status: 'active',
      visibility: 'public',
      owner: null,
      disk_format: 'qcow2',
      container_format: 'bare',
      size: 1024,
      virtual_size: null,
      checksum: 'abc',
      min_disk: 0,
      min_ram: 0,
      protected: false,
      tags: [],
      ...fields,
    };
    images.set(image.id, image);
    return image;
  };
  const client = {
    getImage: async (id: string) => images.get(id) ?? null,
    listImages: async (filters: Record<string, string>) =>
      [...images.values()].filter((image) => image.name === filters.name),
    download: async () => ({ data: Readable.from([Buffer.alloc(16)]), size: 16, checksum: null }),
    createImage: async (fields: Record<string, unknown>) =>
      add({
        ...(fields as Partial<Image>),
        id: crypto.randomUUID(),
        name: String(fields.name),
        status: 'queued',
      }),
    upload: async (id: string) => {
      uploads.push(id);
      images.get(id)!.status = 'active';
    },
    deleteImage: async (id: string) => images.delete(id),
  };
  return { images, uploads, add, client: client as unknown as ImageClient };
}

describe('volumes and images', () => {
  let cloud: BlockStorageTestApp;
  const glance = fakeImages();
  before(async () => {
    cloud = await blockStorageTestApp({ imagesFor: () => glance.client });
    glance.add({ id: '11111111-2222-3333-4444-555555555555', name: 'cirros', hw_disk_bus: 'virtio' });
    glance.add({
      id: '11111111-2222-3333-4444-666666666666',
      name: 'big',
      min_disk: 3,
      virtual_size: 2 * GIB,
    });
    glance.add({ id: '11111111-2222-3333-4444-777777777777', name: 'twin' });
    glance.add({ id: '11111111-2222-3333-4444-888888888888', name: 'twin' });
  });
  after(() => cloud.close());

  test('a volume from an image (by id, URL or name) is bootable and carries its properties', async () => {
    const byId = (
      await cloud.json('POST', '/volumes', 202, {
        body: { volume: { size: 1, imageRef: '11111111-2222-3333-4444-555555555555' } },
      })
    ).volume;
    await cloud.waitForStatus(`/volumes/${byId.id}`, 'volume', 'available');
    const shown = (await cloud.json('GET', `/volumes/${byId.id}`, 200)).volume;
    assert.equal(shown.bootable, 'true');
    assert.equal(shown.volume_image_metadata.image_id, '11111111-2222-3333-4444-555555555555');
    assert.equal(shown.volume_image_metadata.image_name, 'cirros');
    assert.equal(shown.volume_image_metadata.hw_disk_bus, 'virtio');
    const byName = await cloud.json('POST', '/volumes', 202, {
      body: { volume: { size: 1, image_id: 'cirros' } },
    });
    await cloud.waitForStatus(`/volumes/${byName.volume.id}`, 'volume', 'available');
    const byUrl = await cloud.json('POST', '/volumes', 202, {
      body: { volume: { size: 1, imageRef: 'http://glance/v2/images/11111111-2222-3333-4444-555555555555' } },
    });
    await cloud.waitForStatus(`/volumes/${byUrl.volume.id}`, 'volume', 'available');
  });

  test('the image must fit: min_disk and virtual size; names must be unique, images visible', async () => {
    const small = await cloud.json('POST', '/volumes', 400, {
      body: { volume: { size: 2, imageRef: 'big' } },
    });
    assert.equal(
      small.badRequest.message,
      'Invalid input received: Volume size 2GB cannot be smaller than the image minDisk size 3GB.',
    );
    await cloud.json('POST', '/volumes', 202, { body: { volume: { size: 3, imageRef: 'big' } } });
    const twin = await cloud.json('POST', '/volumes', 409, {
      body: { volume: { size: 1, imageRef: 'twin' } },
    });
    assert.equal(
      twin.conflictingRequest.message,
      "Multiple matches found for 'twin', use an ID to be more specific.",
    );
    const none = await cloud.json('POST', '/volumes', 400, {
      body: { volume: { size: 1, imageRef: 'nothing' } },
    });
    assert.equal(none.badRequest.message, 'Invalid image identifier or unable to access requested image.');
  });

  test('os-volume_upload_image creates the image as the caller and uploads the volume into it', async () => {
    const volume = (
      await cloud.json('POST', '/volumes', 202, {
        body: { volume: { size: 1, imageRef: '11111111-2222-3333-4444-555555555555' } },
      })
    ).volume;
    await cloud.waitForStatus(`/volumes/${volume.id}`, 'volume', 'available');
    const answer = await cloud.json('POST', `/volumes/${volume.id}/action`, 202, {
      body: {
        'os-volume_upload_image': { image_name: 'backup-image', disk_format: 'qcow2', visibility: 'shared' },
      },
      microversion: '3.1',
    });
    const upload = answer['os-volume_upload_image'];
    assert.equal(upload.status, 'uploading');
    assert.equal(upload.image_name, 'backup-image');
    assert.equal(upload.disk_format, 'qcow2');
    assert.equal(upload.container_format, 'bare');
    assert.equal(upload.visibility, 'shared');
    assert.equal(upload.protected, false);
    assert.equal(upload.volume_type.name, '__DEFAULT__');
    const image = glance.images.get(upload.image_id)!;
    assert.equal(image.hw_disk_bus, 'virtio', "the volume's image properties go to the new image");
    await cloud.waitForStatus(`/volumes/${volume.id}`, 'volume', 'available');
    assert.deepEqual(glance.uploads, [upload.image_id]);
  });

  test('uploading needs an available volume; public images need an admin', async () => {
    const volume = (await cloud.json('POST', '/volumes', 202, { body: { volume: { size: 1 } } })).volume;
    await cloud.waitForStatus(`/volumes/${volume.id}`, 'volume', 'available');
    const action = (body: unknown, status: number, microversion = '3.1') =>
      cloud.json('POST', `/volumes/${volume.id}/action`, status, { body, microversion });
    await action({ 'os-volume_upload_image': { image_name: 'p', visibility: 'public' } }, 403);
    await action({ 'os-volume_upload_image': { image_name: 'x', visibility: 'private' } }, 400, '3.0');
    await cloud.db.updateTable('volumes').set({ status: 'in-use' }).where('id', '=', volume.id).execute();
    const refused = await action({ 'os-volume_upload_image': { image_name: 'x' } }, 400);
    assert.equal(refused.badRequest.message, `Invalid volume: Volume ${volume.id} status must be available`);
    await action({ 'os-volume_upload_image': { image_name: 'x', force: true } }, 202);
    await cloud.waitForStatus(`/volumes/${volume.id}`, 'volume', 'in-use');
  });

  test('image metadata: set merges, show lists, unset removes (404 for a key it lacks)', async () => {
    const volume = (await cloud.json('POST', '/volumes', 202, { body: { volume: { size: 1 } } })).volume;
    await cloud.waitForStatus(`/volumes/${volume.id}`, 'volume', 'available');
    const action = (body: unknown, status: number) =>
      cloud.json('POST', `/volumes/${volume.id}/action`, status, { body });
    const set = await action(
      { 'os-set_image_metadata': { metadata: { image_id: 'x', os_distro: 'debian' } } },
      200,
    );
    assert.deepEqual(set.metadata, { image_id: 'x', os_distro: 'debian' });
    assert.deepEqual((await action({ 'os-show_image_metadata': {} }, 200)).metadata, set.metadata);
    const detail = await cloud.json('GET', '/volumes/detail', 200);
    const listed = detail.volumes.find((entry: { id: string }) => entry.id === volume.id);
    assert.deepEqual(listed.volume_image_metadata, set.metadata);
    await action({ 'os-unset_image_metadata': { key: 'os_distro' } }, 200);
    const missing = await action({ 'os-unset_image_metadata': { key: 'os_distro' } }, 404);
    assert.equal(
      missing.itemNotFound.message,
      `Glance metadata for volume/snapshot ${volume.id} cannot be found.`,
    );
    await cloud.json('POST', `/volumes/${volume.id}/action`, 404, {
      caller: 'other',
      body: { 'os-show_image_metadata': {} },
    });
  });

  test('from 3.46 an image of a volume-backed server makes the volume from its boot snapshot', async () => {
    const source = (await cloud.json('POST', '/volumes', 202, { body: { volume: { size: 2 } } })).volume;
    await cloud.waitForStatus(`/volumes/${source.id}`, 'volume', 'available');
    const snapshotId = crypto.randomUUID();
    await cloud.db
      .insertInto('snapshots')
      .values({
        id: snapshotId,
        project_id: PROJECTS.one,
        user_id: 'u-member',
        volume_id: source.id,
        name: null,
        description: null,
        status: 'available',
        progress: '100%',
        volume_size: 2,
        created_at: new Date().toISOString(),
        updated_at: null,
      })
      .execute();
    const mapping = (id: string) =>
      JSON.stringify([{ source_type: 'snapshot', boot_index: 0, snapshot_id: id }]);
    glance.add({
      id: '11111111-2222-3333-4444-999999999999',
      name: 'server-snap',
      block_device_mapping: mapping(snapshotId),
    });
    glance.add({
      id: '11111111-2222-3333-4444-aaaaaaaaaaaa',
      name: 'lost-snap',
      block_device_mapping: mapping(crypto.randomUUID()),
    });
    const volume = (
      await cloud.json('POST', '/volumes', 202, {
        body: { volume: { imageRef: 'server-snap' } },
        microversion: '3.46',
      })
    ).volume;
    assert.equal(volume.snapshot_id, snapshotId);
    assert.equal(volume.size, 2);
    const lost = await cloud.json('POST', '/volumes', 404, {
      body: { volume: { size: 2, imageRef: 'lost-snap' } },
    });
    assert.match(lost.itemNotFound.message, /^Nova specific image is found, but boot volume snapshot id:/);
  });
});
