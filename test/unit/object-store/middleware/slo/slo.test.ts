import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { objectStoreTestApp, type ObjectStoreTestApp } from '../../../../helpers/object-store-app.js';

const md5 = (data: string) => createHash('md5').update(data).digest('hex');

let swift: ObjectStoreTestApp;
before(async () => {
  swift = await objectStoreTestApp();
  await swift.request('PUT', '/slo');
  await swift.request('PUT', '/slo/seg1', { body: 'hello ' });
  await swift.request('PUT', '/slo/seg2', { body: 'world' });
});
after(() => swift.close());

const manifest = JSON.stringify([
  { path: '/slo/seg1', etag: md5('hello '), size_bytes: 6 },
  { path: '/slo/seg2', etag: md5('world'), size_bytes: 5 },
]);
const sloEtag = `"${md5(md5('hello ') + md5('world'))}"`;

test('a manifest PUT stores a large object that reads as its segments', async () => {
  const put = await swift.request('PUT', '/slo/big?multipart-manifest=put', { body: manifest });
  assert.equal(put.statusCode, 201);
  assert.equal(put.headers.etag, sloEtag);
  const get = await swift.request('GET', '/slo/big');
  assert.equal(get.statusCode, 200);
  assert.equal(get.body, 'hello world');
  assert.equal(get.headers.etag, sloEtag);
  assert.equal(get.headers['x-static-large-object'], 'True');
  const head = await swift.request('HEAD', '/slo/big');
  assert.equal(head.headers['content-length'], '11');
  const range = await swift.request('GET', '/slo/big', { headers: { range: 'bytes=4-7' } });
  assert.equal(range.statusCode, 206);
  assert.equal(range.body, 'o wo');
  assert.equal(range.headers['content-range'], 'bytes 4-7/11');
  const listing = await swift.request('GET', '/slo?format=json');
  const entry = (JSON.parse(listing.body) as { name: string; bytes: number }[]).find(
    (item) => item.name === 'big',
  );
  assert.equal(entry?.bytes, 11);
});

test('multipart-manifest=get gives the stored manifest', async () => {
  const get = await swift.request('GET', '/slo/big?multipart-manifest=get');
  const stored = JSON.parse(get.body) as { name: string; hash: string; bytes: number }[];
  assert.deepEqual(
    stored.map(({ name, hash, bytes }) => ({ name, hash, bytes })),
    [
      { name: '/slo/seg1', hash: md5('hello '), bytes: 6 },
      { name: '/slo/seg2', hash: md5('world'), bytes: 5 },
    ],
  );
});

test("bad segments are refused with Swift's messages", async () => {
  const missing = await swift.request('PUT', '/slo/bad?multipart-manifest=put', {
    body: JSON.stringify([{ path: '/slo/nope', etag: null, size_bytes: null }]),
  });
  assert.equal(missing.statusCode, 400);
  assert.match(missing.body, /Errors:\n\/slo\/nope, 404 Not Found\n/);
  const mismatch = await swift.request('PUT', '/slo/bad?multipart-manifest=put', {
    body: JSON.stringify([{ path: '/slo/seg1', etag: 'x', size_bytes: 1 }]),
  });
  assert.match(mismatch.body, /\/slo\/seg1, Size Mismatch\n\/slo\/seg1, Etag Mismatch\n/);
  const invalid = await swift.request('PUT', '/slo/bad?multipart-manifest=put', { body: '{' });
  assert.equal(invalid.body, 'Manifest must be valid JSON.\n');
  const reserved = await swift.request('PUT', '/slo/bad', {
    body: 'x',
    headers: { 'x-static-large-object': 'True' },
  });
  assert.equal(reserved.statusCode, 400);
});

test('multipart-manifest=delete deletes the segments and the manifest', async () => {
  await swift.request('PUT', '/slo/gone?multipart-manifest=put', { body: manifest });
  const removed = await swift.request('DELETE', '/slo/gone?multipart-manifest=delete', {
    headers: { accept: 'application/json' },
  });
  assert.equal(removed.statusCode, 200);
  const answer = JSON.parse(removed.body) as Record<string, unknown>;
  assert.equal(answer['Number Deleted'], 3);
  assert.equal(answer['Response Status'], '200 OK');
  assert.equal((await swift.request('GET', '/slo/seg1')).statusCode, 404);
  assert.equal((await swift.request('GET', '/slo/gone')).statusCode, 404);
});

test('/info has the slo section', async () => {
  const info = await swift.app.inject({ method: 'GET', url: '/object-store/info' });
  const slo = (JSON.parse(info.body) as { slo: Record<string, number> }).slo;
  assert.equal(slo.max_manifest_segments, 1000);
  assert.equal(slo.min_segment_size, 1);
});
