import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blockStorageTestApp, type BlockStorageTestApp } from '../../../helpers/block-storage-app.js';

describe('os-force_detach', () => {
  let cinder: BlockStorageTestApp;
  before(async () => {
    cinder = await blockStorageTestApp();
  });
  after(() => cinder.close());

  async function attachedVolume(): Promise<string> {
    const { volume } = await cinder.json('POST', '/volumes', 202, { body: { volume: { size: 1 } } });
    await cinder.waitForStatus(`/volumes/${volume.id}`, 'volume', 'available');
    await cinder.json('POST', `/volumes/${volume.id}/action`, 202, {
      body: { 'os-attach': { instance_uuid: crypto.randomUUID(), mountpoint: '/dev/vdb' } },
    });
    return volume.id as string;
  }

  const action = (id: string, body: unknown, caller = 'admin') =>
    cinder.request('POST', `/volumes/${id}/action`, { caller, body });

  test('rolls back an attachment of a volume in error: available, with no attachment', async () => {
    const id = await attachedVolume();
    const [attachment] = (await cinder.json('GET', `/volumes/${id}`, 200)).volume.attachments;
    await cinder.json('POST', `/volumes/${id}/action`, 202, {
      caller: 'admin',
      body: { 'os-reset_status': { status: 'error' } },
    });
    const response = await action(id, {
      'os-force_detach': { connector: null, attachment_id: attachment.attachment_id },
    });
    assert.equal(response.statusCode, 202);
    const { volume } = await cinder.json('GET', `/volumes/${id}`, 200);
    assert.equal(volume.status, 'available');
    assert.deepEqual(volume.attachments, []);
    // A detach afterwards (Nova's, or a cleanup's) finds nothing to do, as in Cinder.
    await cinder.json('POST', `/volumes/${id}/action`, 202, { body: { 'os-detach': {} } });
    assert.equal((await cinder.json('GET', `/volumes/${id}`, 200)).volume.status, 'available');
  });

  test('without an attachment id, the only attachment; an unknown one only settles the status', async () => {
    const id = await attachedVolume();
    assert.equal((await action(id, { 'os-force_detach': {} })).statusCode, 202);
    assert.equal((await cinder.json('GET', `/volumes/${id}`, 200)).volume.status, 'available');
    assert.equal(
      (await action(id, { 'os-force_detach': { attachment_id: crypto.randomUUID() } })).statusCode,
      202,
    );
  });

  test('admins only, with a body of its schema', async () => {
    const id = await attachedVolume();
    const refused = await action(id, { 'os-force_detach': {} }, 'member');
    assert.equal(refused.statusCode, 403);
    assert.equal(
      refused.json().forbidden.message,
      "Policy doesn't allow volume_extension:volume_admin_actions:force_detach to be performed.",
    );
    const bad = await action(id, { 'os-force_detach': { host: 'x' } });
    assert.equal(bad.statusCode, 400);
    assert.equal((await cinder.json('GET', `/volumes/${id}`, 200)).volume.status, 'in-use');
  });
});
