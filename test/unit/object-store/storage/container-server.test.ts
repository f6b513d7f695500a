import assert from 'node:assert/strict';
import { appendFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { hashPath, storageDirectory } from '../../../../src/object-store/storage/hash-path.js';
import { bodyOf, jsonOf, nextTimestamp, request, SALT, storageNode } from './storage-fixtures.js';

/** The .pending file of container `AUTH_a/<container>`'s database on device d2, partition 5. */
function pendingFile(root: string, container: string): string {
  const hash = hashPath(SALT, 'AUTH_a', container);
  return join(storageDirectory(join(root, 'd2'), 'containers', 5, hash), `${hash}.db.pending`);
}

type Entry = {
  name?: string;
  subdir?: string;
  bytes?: number;
  hash?: string;
  content_type?: string;
  last_modified?: string;
};

describe('container server', () => {
  let fixture: Awaited<ReturnType<typeof storageNode>>;
  before(async () => {
    fixture = await storageNode();
  });
  after(() => fixture.dispose());

  const handle = (...args: Parameters<typeof request>) => fixture.node.handle(request(...args));
  const putRow = (
    container: string,
    name: string,
    size: number,
    timestamp = nextTimestamp(),
    type = 'text/plain',
  ) =>
    handle(
      'PUT',
      `d2/5/AUTH_a/${container}/${name}`,
      {
        'x-timestamp': timestamp.internal,
        'x-size': String(size),
        'x-content-type': type,
        'x-etag': `etag-${name}`,
      },
      { server: 'container' },
    );
  const deleteRow = (container: string, name: string, timestamp = nextTimestamp()) =>
    handle(
      'DELETE',
      `d2/5/AUTH_a/${container}/${name}`,
      { 'x-timestamp': timestamp.internal },
      { server: 'container' },
    );
  const list = async (container: string, query: Record<string, string> = {}) => {
    const response = await handle('GET', `d2/5/AUTH_a/${container}`, {}, { query });
    assert.equal(response.status, 200);
    return (await jsonOf<Entry[]>(response)).map((entry) => entry.name ?? `subdir:${entry.subdir}`);
  };

  test('PUT creates (201), again accepts (202); HEAD shows stats, timestamps and saved headers', async () => {
    const created = nextTimestamp();
    const first = await handle('PUT', 'd2/5/AUTH_a/photos', {
      'x-timestamp': created.internal,
      'x-container-meta-owner': 'ann',
      'x-container-read': '.r:*,.rlistings',
      'x-container-sysmeta-quota': '10',
      'x-ignored': 'nope',
    });
    assert.equal(first.status, 201);
    const again = await handle('PUT', 'd2/5/AUTH_a/photos', { 'x-timestamp': nextTimestamp().internal });
    assert.equal(again.status, 202);
    await putRow('photos', 'a.jpg', 100);
    await putRow('photos', 'b.jpg', 50);

    const head = await handle('HEAD', 'd2/5/AUTH_a/photos');
    assert.equal(head.status, 204);
    assert.equal(head.headers['x-container-object-count'], '2');
    assert.equal(head.headers['x-container-bytes-used'], '150');
    assert.equal(head.headers['x-timestamp'], created.normal);
    assert.equal(head.headers['x-container-meta-owner'], 'ann');
    assert.equal(head.headers['x-container-read'], '.r:*,.rlistings');
    assert.equal(head.headers['x-container-sysmeta-quota'], '10');
    assert.equal(head.headers['x-ignored'], undefined);
    assert.equal((await handle('HEAD', 'd2/5/AUTH_a/nothing')).status, 404);
    assert.equal((await putRow('nothing', 'x', 1)).status, 404, 'a row for a container not there is 404');
  });

  test('object rows wait in the .pending file, are in every read at once, and merge in bulk', async () => {
    await handle('PUT', 'd2/5/AUTH_a/together', { 'x-timestamp': nextTimestamp().internal });
    const names = Array.from({ length: 40 }, (_, index) => `o${String(index).padStart(2, '0')}`);
    const answers = await Promise.all(names.map((name, index) => putRow('together', name, index)));
    assert.ok(
      answers.every((answer) => answer.status === 201),
      answers.map((a) => a.status).join(','),
    );
    const pending = pendingFile(fixture.root, 'together');
    assert.ok((await stat(pending)).size > 0, 'the rows wait in the pending file');

    // A reader sees every row answered, and the file is emptied into the database.
    const head = await handle('HEAD', 'd2/5/AUTH_a/together');
    assert.equal(head.headers['x-container-object-count'], '40');
    assert.equal(head.headers['x-container-bytes-used'], String((39 * 40) / 2));
    assert.deepEqual(await list('together', { format: 'json' }), names);
    assert.equal((await stat(pending)).size, 0);

    // Rows enough to fill it (Swift's 128 KiB) are merged without a reader.
    const many = Array.from({ length: 600 }, (_, index) => `m${String(index).padStart(3, '0')}`);
    for (const name of many) await putRow('together', name, 1);
    assert.ok((await stat(pending)).size < 128 * 1024);

    // A line cut short (a power cut midway through an append) is skipped, the rest kept.
    await appendFile(pending, '\n{"name":"cut","created_at":"17');
    await putRow('together', 'after', 1);
    const listed = await list('together', { format: 'json', prefix: 'a' });
    assert.deepEqual(listed, ['after']);
    const total = await handle('HEAD', 'd2/5/AUTH_a/together');
    assert.equal(total.headers['x-container-object-count'], String(40 + 600 + 1));
  });

  test('object rows: the newer timestamp wins in any order, deletes are kept as tombstones', async () => {
    await handle('PUT', 'd2/5/AUTH_a/rows', { 'x-timestamp': nextTimestamp().internal });
    const [t1, t2, t3, t4] = [nextTimestamp(), nextTimestamp(), nextTimestamp(), nextTimestamp()];
    await putRow('rows', 'o', 20, t2);
    await putRow('rows', 'o', 10, t1);
    let [entry] = await jsonOf<Entry[]>(await handle('GET', 'd2/5/AUTH_a/rows'));
    assert.equal(entry.bytes, 20);
    assert.equal(entry.last_modified, t2.isoformat);

    await deleteRow('rows', 'o', t4);
    await putRow('rows', 'o', 30, t3);
    assert.deepEqual(await list('rows'), []);
    let head = await handle('HEAD', 'd2/5/AUTH_a/rows');
    assert.equal(head.headers['x-container-object-count'], '0');
    assert.equal(head.headers['x-container-bytes-used'], '0');

    await putRow('rows', 'o', 40, nextTimestamp());
    [entry] = await jsonOf<Entry[]>(await handle('GET', 'd2/5/AUTH_a/rows'));
    assert.equal(entry.bytes, 40);
    head = await handle('HEAD', 'd2/5/AUTH_a/rows');
    assert.equal(head.headers['x-container-object-count'], '1');
    assert.equal(head.headers['x-container-bytes-used'], '40');
  });

  test('an object POST’s row changes the content type and last_modified, not the data', async () => {
    await handle('PUT', 'd2/5/AUTH_a/posts', { 'x-timestamp': nextTimestamp().internal });
    const data = nextTimestamp();
    await putRow('posts', 'o', 5, data, 'text/plain;swift_bytes=999');
    const meta = nextTimestamp();
    await handle(
      'PUT',
      'd2/5/AUTH_a/posts/o',
      {
        'x-timestamp': data.internal,
        'x-size': '5',
        'x-content-type': 'image/png',
        'x-etag': 'etag-o',
        'x-content-type-timestamp': meta.internal,
        'x-meta-timestamp': meta.internal,
      },
      { server: 'container' },
    );
    const [entry] = await jsonOf<Entry[]>(await handle('GET', 'd2/5/AUTH_a/posts'));
    assert.deepEqual(entry, {
      name: 'o',
      hash: 'etag-o',
      bytes: 5,
      content_type: 'image/png',
      last_modified: meta.isoformat,
    });
  });

  test('listings: prefix, delimiter, marker, end_marker, limit, reverse and path, as Swift lists', async () => {
    await handle('PUT', 'd2/5/AUTH_a/tree', { 'x-timestamp': nextTimestamp().internal });
    for (const name of ['a', 'b/1', 'b/2', 'b/c/3', 'c', 'd/', 'd/x', 'e']) await putRow('tree', name, 1);
    assert.deepEqual(await list('tree'), ['a', 'b/1', 'b/2', 'b/c/3', 'c', 'd/', 'd/x', 'e']);
    assert.deepEqual(await list('tree', { delimiter: '/' }), ['a', 'subdir:b/', 'c', 'subdir:d/', 'e']);
    assert.deepEqual(await list('tree', { prefix: 'b/', delimiter: '/' }), ['b/1', 'b/2', 'subdir:b/c/']);
    assert.deepEqual(await list('tree', { prefix: 'b/' }), ['b/1', 'b/2', 'b/c/3']);
    assert.deepEqual(await list('tree', { marker: 'b/2', end_marker: 'd/' }), ['b/c/3', 'c']);
    assert.deepEqual(await list('tree', { limit: '3' }), ['a', 'b/1', 'b/2']);
    assert.deepEqual(await list('tree', { delimiter: '/', limit: '3' }), ['a', 'subdir:b/', 'c']);
    assert.deepEqual(await list('tree', { delimiter: '/', marker: 'b/' }), ['c', 'subdir:d/', 'e']);
    assert.deepEqual(await list('tree', { reverse: 'true', limit: '3' }), ['e', 'd/x', 'd/']);
    assert.deepEqual(await list('tree', { reverse: 'on', delimiter: '/' }), [
      'e',
      'subdir:d/',
      'c',
      'subdir:b/',
      'a',
    ]);
    assert.deepEqual(await list('tree', { reverse: 'true', marker: 'c', end_marker: 'a' }), [
      'b/c/3',
      'b/2',
      'b/1',
    ]);
    assert.deepEqual(await list('tree', { path: 'b' }), ['b/1', 'b/2']);
    assert.deepEqual(await list('tree', { path: 'd' }), ['d/x']);
    const tooMany = await handle('GET', 'd2/5/AUTH_a/tree', {}, { query: { limit: '10001' } });
    assert.equal(tooMany.status, 412);
  });

  test('listings page through many rows and many subdirs', async () => {
    await handle('PUT', 'd2/5/AUTH_a/many', { 'x-timestamp': nextTimestamp().internal });
    const names: string[] = [];
    for (let dir = 0; dir < 30; dir += 1)
      for (let i = 0; i < 5; i += 1) names.push(`dir${String(dir).padStart(2, '0')}/o${i}`);
    for (const name of names) await putRow('many', name, 1);
    const dirs = await list('many', { delimiter: '/' });
    assert.equal(dirs.length, 30);
    assert.equal(dirs[29], 'subdir:dir29/');
    let marker = '';
    const seen: string[] = [];
    for (;;) {
      const page = await list('many', { limit: '40', marker });
      if (page.length === 0) break;
      seen.push(...page);
      marker = page[page.length - 1];
    }
    assert.deepEqual(seen, [...names].sort());
  });

  test('POST metadata: the newer value wins, an empty value removes it', async () => {
    await handle('PUT', 'd2/5/AUTH_a/meta', {
      'x-timestamp': nextTimestamp().internal,
      'x-container-meta-a': '1',
    });
    const earlier = nextTimestamp();
    const later = nextTimestamp();
    const posted = await handle('POST', 'd2/5/AUTH_a/meta', {
      'x-timestamp': later.internal,
      'x-container-meta-a': 'new',
    });
    assert.equal(posted.status, 204);
    await handle('POST', 'd2/5/AUTH_a/meta', {
      'x-timestamp': earlier.internal,
      'x-container-meta-a': 'old',
    });
    assert.equal((await handle('HEAD', 'd2/5/AUTH_a/meta')).headers['x-container-meta-a'], 'new');
    await handle('POST', 'd2/5/AUTH_a/meta', {
      'x-timestamp': nextTimestamp().internal,
      'x-container-meta-a': '',
    });
    assert.equal((await handle('HEAD', 'd2/5/AUTH_a/meta')).headers['x-container-meta-a'], undefined);
    const tooMany: Record<string, string> = { 'x-timestamp': nextTimestamp().internal };
    for (let i = 0; i < 91; i += 1) tooMany[`x-container-meta-k${i}`] = 'v';
    const refused = await handle('POST', 'd2/5/AUTH_a/meta', tooMany);
    assert.equal(refused.status, 400);
    assert.match((await bodyOf(refused)).toString(), /Too many metadata items/);
  });

  test('DELETE: 409 while objects remain, 204 when empty, then 404; a newer PUT brings it back', async () => {
    await handle('PUT', 'd2/5/AUTH_a/doomed', {
      'x-timestamp': nextTimestamp().internal,
      'x-container-meta-x': 'y',
    });
    await putRow('doomed', 'o', 1);
    assert.equal(
      (await handle('DELETE', 'd2/5/AUTH_a/doomed', { 'x-timestamp': nextTimestamp().internal })).status,
      409,
    );
    await deleteRow('doomed', 'o');
    const deletedAt = nextTimestamp();
    assert.equal(
      (await handle('DELETE', 'd2/5/AUTH_a/doomed', { 'x-timestamp': deletedAt.internal })).status,
      204,
    );
    const head = await handle('HEAD', 'd2/5/AUTH_a/doomed');
    assert.equal(head.status, 404);
    assert.equal(head.headers['x-backend-delete-timestamp'], deletedAt.internal);
    assert.equal((await handle('GET', 'd2/5/AUTH_a/doomed')).status, 404);
    assert.equal(
      (await handle('DELETE', 'd2/5/AUTH_a/doomed', { 'x-timestamp': nextTimestamp().internal })).status,
      404,
    );
    assert.equal(
      (await handle('PUT', 'd2/5/AUTH_a/doomed', { 'x-timestamp': nextTimestamp().internal })).status,
      201,
    );
    const back = await handle('HEAD', 'd2/5/AUTH_a/doomed');
    assert.equal(back.status, 204);
    assert.equal(back.headers['x-container-meta-x'], undefined, 'a deleted container’s metadata is gone');
  });
});
