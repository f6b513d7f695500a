import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blockStorageTestApp, type BlockStorageTestApp } from '../../../helpers/block-storage-app.js';

type Message = Record<string, unknown>;

describe('user messages', () => {
  let cinder: BlockStorageTestApp;
  let volumeId: string;
  let requestId: string;
  before(async () => {
    cinder = await blockStorageTestApp();
    // A type no backend can take: the fake backend reports the `nbd` protocol.
    const { volume_type: type } = await cinder.json('POST', '/types', 200, {
      caller: 'admin',
      body: { volume_type: { name: 'bogus', extra_specs: { storage_protocol: 'iSCSI' } } },
    });
    const created = await cinder.request('POST', '/volumes', {
      body: { volume: { size: 1, volume_type: type.id } },
    });
    assert.equal(created.statusCode, 202);
    volumeId = created.json().volume.id;
    requestId = String(created.headers['x-openstack-request-id']);
    await cinder.waitForStatus(`/volumes/${volumeId}`, 'volume', 'error');
  });
  after(() => cinder.close());

  const list = async (query = '', caller = 'member', microversion = '3.5'): Promise<Message[]> =>
    (await cinder.json('GET', `/messages${query}`, 200, { caller, microversion })).messages;

  test('a volume no backend could take leaves its owner a message saying why', async () => {
    const [message] = await list();
    assert.ok(message);
    assert.equal(message.resource_uuid, volumeId);
    assert.equal(message.resource_type, 'VOLUME');
    assert.equal(message.event_id, 'VOLUME_VOLUME_001_003');
    assert.equal(message.message_level, 'ERROR');
    assert.equal(message.request_id, requestId);
    assert.equal(
      message.user_message,
      'schedule allocate volume:Could not find any available weighted backend.',
    );
    const created = Date.parse(`${String(message.created_at)}Z`);
    const until = Date.parse(`${String(message.guaranteed_until)}Z`);
    assert.equal(until - created, 30 * 24 * 3600 * 1000);
    const shown = await cinder.json('GET', `/messages/${String(message.id)}`, 200, { microversion: '3.3' });
    assert.deepEqual(shown.message, message);
  });

  test('other projects do not see it; admins do; filters from 3.5', async () => {
    assert.deepEqual(await list('', 'other'), []);
    assert.equal((await list('', 'admin')).length, 1);
    assert.equal((await list(`?resource_uuid=${volumeId}`)).length, 1);
    assert.equal((await list('?resource_uuid=another')).length, 0);
    assert.equal((await list('?resource_uuid=another', 'member', '3.3')).length, 1);
    const refused = await cinder.request('GET', '/messages?status=x', { microversion: '3.31' });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json().badRequest.message, 'Invalid filters status are found in query options.');
  });

  test('there is no messages API before 3.3', async () => {
    const response = await cinder.request('GET', '/messages');
    assert.equal(response.statusCode, 404);
  });

  test('the owner deletes it; then it is not found', async () => {
    const [message] = await list();
    const path = `/messages/${String(message!.id)}`;
    const elsewhere = await cinder.request('DELETE', path, { caller: 'other', microversion: '3.3' });
    assert.equal(elsewhere.statusCode, 404);
    const deleted = await cinder.request('DELETE', path, { microversion: '3.3' });
    assert.equal(deleted.statusCode, 204);
    const gone = await cinder.request('GET', path, { microversion: '3.3' });
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().itemNotFound.message, `Message ${String(message!.id)} could not be found.`);
  });
});
