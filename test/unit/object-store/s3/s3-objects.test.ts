import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { objectStoreTestApp, type ObjectStoreTestApp } from '../../../helpers/object-store-app.js';

let s3: ObjectStoreTestApp;
before(async () => {
  s3 = await objectStoreTestApp();
  await s3.s3request('PUT', '/things');
});
after(() => s3.close());

const codeOf = (body: string) => /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
const md5 = (text: string) => createHash('md5').update(text).digest();

test('an object is put and read back with its quoted ETag, metadata and content headers', async () => {
  const put = await s3.s3request('PUT', '/things/docs/readme.txt', {
    body: 'read me first',
    headers: {
      'content-type': 'text/plain',
      'content-md5': md5('read me first').toString('base64'),
      'x-amz-meta-author': 'ada',
      'x-amz-meta-long_name': 'kept',
      'content-disposition': 'inline',
    },
  });
  assert.equal(put.statusCode, 200, put.body);
  const etag = `"${md5('read me first').toString('hex')}"`;
  assert.equal(put.headers.etag, etag);

  const swift = await s3.request('HEAD', '/things/docs/readme.txt');
  assert.equal(swift.headers['x-object-meta-author'], 'ada');

  const get = await s3.s3request('GET', '/things/docs/readme.txt');
  assert.equal(get.statusCode, 200);
  assert.equal(get.body, 'read me first');
  assert.equal(get.headers.etag, etag);
  assert.equal(get.headers['content-type'], 'text/plain');
  assert.equal(get.headers['content-disposition'], 'inline');
  assert.equal(get.headers['x-amz-meta-author'], 'ada');
  assert.equal(get.headers['x-amz-meta-long_name'], 'kept');
  assert.equal(get.headers['x-object-meta-author'], undefined);

  const head = await s3.s3request('HEAD', '/things/docs/readme.txt');
  assert.equal(head.statusCode, 200);
  assert.equal(head.headers['content-length'], '13');
  assert.equal(head.body, '');
});

test('an object without a content type is binary/octet-stream; a key in a name with spaces works', async () => {
  await s3.s3request('PUT', '/things/with%20space/%E2%9C%93.bin', { body: 'check' });
  const get = await s3.s3request('GET', '/things/with%20space/%E2%9C%93.bin');
  assert.equal(get.statusCode, 200);
  assert.equal(get.headers['content-type'], 'binary/octet-stream');
  assert.equal((await s3.request('GET', '/things/with%20space/%E2%9C%93.bin')).body, 'check');
});

test('Content-MD5 that does not match is BadDigest, one that is not an MD5 InvalidDigest', async () => {
  const bad = await s3.s3request('PUT', '/things/bad', {
    body: 'abc',
    headers: { 'content-md5': md5('xyz').toString('base64') },
  });
  assert.equal(bad.statusCode, 400);
  assert.equal(codeOf(bad.body), 'BadDigest');
  const invalid = await s3.s3request('PUT', '/things/bad', {
    body: 'abc',
    headers: { 'content-md5': 'bm90LW1kNQ==' },
  });
  assert.equal(codeOf(invalid.body), 'InvalidDigest');
  assert.equal((await s3.s3request('HEAD', '/things/bad')).statusCode, 404);
});

test('ranges are served as 206, also on HEAD; a range past the end is InvalidRange', async () => {
  await s3.s3request('PUT', '/things/digits', { body: '0123456789' });
  const part = await s3.s3request('GET', '/things/digits', { headers: { range: 'bytes=2-5' } });
  assert.equal(part.statusCode, 206);
  assert.equal(part.body, '2345');
  assert.equal(part.headers['content-range'], 'bytes 2-5/10');
  const head = await s3.s3request('HEAD', '/things/digits', { headers: { range: 'bytes=-3' } });
  assert.equal(head.statusCode, 206);
  assert.equal(head.headers['content-range'], 'bytes 7-9/10');
  assert.equal(head.headers['content-length'], '3');
  const beyond = await s3.s3request('GET', '/things/digits', { headers: { range: 'bytes=20-30' } });
  assert.equal(beyond.statusCode, 416);
  assert.equal(codeOf(beyond.body), 'InvalidRange');
});

