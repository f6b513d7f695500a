import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blockStorageTestApp, type BlockStorageTestApp } from '../../../helpers/block-storage-app.js';

describe('volume metadata', () => {
  let cloud: BlockStorageTestApp;
  let path: string;
  before(async () => {
    cloud = await blockStorageTestApp();
    const volume = (await cloud.json('POST', '/volumes', 202, { body: { volume: { size: 1 } } })).volume;
    path = `/volumes/${volume.id}/metadata`;
    await cloud.waitForStatus(`/volumes/${volume.id}`, 'volume', 'available');
  });
  after(() => cloud.close());

  test('create merges, update replaces, a key can be read, changed and deleted', async () => {
    const created = await cloud.json('POST', path, 200, {
      body: { metadata: { key1: 'value1', key2: 'value2' } },
    });
    assert.deepEqual(created.metadata, { key1: 'value1', key2: 'value2' });
    const merged = await cloud.json('POST', path, 200, { body: { metadata: { key3: 'value3' } } });
    assert.deepEqual(merged.metadata, { key1: 'value1', key2: 'value2', key3: 'value3' });
    const replaced = await cloud.json('PUT', path, 200, {
      body: { metadata: { key1: 'one', key4: 'four' } },
    });
    assert.deepEqual(replaced.metadata, { key1: 'one', key4: 'four' });
    assert.deepEqual((await cloud.json('GET', path, 200)).metadata, { key1: 'one', key4: 'four' });
    assert.deepEqual((await cloud.json('GET', `${path}/key4`, 200)).meta, { key4: 'four' });
    const item = await cloud.json('PUT', `${path}/key4`, 200, { body: { meta: { key4: 'FOUR' } } });
    assert.deepEqual(item.meta, { key4: 'FOUR' });
    await cloud.json('DELETE', `${path}/key1`, 200);
    assert.deepEqual((await cloud.json('GET', path, 200)).metadata, { key4: 'FOUR' });
    const volumeId = path.split('/')[2];
    const missing = await cloud.json('GET', `${path}/key1`, 404);
    assert.equal(missing.itemNotFound.message, `Volume ${volumeId} has no metadata with key key1.`);
    await cloud.json('DELETE', `${path}/key1`, 404);
  });

  test('bad bodies are refused with Cinder messages', async () => {
    const mismatch = await cloud.json('PUT', `${path}/a`, 400, { body: { meta: { b: '1' } } });
    assert.equal(mismatch.badRequest.message, 'Request body and URI mismatch');
    const many = await cloud.json('PUT', `${path}/a`, 400, { body: { meta: { a: '1', b: '2' } } });
    assert.match(many.badRequest.message, /has too many properties/);
    const longValue = await cloud.json('POST', path, 400, { body: { metadata: { a: 'x'.repeat(256) } } });
    assert.match(longValue.badRequest.message, /^Invalid input for field\/attribute a\. .* is too long$/);
    const badKey = await cloud.json('POST', path, 400, { body: { metadata: { ['k'.repeat(256)]: 'v' } } });
    assert.match(badKey.badRequest.message, /does not match any of the regexes/);
    const noBody = await cloud.json('POST', path, 400, { body: { meta: {} } });
    assert.equal(noBody.badRequest.message, "'metadata' is a required property");
  });

  test('from 3.15 the metadata has an ETag, and a write with a stale If-Match is refused', async () => {
    const response = await cloud.request('GET', path, { microversion: '3.15' });
    const etag = response.headers.etag as string;
    assert.match(etag, /^[0-9a-f]{32}$/);
    await cloud.json('PUT', path, 412, {
      body: { metadata: { x: 'y' } },
      microversion: '3.15',
      headers: { 'if-match': '0123456789abcdef0123456789abcdef' },
    });
    await cloud.json('PUT', path, 200, {
      body: { metadata: { x: 'y' } },
      microversion: '3.15',
      headers: { 'if-match': etag },
    });
  });

  test('another project sees no metadata of the volume', async () => {
    await cloud.json('GET', path, 404, { caller: 'other' });
    await cloud.json('POST', path, 404, { caller: 'other', body: { metadata: { a: 'b' } } });
  });
});
