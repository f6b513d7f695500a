import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { objectStoreTestApp, type ObjectStoreTestApp } from '../../../../helpers/object-store-app.js';

const md5 = (data: string) => createHash('md5').update(data).digest('hex');

let swift: ObjectStoreTestApp;
before(async () => {
  swift = await objectStoreTestApp();
  await swift.request('PUT', '/dlo');
  for (const [index, part] of ['ab', 'cd', 'ef'].entries()) {
    await swift.request('PUT', `/dlo/big/${index}`, { body: part });
  }
  await swift.request('PUT', '/dlo/big', {
    body: '',
    headers: { 'x-object-manifest': 'dlo/big/', 'content-length': '0' },
  });
});
after(() => swift.close());

test('a DLO manifest reads as the objects under its prefix, in name order', async () => {
  const get = await swift.request('GET', '/dlo/big');
  assert.equal(get.statusCode, 200);
  assert.equal(get.body, 'abcdef');
  assert.equal(get.headers.etag, `"${md5(md5('ab') + md5('cd') + md5('ef'))}"`);
  assert.equal(get.headers['x-object-manifest'], 'dlo/big/');
  const head = await swift.request('HEAD', '/dlo/big');
  assert.equal(head.headers['content-length'], '6');
  const range = await swift.request('GET', '/dlo/big', { headers: { range: 'bytes=1-3' } });
  assert.equal(range.statusCode, 206);
  assert.equal(range.body, 'bcd');
});

test('multipart-manifest=get reads the manifest itself', async () => {
  const get = await swift.request('GET', '/dlo/big?multipart-manifest=get');
  assert.equal(get.body, '');
  assert.equal(get.headers.etag, md5(''));
});

test('a malformed X-Object-Manifest is refused', async () => {
  const put = await swift.request('PUT', '/dlo/bad', {
    body: '',
    headers: { 'x-object-manifest': 'nocontainer', 'content-length': '0' },
  });
  assert.equal(put.statusCode, 400);
  assert.equal(put.body, 'X-Object-Manifest must be in the format container/prefix');
});
