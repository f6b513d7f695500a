import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { blockStorageTestApp, type BlockStorageTestApp } from '../../../helpers/block-storage-app.js';
import { makeVolume } from './volume-fixture.js';

type Snapshot = {
  id: string;
  name: string;
  status: string;
  created_at: string;
  metadata: Record<string, string>;
};

// The cases of Tempest's test_volumes_snapshots_list and test_volumes_snapshots_negative.
describe('snapshot lists', () => {
  let app: BlockStorageTestApp;
  const created: Snapshot[] = [];
  const names = (snapshots: Snapshot[]) => snapshots.map((snapshot) => snapshot.name);
  const list = async (query: string, options = {}) =>
    (await app.json('GET', `/snapshots${query}`, 200, options)).snapshots as Snapshot[];

  before(async () => {
    app = await blockStorageTestApp();
    const volumeId = await makeVolume(app);
    for (const [index, name] of ['bravo', 'alpha', 'charlie'].entries()) {
      const { snapshot } = await app.json('POST', '/snapshots', 202, {
        body: { snapshot: { volume_id: volumeId, name, metadata: { order: String(index) } } },
      });
      await app.waitForStatus(`/snapshots/${snapshot.id}`, 'snapshot', 'available');
      created.push(snapshot);
      // Distinct creation times, so the default order is the creation order reversed.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  });
  after(() => app.close());

  test('by default the newest come first', async () => {
    assert.deepEqual(names(await list('')), ['charlie', 'alpha', 'bravo']);
  });

  test('limit: 1 gives one, 0 none, a large one all', async () => {
    assert.equal((await list('?limit=1')).length, 1);
    assert.equal((await list('?limit=0')).length, 0);
    assert.equal((await list('?limit=100000')).length, 3);
  });

  test('offset skips from the first', async () => {
    assert.equal((await list('?offset=2&limit=3')).length, 1);
    assert.equal(
      (await app.request('GET', '/snapshots?offset=-1')).json().badRequest.message,
      'offset must be >= 0',
    );
  });

  test('the marker lists what comes after it', async () => {
    const all = await list('');
    const after = await list(`?marker=${all[1].id}`);
    assert.deepEqual(names(after), [all[2].name]);
  });

  test('sort by id, name (display_name, or name from 3.30) and created_at, both ways', async () => {
    for (const dir of ['asc', 'desc']) {
      const ids = (await list(`?sort_key=id&sort_dir=${dir}`)).map((snapshot) => snapshot.id);
      const sorted = [...ids].sort();
      assert.deepEqual(ids, dir === 'asc' ? sorted : sorted.reverse());
      const times = (await list(`?sort_key=created_at&sort_dir=${dir}`)).map(
        (snapshot) => snapshot.created_at,
      );
      assert.deepEqual(
        times,
        [...times].sort((a, b) => (dir === 'asc' ? a.localeCompare(b) : b.localeCompare(a))),
      );
    }
    assert.deepEqual(names(await list('?sort_key=display_name&sort_dir=asc')), ['alpha', 'bravo', 'charlie']);
    assert.deepEqual(names(await list('?sort=name:desc', { microversion: '3.30' })), [
      'charlie',
      'bravo',
      'alpha',
    ]);
    const early = await app.request('GET', '/snapshots?sort=name:desc');
    assert.equal(early.json().badRequest.message, 'Invalid input received: Invalid sort key');
  });

  test('bad limit, sort key and marker are refused', async () => {
    const limit = await app.request('GET', '/snapshots?limit=invalid');
    assert.equal(limit.statusCode, 400);
    assert.equal(limit.json().badRequest.message, 'limit param must be an integer');
    assert.equal((await app.request('GET', '/snapshots?sort_key=invalid')).statusCode, 400);
    assert.equal((await app.request('GET', '/snapshots?sort_dir=sideways')).statusCode, 400);
    const marker = crypto.randomUUID();
    const missing = await app.request('GET', `/snapshots?marker=${marker}`);
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().itemNotFound.message, `Snapshot ${marker} could not be found.`);
  });

  test('filters by name and status, in both lists', async () => {
    for (const path of ['', '/detail']) {
      assert.deepEqual(names(await list(`${path}?name=alpha`)), ['alpha']);
      assert.equal((await list(`${path}?status=available&name=alpha`)).length, 1);
      assert.equal((await list(`${path}?status=error`)).length, 0);
    }
  });

  test('filters by metadata from 3.22; unknown filters are dropped before 3.31 and refused after', async () => {
    const metadata = `?metadata=${encodeURIComponent("{'order': '1'}")}`;
    assert.equal((await list(metadata)).length, 3);
    assert.deepEqual(names(await list(metadata, { microversion: '3.22' })), ['alpha']);
    assert.equal((await list('?bogus=1')).length, 3);
    const refused = await app.request('GET', '/snapshots?bogus=1', { microversion: '3.31' });
    assert.equal(refused.json().badRequest.message, 'Invalid filters bogus are found in query options.');
    // An admin may filter by any column; one that is not matches nothing.
    assert.equal((await list('?all_tenants=1&bogus=1', { caller: 'admin' })).length, 0);
    assert.equal((await list(`?all_tenants=1&volume_id=${created[0].id}`, { caller: 'admin' })).length, 0);
  });
});
