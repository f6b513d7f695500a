import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blockStorageTestApp, type BlockStorageTestApp } from '../../../helpers/block-storage-app.js';
import { insertVolumeType } from '../quotas/volume-rows.js';

describe('volume actions: extend, bootable, read-only, retype, reset, force delete', () => {
  let cloud: BlockStorageTestApp;
  before(async () => {
    cloud = await blockStorageTestApp();
  });
  after(() => cloud.close());

  const newVolume = async (size = 1) => {
    const volume = (await cloud.json('POST', '/volumes', 202, { body: { volume: { size } } })).volume;
    await cloud.waitForStatus(`/volumes/${volume.id}`, 'volume', 'available');
    return volume.id as string;
  };
  const act = (id: string, body: unknown, status: number, caller = 'member', microversion?: string) =>
    cloud.json('POST', `/volumes/${id}/action`, status, { body, caller, microversion });
  const show = async (id: string, caller = 'member') =>
    (await cloud.json('GET', `/volumes/${id}`, 200, { caller })).volume;

  test('os-extend grows an available volume, refuses a smaller size', async () => {
    const id = await newVolume(1);
    const smaller = await act(id, { 'os-extend': { new_size: 1 } }, 400);
    assert.equal(
      smaller.badRequest.message,
      'Invalid input received: New size for extend must be greater than current size. (current: 1, extended: 1).',
    );
    await act(id, { 'os-extend': { new_size: '3' } }, 202);
    await cloud.waitForStatus(`/volumes/${id}`, 'volume', 'available');
    assert.equal((await show(id)).size, 3);
  });

  test('os-extend of an in-use volume needs 3.42', async () => {
    const id = await newVolume(1);
    await cloud.db.updateTable('volumes').set({ status: 'in-use' }).where('id', '=', id).execute();
    const refused = await act(id, { 'os-extend': { new_size: 2 } }, 400);
    assert.equal(
      refused.badRequest.message,
      `Invalid volume: Volume ${id} status must be '{'status': 'available'}' to extend, currently in-use.`,
    );
    await act(id, { 'os-extend': { new_size: 2 } }, 202, 'member', '3.42');
    await cloud.waitForStatus(`/volumes/${id}`, 'volume', 'in-use');
    assert.equal((await show(id)).size, 2);
  });

  test('os-set_bootable answers 200 and shows as text', async () => {
    const id = await newVolume();
    await act(id, { 'os-set_bootable': { bootable: true } }, 200);
    assert.equal((await show(id)).bootable, 'true');
    await act(id, { 'os-set_bootable': { bootable: 'false' } }, 200);
    assert.equal((await show(id)).bootable, 'false');
    const bad = await act(id, { 'os-set_bootable': { bootable: 'perhaps' } }, 400);
    assert.match(bad.badRequest.message, /^Invalid input for field\/attribute bootable\. Value: perhaps\./);
  });

  test('os-update_readonly_flag sets the readonly metadata of an available volume', async () => {
    const id = await newVolume();
    await act(id, { 'os-update_readonly_flag': { readonly: true } }, 202);
    assert.deepEqual((await show(id)).metadata, { readonly: 'True' });
    await act(id, { 'os-update_readonly_flag': { readonly: false } }, 202);
    assert.deepEqual((await show(id)).metadata, { readonly: 'False' });
    await cloud.db.updateTable('volumes').set({ status: 'error' }).where('id', '=', id).execute();
    const refused = await act(id, { 'os-update_readonly_flag': { readonly: true } }, 400);
    assert.equal(
      refused.badRequest.message,
      `Invalid volume: Volume ${id} status must be available to update readonly flag, but current status is: error.`,
    );
  });

  test('os-retype changes the type on the same backend; the same type is refused', async () => {
    const id = await newVolume();
    const typeId = await insertVolumeType(cloud.db, 'fast');
    await act(id, { 'os-retype': { new_type: 'fast', migration_policy: 'never' } }, 202);
    assert.equal((await show(id)).volume_type, 'fast');
    const same = await act(id, { 'os-retype': { new_type: typeId } }, 400);
    assert.match(
      same.badRequest.message,
      /^Invalid volume: Retype needs volume to be in available or in-use state/,
    );
    const unknown = await act(id, { 'os-retype': { new_type: 'slow' } }, 404);
    assert.equal(unknown.itemNotFound.message, 'Volume type with name slow could not be found.');
  });

  test('os-reset_status is for admins, with Cinder checks', async () => {
    const id = await newVolume();
    await act(id, { 'os-reset_status': { status: 'error' } }, 403);
    await act(id, { 'os-reset_status': { status: 'error' } }, 202, 'admin');
    assert.equal((await show(id)).status, 'error');
    const deleting = await act(id, { 'os-reset_status': { status: 'deleting' } }, 400, 'admin');
    assert.equal(deleting.badRequest.message, 'Cannot reset-state to deleting');
    const inUse = await act(id, { 'os-reset_status': { status: 'in-use' } }, 400, 'admin');
    assert.equal(
      inUse.badRequest.message,
      'Cannot reset-state to in-use because volume does not have any attachments.',
    );
    const nothing = await act(id, { 'os-reset_status': {} }, 400, 'admin');
    assert.equal(
      nothing.badRequest.message,
      "Must specify 'status', 'attach_status' or 'migration_status' for update.",
    );
    const bogus = await act(id, { 'os-reset_status': { status: 'bogus' } }, 400, 'admin');
    assert.match(
      bogus.badRequest.message,
      /^Volume status: bogus is invalid, valid statuses are: \('creating', /,
    );
    await act(id, { 'os-reset_status': { status: 'available', migration_status: 'none' } }, 202, 'admin');
    const shown = await show(id, 'admin');
    assert.equal(shown.status, 'available');
    assert.equal(shown.migration_status, null);
  });

  test('os-force_delete deletes whatever the status, for admins', async () => {
    const id = await newVolume();
    await cloud.db.updateTable('volumes').set({ status: 'error_deleting' }).where('id', '=', id).execute();
    await act(id, { 'os-force_delete': {} }, 403);
    await act(id, { 'os-force_delete': {} }, 202, 'admin');
    const deadline = Date.now() + 5000;
    while ((await cloud.request('GET', `/volumes/${id}`)).statusCode !== 404) {
      assert.ok(Date.now() < deadline, 'the volume was not deleted');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });

  test('the action body names one known action', async () => {
    const id = await newVolume();
    const unknown = await act(id, { 'os-fly': {} }, 400);
    assert.equal(
      unknown.badRequest.message,
      'There is no such action: os-fly. Verify the request body and Content-Type header and try again.',
    );
    assert.equal((await act(id, { a: {}, b: {} }, 400)).badRequest.message, 'Malformed request body');
    await act('9d2b5a4e-8c40-4b8e-9a55-000000000000', { 'os-set_bootable': { bootable: true } }, 404);
  });
});
