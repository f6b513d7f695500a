import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { objectStoreTestApp, type ObjectStoreTestApp } from '../../../helpers/object-store-app.js';

let swift: ObjectStoreTestApp;
before(async () => {
  swift = await objectStoreTestApp();
  await swift.request('PUT', '/meta');
});
after(() => swift.close());

test('underscores in metadata names are hyphens, as behind WSGI', async () => {
  await swift.request('PUT', '/under', { headers: { 'x-container-meta-test_container_meta': 'Meta1' } });
  const head = await swift.request('HEAD', '/under');
  assert.equal(head.headers['x-container-meta-test-container-meta'], 'Meta1');
  assert.equal(head.headers['x-container-meta-test_container_meta'], undefined);
});

test("an object's PUT and POST replace its metadata; X-Remove-Object-Meta is not stored", async () => {
  await swift.request('PUT', '/meta/o', { body: 'x', headers: { 'x-object-meta-colour': 'blue' } });
  await swift.request('PUT', '/meta/o', { body: 'x', headers: { 'x-remove-object-meta-colour': 'x' } });
  assert.equal((await swift.request('HEAD', '/meta/o')).headers['x-object-meta-colour'], undefined);
  await swift.request('POST', '/meta/o', { headers: { 'x-object-meta-size': 'big' } });
  await swift.request('POST', '/meta/o', {
    headers: { 'x-remove-object-meta-size': 'x', 'x-object-meta-shape': 'round' },
  });
  const head = await swift.request('HEAD', '/meta/o');
  assert.equal(head.headers['x-object-meta-size'], undefined);
  assert.equal(head.headers['x-object-meta-shape'], 'round');
});

test("a copy's answer tells its source and the new object's metadata", async () => {
  await swift.request('PUT', '/meta/src', { body: 'data', headers: { 'x-object-meta-src': 'kept' } });
  const copied = await swift.request('COPY', '/meta/src', {
    headers: { destination: 'meta/dst', 'x-object-meta-test': '' },
  });
  assert.equal(copied.statusCode, 201, copied.body);
  assert.equal(copied.headers['x-copied-from'], 'meta/src');
  assert.match(String(copied.headers['x-copied-from-account']), /^AUTH_/);
  assert.equal(copied.headers['x-object-meta-src'], 'kept');
  assert.equal(copied.headers['x-object-meta-test'], '');
  const read = await swift.request('GET', '/meta/dst');
  assert.equal(read.headers['x-object-meta-src'], 'kept');
  assert.equal(read.headers['x-object-meta-test'], '');
});