test('conditional reads: If-Match is PreconditionFailed, If-None-Match is 304', async () => {
  const put = await s3.s3request('PUT', '/things/conditional', { body: 'v1' });
  const etag = String(put.headers.etag);
  const notMatching = await s3.s3request('GET', '/things/conditional', { headers: { 'if-match': '"0000"' } });
  assert.equal(notMatching.statusCode, 412);
  assert.equal(codeOf(notMatching.body), 'PreconditionFailed');
  assert.equal(
    (await s3.s3request('GET', '/things/conditional', { headers: { 'if-match': etag } })).statusCode,
    200,
  );
  assert.equal(
    (await s3.s3request('GET', '/things/conditional', { headers: { 'if-none-match': etag } })).statusCode,
    304,
  );
  const unmodified = await s3.s3request('GET', '/things/conditional', {
    headers: { 'if-unmodified-since': 'Thu, 01 Jan 2004 00:00:00 GMT' },
  });
  assert.equal(unmodified.statusCode, 412);
});

test('response-* query parameters override answer headers on GET', async () => {
  await s3.s3request('PUT', '/things/override', { body: 'x', headers: { 'content-type': 'text/plain' } });
  const get = await s3.s3request('GET', '/things/override', {
    query: {
      'response-content-type': 'application/json',
      'response-content-disposition': 'attachment; filename="x.json"',
    },
  });
  assert.equal(get.headers['content-type'], 'application/json');
  assert.equal(get.headers['content-disposition'], 'attachment; filename="x.json"');
});

test('a missing key is NoSuchKey, a missing bucket NoSuchBucket; deleting a missing key is 204', async () => {
  const key = await s3.s3request('GET', '/things/absent');
  assert.equal(key.statusCode, 404);
  assert.equal(codeOf(key.body), 'NoSuchKey');
  assert.match(key.body, /<Key>absent<\/Key>/);
  const bucket = await s3.s3request('GET', '/no-such-bucket/absent');
  assert.equal(codeOf(bucket.body), 'NoSuchBucket');
  assert.equal((await s3.s3request('DELETE', '/things/absent')).statusCode, 204);
  assert.equal(codeOf((await s3.s3request('DELETE', '/no-such-bucket/absent')).body), 'NoSuchBucket');
  await s3.s3request('PUT', '/things/doomed', { body: 'x' });
  assert.equal((await s3.s3request('DELETE', '/things/doomed')).statusCode, 204);
  assert.equal((await s3.s3request('HEAD', '/things/doomed')).statusCode, 404);
});

test('a canned ACL on an object is checked but the bucket ACL rules', async () => {
  const known = await s3.s3request('PUT', '/things/acl-given', {
    body: 'x',
    headers: { 'x-amz-acl': 'public-read' },
  });
  assert.equal(known.statusCode, 200);
  const unknown = await s3.s3request('PUT', '/things/acl-given', {
    body: 'x',
    headers: { 'x-amz-acl': 'everyone' },
  });
  assert.equal(codeOf(unknown.body), 'InvalidArgument');
});

test('a key longer than 1024 bytes is KeyTooLongError', async () => {
  const response = await s3.s3request('PUT', `/things/${'k'.repeat(1025)}`, { body: 'x' });
  assert.equal(response.statusCode, 400);
  assert.equal(codeOf(response.body), 'KeyTooLongError');
});

