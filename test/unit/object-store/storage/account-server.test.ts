import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { jsonOf, nextTimestamp, request, storageNode } from './storage-fixtures.js';

describe('account server', () => {
  let fixture: Awaited<ReturnType<typeof storageNode>>;
  before(async () => {
    fixture = await storageNode();
  });
  after(() => fixture.dispose());

  const handle = (...args: Parameters<typeof request>) => fixture.node.handle(request(...args));
  const report = (
    account: string,
    container: string,
    counts: { objects: number; bytes: number },
    deleted = false,
  ) => {
    const put = nextTimestamp();
    return handle(
      'PUT',
      `d3/1/${account}/${container}`,
      {
        'x-put-timestamp': put.internal,
        'x-delete-timestamp': deleted ? nextTimestamp().internal : '0',
        'x-object-count': String(counts.objects),
        'x-bytes-used': String(counts.bytes),
      },
      { server: 'account' },
    );
  };

  test('PUT creates (201) then accepts (202); container reports make the stats and the listing', async () => {
    const created = nextTimestamp();
    const first = await handle('PUT', 'd3/1/AUTH_p', {
      'x-timestamp': created.internal,
      'x-account-meta-team': 'web',
    });
    assert.equal(first.status, 201);
    assert.equal(
      (await handle('PUT', 'd3/1/AUTH_p', { 'x-timestamp': nextTimestamp().internal })).status,
      202,
    );
    assert.equal((await report('AUTH_p', 'alpha', { objects: 3, bytes: 300 })).status, 201);
    assert.equal((await report('AUTH_p', 'beta', { objects: 1, bytes: 10 })).status, 201);
    assert.equal((await report('AUTH_p', 'alpha', { objects: 4, bytes: 400 })).status, 201);

    const head = await handle('HEAD', 'd3/1/AUTH_p');
    assert.equal(head.status, 204);
    assert.equal(head.headers['x-account-container-count'], '2');
    assert.equal(head.headers['x-account-object-count'], '5');
    assert.equal(head.headers['x-account-bytes-used'], '410');
    assert.equal(head.headers['x-timestamp'], created.normal);
    assert.equal(head.headers['x-account-meta-team'], 'web');

    const listing = await jsonOf<{ name: string; count: number; bytes: number; last_modified: string }[]>(
      await handle('GET', 'd3/1/AUTH_p'),
    );
    assert.deepEqual(
      listing.map(({ name, count, bytes }) => ({ name, count, bytes })),
      [
        { name: 'alpha', count: 4, bytes: 400 },
        { name: 'beta', count: 1, bytes: 10 },
      ],
    );
    assert.match(listing[0].last_modified, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    const filtered = await jsonOf<{ name: string }[]>(
      await handle('GET', 'd3/1/AUTH_p', {}, { query: { prefix: 'b', limit: '5' } }),
    );
    assert.deepEqual(
      filtered.map((entry) => entry.name),
      ['beta'],
    );

    assert.equal((await report('AUTH_p', 'beta', { objects: 0, bytes: 0 }, true)).status, 204);
    const after = await handle('HEAD', 'd3/1/AUTH_p');
    assert.equal(after.headers['x-account-container-count'], '1');
    assert.equal(after.headers['x-account-object-count'], '4');
  });

  test('a report for an account not there is 404; `.`-accounts are made on first use', async () => {
    assert.equal((await report('AUTH_nobody', 'c', { objects: 0, bytes: 0 })).status, 404);
    assert.equal((await report('.expiring_objects', '1700000000', { objects: 1, bytes: 0 })).status, 201);
    assert.equal((await handle('HEAD', 'd3/1/.expiring_objects')).headers['x-account-container-count'], '1');
  });

  test('POST sets metadata (newer wins); DELETE marks it deleted and a PUT is then refused', async () => {
    await handle('PUT', 'd3/1/AUTH_q', { 'x-timestamp': nextTimestamp().internal });
    const older = nextTimestamp();
    const newer = nextTimestamp();
    await handle('POST', 'd3/1/AUTH_q', {
      'x-timestamp': newer.internal,
      'x-account-meta-quota-bytes': '100',
    });
    await handle('POST', 'd3/1/AUTH_q', { 'x-timestamp': older.internal, 'x-account-meta-quota-bytes': '5' });
    await handle('POST', 'd3/1/AUTH_q', {
      'x-timestamp': nextTimestamp().internal,
      'x-account-sysmeta-quota': '7',
    });
    const head = await handle('HEAD', 'd3/1/AUTH_q');
    assert.equal(head.headers['x-account-meta-quota-bytes'], '100');
    assert.equal(head.headers['x-account-sysmeta-quota'], '7');

    assert.equal(
      (await handle('DELETE', 'd3/1/AUTH_q', { 'x-timestamp': nextTimestamp().internal })).status,
      204,
    );
    const gone = await handle('HEAD', 'd3/1/AUTH_q');
    assert.equal(gone.status, 404);
    assert.equal(gone.headers['x-account-status'], 'Deleted');
    assert.equal(
      (await handle('PUT', 'd3/1/AUTH_q', { 'x-timestamp': nextTimestamp().internal })).status,
      403,
    );
    assert.equal((await handle('GET', 'd3/1/AUTH_none')).status, 404);
  });
});
