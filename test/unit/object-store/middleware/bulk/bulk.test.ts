import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { objectStoreTestApp, type ObjectStoreTestApp } from '../../../../helpers/object-store-app.js';

async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const archive = pack();
  for (const [name, data] of Object.entries(files)) archive.entry({ name }, data);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

let swift: ObjectStoreTestApp;
before(async () => {
  swift = await objectStoreTestApp();
});
after(() => swift.close());

test('extract-archive stores every file, making the containers', async () => {
  const tar = await tarOf({ 'box/a.txt': 'A', 'box/sub/b.txt': 'B', 'top.txt': 'skipped' });
  const put = await swift.request('PUT', '?extract-archive=tar', {
    body: tar,
    headers: { accept: 'application/json' },
  });
  assert.equal(put.statusCode, 200);
  const answer = JSON.parse(put.body) as Record<string, unknown>;
  assert.equal(answer['Number Files Created'], 2);
  assert.equal(answer['Response Status'], '201 Created');
  assert.equal((await swift.request('GET', '/box/sub/b.txt')).body, 'B');
});

test('extract-archive of a tar.gz into a named container', async () => {
  const tar = gzipSync(await tarOf({ 'x/y.txt': 'Y' }));
  const put = await swift.request('PUT', '/boxed?extract-archive=tar.gz', { body: tar });
  assert.match(put.body, /Number Files Created: 1\n/);
  assert.equal((await swift.request('GET', '/boxed/x/y.txt')).body, 'Y');
  const bad = await swift.request('PUT', '/boxed?extract-archive=tar.gz', { body: 'not gzip' });
  assert.match(bad.body, /Response Status: 400 Bad Request\n/);
  assert.match(bad.body, /Invalid Tar File/);
});

test('bulk-delete deletes objects, then their containers', async () => {
  await swift.request('PUT', '/del');
  await swift.request('PUT', '/del/one', { body: '1' });
  const post = await swift.request('POST', '?bulk-delete', {
    body: 'del/one\ndel/missing\ndel\n',
    headers: { 'content-type': 'text/plain' },
  });
  assert.equal(post.statusCode, 200);
  assert.equal(
    post.body,
    'Number Deleted: 2\nNumber Not Found: 1\nResponse Body: \nResponse Status: 200 OK\nErrors:\n',
  );
  assert.equal((await swift.request('HEAD', '/del')).statusCode, 404);
});

test('/info has the bulk sections', async () => {
  const info = JSON.parse(
    (await swift.app.inject({ method: 'GET', url: '/object-store/info' })).body,
  ) as Record<string, Record<string, number>>;
  assert.equal(info.bulk_delete.max_deletes_per_request, 10000);
  assert.equal(info.bulk_upload.max_failed_extractions, 1000);
});
