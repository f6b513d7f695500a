import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { COMPUTE_URL } from '../../../helpers/compute-app.js';
import { PROJECTS } from '../../../helpers/fixed-callers.js';
import { message, serversFixture, type ServersFixture } from './fixtures.js';

describe('server metadata and tags', () => {
  let f: ServersFixture;
  let id: string;
  before(async () => {
    f = await serversFixture();
    id = (await f.create({ metadata: { a: '1' } })).json().server.id;
  });
  after(() => f.close());

  const call = (method: string, path: string, body?: unknown, version?: string) =>
    f.compute.request(method, `/servers/${id}${path}`, { caller: 'member', body, version });
  const activate = () =>
    f.compute.db
      .updateTable('instances')
      .set({ vm_state: 'active', task_state: null, launched_at: new Date().toISOString() })
      .where('uuid', '=', id)
      .execute();

  test('metadata cannot change while the server builds', async () => {
    const response = await call('POST', '/metadata', { metadata: { b: '2' } });
    assert.equal(response.statusCode, 409);
    assert.equal(
      message(response),
      `Cannot 'update metadata' instance ${id} while it is in vm_state building`,
    );
    assert.deepEqual((await call('GET', '/metadata')).json(), { metadata: { a: '1' } });
  });

  test('metadata: merge, replace, one item, delete, within the quota', async () => {
    await activate();
    assert.deepEqual((await call('POST', '/metadata', { metadata: { b: '2' } })).json(), {
      metadata: { a: '1', b: '2' },
    });
    assert.deepEqual((await call('PUT', '/metadata', { metadata: { c: '3' } })).json(), {
      metadata: { c: '3' },
    });
    assert.deepEqual((await call('PUT', '/metadata/d', { meta: { d: '4' } })).json(), { meta: { d: '4' } });
    assert.deepEqual((await call('GET', '/metadata/d')).json(), { meta: { d: '4' } });
    const mismatch = await call('PUT', '/metadata/d', { meta: { e: '5' } });
    assert.equal(mismatch.statusCode, 400);
    assert.equal(message(mismatch), 'Request body and URI mismatch');
    const two = await call('PUT', '/metadata/d', { meta: { d: '4', e: '5' } });
    assert.equal(two.statusCode, 400);
    assert.equal((await call('DELETE', '/metadata/d')).statusCode, 204);
    const missing = await call('GET', '/metadata/d');
    assert.equal(missing.statusCode, 404);
    assert.equal(message(missing), 'Metadata item was not found');
    assert.equal((await call('DELETE', '/metadata/d')).statusCode, 404);
    const badKey = await call('POST', '/metadata', { metadata: { 'bad/key': 'x' } });
    assert.equal(badKey.statusCode, 400);
    await f.compute.request('PUT', `/os-quota-sets/${PROJECTS.one}`, {
      body: { quota_set: { metadata_items: 2 } },
    });
    const over = await call('POST', '/metadata', { metadata: { x: '1', y: '2' } });
    assert.equal(over.statusCode, 403);
    assert.equal(message(over), 'Maximum number of metadata items exceeds 2');
    const detail = await f.compute.request('GET', `/servers/${id}`, { caller: 'member' });
    assert.deepEqual(detail.json().server.metadata, { c: '3' });
  });

  test('tags from 2.26: set, add, check, remove, at most 50', async () => {
    assert.equal((await call('GET', '/tags')).statusCode, 404, 'no tags before 2.26');
    const v = '2.26';
    assert.deepEqual((await call('PUT', '/tags', { tags: ['b', 'a', 'a'] }, v)).json(), { tags: ['a', 'b'] });
    const added = await call('PUT', '/tags/c', undefined, v);
    assert.equal(added.statusCode, 201);
    assert.equal(added.headers.location, `${COMPUTE_URL}/v2.1/servers/${id}/tags/c`);
    assert.equal((await call('PUT', '/tags/c', undefined, v)).statusCode, 204);
    assert.equal((await call('GET', '/tags/c', undefined, v)).statusCode, 204);
    const none = await call('GET', '/tags/zzz', undefined, v);
    assert.equal(none.statusCode, 404);
    assert.equal(message(none), `Server ${id} has no tag 'zzz'`);
    const bad = await call('PUT', '/tags/a,b', undefined, v);
    assert.equal(bad.statusCode, 400);
    assert.equal(
      message(bad),
      "Tag 'a,b' is invalid. It must be a non empty string without characters '/' and ','. Validation error message: 'a,b' does not match '^[^,/]*$'",
    );
    assert.equal((await call('DELETE', '/tags/c', undefined, v)).statusCode, 204);
    const gone = await call('DELETE', '/tags/c', undefined, v);
    assert.equal(gone.statusCode, 404);
    assert.equal(message(gone), `Instance ${id} has no tag 'c'`);
    const shown = await f.compute.request('GET', `/servers/${id}`, { caller: 'member', version: v });
    assert.deepEqual(shown.json().server.tags, ['a', 'b']);
    const many = Array.from({ length: 50 }, (_, i) => `t${i}`);
    assert.equal((await call('PUT', '/tags', { tags: many }, v)).statusCode, 200);
    const full = await call('PUT', '/tags/one-more', undefined, v);
    assert.equal(full.statusCode, 400);
    assert.equal(message(full), 'The number of tags exceeded the per-server limit 50');
    assert.equal((await call('PUT', '/tags', { tags: [...many, 'x'] }, v)).statusCode, 400);
    assert.equal((await call('DELETE', '/tags', undefined, v)).statusCode, 204);
    assert.deepEqual((await call('GET', '/tags', undefined, v)).json(), { tags: [] });
    const theirs = await f.compute.request('GET', `/servers/${id}/tags`, { caller: 'other', version: v });
    assert.equal(theirs.statusCode, 404);
  });
});
