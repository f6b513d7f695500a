import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { actionsFixture, faultMessage, MEMBER, PROJECTS, type ActionsFixture } from './fixtures.js';

describe('createImage, createBackup and shelve: images in the image service as the caller', () => {
  let fx: ActionsFixture;
  before(async () => {
    fx = await actionsFixture();
  });
  after(() => fx.close());

  const image = async (id: string, caller = 'member') => {
    const response = await fx.compute.image.request('GET', `/v2/images/${id}`, caller);
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as Record<string, unknown>;
  };

  test("from 2.45 the answer is {image_id}; the image is the caller's, queued, with Nova's properties", async () => {
    const base = '11111111-2222-3333-4444-555555555555';
    const uuid = await fx.server({ image_ref: base });
    const response = await fx.action(
      uuid,
      { createImage: { name: 'snap', metadata: { purpose: 'test' } } },
      { version: '2.45' },
    );
    assert.equal(response.statusCode, 202, response.body);
    assert.equal(response.headers.location, undefined);
    const { image_id: imageId } = response.json() as { image_id: string };
    const snapshot = await image(imageId);
    assert.equal(snapshot.name, 'snap');
    assert.equal(snapshot.status, 'queued');
    assert.equal(snapshot.visibility, 'private');
    assert.equal(snapshot.owner, PROJECTS.one);
    assert.equal(snapshot.min_ram, 0);
    assert.equal(snapshot.min_disk, 1);
    // A snapshot's formats are left to the upload.
    assert.equal(snapshot.disk_format, null);
    assert.equal(snapshot.container_format, null);
    for (const [key, value] of Object.entries({
      image_type: 'snapshot',
      instance_uuid: uuid,
      user_id: MEMBER,
      base_image_ref: base,
      hw_disk_bus: 'virtio',
      owner_project_name: 'one',
      purpose: 'test',
    })) {
      assert.equal(snapshot[key], value, key);
    }
    const cast = await fx.next('snapshot_instance');
    assert.equal(cast.args.imageId, imageId);
  });

  test('before 2.45: 202, no body, the image URL in Location', async () => {
    const uuid = await fx.server();
    const response = await fx.action(uuid, { createImage: { name: 'old-style' } }, { version: '2.44' });
    assert.equal(response.statusCode, 202);
    assert.equal(response.body, '');
    const location = String(response.headers.location);
    assert.match(location, /^http:\/\/stratus\.test\/image\/images\/[0-9a-f-]{36}$/);
    assert.equal((await image(location.split('/').at(-1)!)).name, 'old-style');
  });

  test("an admin's snapshot of another project's server is shared, naming the owner", async () => {
    const uuid = await fx.server();
    const response = await fx.action(
      uuid,
      { createImage: { name: 'by-admin' } },
      { caller: 'admin', version: '2.45' },
    );
    assert.equal(response.statusCode, 202, response.body);
    const snapshot = await image((response.json() as { image_id: string }).image_id, 'admin');
    assert.equal(snapshot.visibility, 'shared');
    assert.equal(snapshot.instance_owner, PROJECTS.one);
    assert.equal(snapshot.user_id, 'u-admin');
  });

  test('a refused createImage leaves no image behind', async () => {
    const uuid = await fx.server({ vm_state: 'rescued' });
    const before = (await fx.compute.image.request('GET', '/v2/images', 'member')).json().images.length;
    const response = await fx.action(uuid, { createImage: { name: 'nope' } });
    assert.equal(response.statusCode, 409);
    const after = (await fx.compute.image.request('GET', '/v2/images', 'member')).json().images.length;
    assert.equal(after, before);
  });

  test('createImage validates its body as Nova', async () => {
    const uuid = await fx.server();
    const noName = await fx.action(uuid, { createImage: {} });
    assert.equal(noName.statusCode, 400);
    assert.equal(
      faultMessage(noName),
      "Invalid input for field/attribute createImage. Value: {}. 'name' is a required property",
    );
    const badMeta = await fx.action(uuid, { createImage: { name: 'x', metadata: { k: 1 } } });
    assert.equal(badMeta.statusCode, 400);
  });

  test('createBackup keeps the formats, adds backup_type, and passes the rotation', async () => {
    const uuid = await fx.server();
    const response = await fx.action(
      uuid,
      { createBackup: { name: 'nightly', backup_type: 'daily', rotation: '3' } },
      { version: '2.1' },
    );
    assert.equal(response.statusCode, 202, response.body);
    const location = String(response.headers.location);
    assert.match(location, /^http:\/\/stratus\.test\/compute\/v2\.1\/images\/[0-9a-f-]{36}$/);
    const backup = await image(location.split('/').at(-1)!);
    assert.equal(backup.image_type, 'backup');
    assert.equal(backup.backup_type, 'daily');
    assert.equal(backup.disk_format, 'qcow2');
    assert.equal(backup.container_format, 'bare');
    const cast = await fx.next('backup_instance');
    assert.deepEqual([cast.args.backupType, cast.args.rotation], ['daily', 3]);
  });

  test('shelve snapshots an image-backed server into "<name>-shelved" and offloads it', async () => {
    const uuid = await fx.server();
    fx.received.length = 0;
    const response = await fx.action(uuid, { shelve: null });
    assert.equal(response.statusCode, 202);
    const cast = await fx.next('shelve_instance');
    assert.equal(cast.args.offload, true);
    assert.equal((await image(String(cast.args.imageId))).name, 'vm-shelved');
  });
});
