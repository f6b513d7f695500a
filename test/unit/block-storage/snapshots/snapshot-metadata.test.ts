import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blockStorageTestApp, type BlockStorageTestApp } from '../../../helpers/block-storage-app.js';
import { makeVolume } from './volume-fixture.js';

// The flows of Tempest's test_snapshot_metadata.
describe('snapshot metadata', () => {
  let app: BlockStorageTestApp;
  let path: string;
  before(async () => {
    app = await blockStorageTestApp();
    const volumeId = await makeVolume(app);
    const { snapshot } = await app.json('POST', '/snapshots', 202, {
      body: { snapshot: { volume_id: volumeId } },
    });
    await app.waitForStatus(`/snapshots/${snapshot.id}`, 'snapshot', 'available');
    path = `/snapshots/${snapshot.id}/metadata`;
  });
  after(() => app.close());

  test('create merges, update replaces, one key is deleted', async () => {
    const metadata = { key1: 'value1', key2: 'value2', key3: 'value3' };
    assert.deepEqual((await app.json('POST', path, 200, { body: { metadata } })).metadata, metadata);
    assert.deepEqual((await app.json('GET', path, 200)).metadata, metadata);
    const update = { key3: 'value3_update', key4: 'value4' };
    assert.deepEqual((await app.json('PUT', path, 200, { body: { metadata: update } })).metadata, update);
    assert.deepEqual((await app.json('GET', path, 200)).metadata, update);
    await app.json('DELETE', `${path}/key3`, 200);
    assert.deepEqual((await app.json('GET', path, 200)).metadata, { key4: 'value4' });
    const gone = await app.request('DELETE', `${path}/key3`);
    assert.equal(gone.statusCode, 404);
    assert.match(gone.json().itemNotFound.message, /has no metadata with key key3\.$/);
    await app.json('PUT', path, 200, { body: { metadata: {} } });
  });

  test('one item is set and shown', async () => {
    await app.json('POST', path, 200, { body: { metadata: { key1: 'value1', key3: 'value3' } } });
    const item = await app.json('PUT', `${path}/key3`, 200, { body: { meta: { key3: 'value3_update' } } });
    assert.deepEqual(item.meta, { key3: 'value3_update' });
    assert.deepEqual((await app.json('GET', `${path}/key3`, 200)).meta, { key3: 'value3_update' });
    assert.deepEqual((await app.json('GET', path, 200)).metadata, { key1: 'value1', key3: 'value3_update' });
    await app.json('GET', `${path}/nokey`, 404);
    await app.json('PUT', path, 200, { body: { metadata: {} } });
  });

  test('bodies are checked as Cinder does', async () => {
    const mismatch = await app.request('PUT', `${path}/key1`, { body: { meta: { other: 'x' } } });
    assert.equal(mismatch.json().badRequest.message, 'Request body and URI mismatch');
    const many = await app.request('PUT', `${path}/key1`, { body: { meta: { key1: 'x', key2: 'y' } } });
    assert.equal(many.json().badRequest.message, 'Request body contains too many items');
    const missing = await app.request('POST', path, { body: { meta: {} } });
    assert.equal(missing.json().badRequest.message, "Missing required element 'metadata' in request body.");
    const long = await app.request('POST', path, { body: { metadata: { key: 'x'.repeat(256) } } });
    assert.equal(long.statusCode, 413);
    const number = await app.request('POST', path, { body: { metadata: { key: 1 } } });
    assert.equal(number.statusCode, 400);
  });

  test("another project's snapshot metadata is not found", async () => {
    await app.json('GET', path, 404, { caller: 'other' });
    await app.json('POST', path, 404, { caller: 'other', body: { metadata: { a: 'b' } } });
  });
});