test('CopyObject copies metadata (COPY) or replaces it (REPLACE), and answers CopyObjectResult', async () => {
  await s3.s3request('PUT', '/things/original', {
    body: 'copied text',
    headers: { 'content-type': 'text/plain', 'x-amz-meta-origin': 'first' },
  });
  const copied = await s3.s3request('PUT', '/things/copy', {
    headers: { 'x-amz-copy-source': '/things/original' },
  });
  assert.equal(copied.statusCode, 200, copied.body);
  assert.match(
    copied.body,
    /<CopyObjectResult xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/"><LastModified>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.000Z<\/LastModified><ETag>&quot;[0-9a-f]{32}&quot;<\/ETag><\/CopyObjectResult>/,
  );
  const copy = await s3.s3request('GET', '/things/copy');
  assert.equal(copy.body, 'copied text');
  assert.equal(copy.headers['x-amz-meta-origin'], 'first');
  assert.equal(copy.headers['content-type'], 'text/plain');

  await s3.s3request('PUT', '/things/replaced', {
    headers: {
      'x-amz-copy-source': 'things/original',
      'x-amz-metadata-directive': 'REPLACE',
      'x-amz-meta-origin': 'second',
      'content-type': 'text/markdown',
    },
  });
  const replaced = await s3.s3request('GET', '/things/replaced');
  assert.equal(replaced.headers['x-amz-meta-origin'], 'second');
  assert.equal(replaced.headers['content-type'], 'text/markdown');

  const onto = await s3.s3request('PUT', '/things/original', {
    headers: { 'x-amz-copy-source': '/things/original' },
  });
  assert.equal(codeOf(onto.body), 'InvalidRequest');
  const missing = await s3.s3request('PUT', '/things/x', {
    headers: { 'x-amz-copy-source': '/things/not-there' },
  });
  assert.equal(codeOf(missing.body), 'NoSuchKey');
  const failing = await s3.s3request('PUT', '/things/y', {
    headers: { 'x-amz-copy-source': '/things/original', 'x-amz-copy-source-if-match': '"nope"' },
  });
  assert.equal(codeOf(failing.body), 'PreconditionFailed');
  const malformed = await s3.s3request('PUT', '/things/z', {
    headers: { 'x-amz-copy-source': 'only-bucket' },
  });
  assert.equal(codeOf(malformed.body), 'InvalidArgument');
});

test('an object made by a multipart upload has the S3 ETag of its parts on HEAD, GET and in listings', async () => {
  const parts = [Buffer.alloc(5 * 1024 * 1024, 1), Buffer.from('the last part')];
  const initiated = await s3.s3request('POST', '/things/whole.bin', { query: { uploads: '' } });
  const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(initiated.body)?.[1] ?? '';
  assert.ok(uploadId, initiated.body);
  const etags: string[] = [];
  for (const [index, body] of parts.entries()) {
    const part = await s3.s3request('PUT', '/things/whole.bin', {
      query: { partNumber: String(index + 1), uploadId },
      body,
    });
    assert.equal(part.statusCode, 200, part.body);
    etags.push(String(part.headers.etag));
  }
  const completion = `<CompleteMultipartUpload>${etags
    .map((etag, index) => `<Part><PartNumber>${index + 1}</PartNumber><ETag>${etag}</ETag></Part>`)
    .join('')}</CompleteMultipartUpload>`;
  const done = await s3.s3request('POST', '/things/whole.bin', { query: { uploadId }, body: completion });
  assert.equal(done.statusCode, 200, done.body);
  const binary = Buffer.concat(parts.map((part) => createHash('md5').update(part).digest()));
  const expected = `${createHash('md5').update(binary).digest('hex')}-2`;

  const head = await s3.s3request('HEAD', '/things/whole.bin');
  assert.equal(head.headers.etag, `"${expected}"`);
  const get = await s3.s3request('GET', '/things/whole.bin');
  assert.equal(get.headers.etag, `"${expected}"`);
  assert.equal(get.rawPayload.length, parts[0].length + parts[1].length);
  const listing = await s3.s3request('GET', '/things', { query: { prefix: 'whole' } });
  assert.match(listing.body, new RegExp(`<ETag>&quot;${expected}&quot;</ETag>`));
});
