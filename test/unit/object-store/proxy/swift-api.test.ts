import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  MEMBER_ACCOUNT,
  MEMBER_PASSWORD,
  objectStoreTestApp,
  OTHER_ACCOUNT,
  type ObjectStoreTestApp,
} from '../../../helpers/object-store-app.js';

let swift: ObjectStoreTestApp;
before(async () => {
  swift = await objectStoreTestApp();
});
after(() => swift.close());

test('every answer carries a transaction id, the same as the request id', async () => {
  const response = await swift.request('HEAD', '');
  assert.match(String(response.headers['x-trans-id']), /^tx[0-9a-f]{21}-[0-9a-f]{10}$/);
  assert.equal(response.headers['x-openstack-request-id'], response.headers['x-trans-id']);
});

test('an account never written to is empty: 204 with zero counts', async () => {
  const response = await swift.request('GET', '');
  assert.equal(response.statusCode, 204);
  assert.equal(response.headers['x-account-container-count'], '0');
  assert.equal(response.headers['content-type'], 'text/plain; charset=utf-8');
});

test('containers are made, listed, and deleted only when empty', async () => {
  assert.equal((await swift.request('PUT', '/box')).statusCode, 201);
  assert.equal((await swift.request('PUT', '/box')).statusCode, 202);
  const listing = await swift.request('GET', '');
  assert.equal(listing.statusCode, 200);
  assert.equal(listing.body, 'box\n');
  const put = await swift.request('PUT', '/box/hello.txt', { body: 'hello world' });
  assert.equal(put.statusCode, 201, put.body);
  assert.equal(put.headers.etag, '5eb63bbbe01eeed093cb22bb8f5acdc3');
  const refused = await swift.request('DELETE', '/box');
  assert.equal(refused.statusCode, 409);
  assert.equal(
    refused.body,
    '<html><h1>Conflict</h1><p>There was a conflict when trying to complete your request.</p></html>',
  );
  const get = await swift.request('GET', '/box/hello.txt');
  assert.equal(get.statusCode, 200);
  assert.equal(get.body, 'hello world');
  assert.equal(get.headers['content-type'], 'text/plain');
  assert.equal(get.headers['accept-ranges'], 'bytes');
  const json = await swift.request('GET', '/box?format=json');
  assert.deepEqual(
    JSON.parse(json.body).map((entry: { name: string }) => entry.name),
    ['hello.txt'],
  );
  assert.equal((await swift.request('DELETE', '/box/hello.txt')).statusCode, 204);
  assert.equal((await swift.request('DELETE', '/box/hello.txt')).statusCode, 404);
  assert.equal((await swift.request('DELETE', '/box')).statusCode, 204);
  const gone = await swift.request('GET', '/box');
  assert.equal(gone.statusCode, 404);
  assert.equal(gone.body, '<html><h1>Not Found</h1><p>The resource could not be found.</p></html>');
});

test('without a token the account is 401; another project is 403', async () => {
  assert.equal((await swift.request('GET', '', { caller: null })).statusCode, 401);
  const other = await swift.request('GET', '', { caller: 'other' });
  assert.equal(other.statusCode, 403);
  assert.equal(other.body, '<html><h1>Forbidden</h1><p>Access was denied to this resource.</p></html>');
  assert.equal(MEMBER_ACCOUNT.startsWith('AUTH_'), true);
});

test('account and container metadata are set by POST and removed by X-Remove-*-Meta', async () => {
  assert.equal(
    (await swift.request('POST', '', { headers: { 'x-account-meta-colour': 'blue' } })).statusCode,
    204,
  );
  assert.equal((await swift.request('HEAD', '')).headers['x-account-meta-colour'], 'blue');
  await swift.request('POST', '', { headers: { 'x-remove-account-meta-colour': 'x' } });
  assert.equal((await swift.request('HEAD', '')).headers['x-account-meta-colour'], undefined);
  await swift.request('PUT', '/meta', { headers: { 'x-container-meta-a': '1' } });
  await swift.request('POST', '/meta', { headers: { 'x-container-meta-b': '2' } });
  const head = await swift.request('HEAD', '/meta');
  assert.equal(head.statusCode, 204);
  assert.equal(head.headers['x-container-meta-a'], '1');
  assert.equal(head.headers['x-container-meta-b'], '2');
  assert.equal(head.headers['x-container-object-count'], '0');
});

test('objects keep their metadata; POST replaces it', async () => {
  await swift.request('PUT', '/objmeta');
  await swift.request('PUT', '/objmeta/a', {
    body: 'a',
    headers: { 'x-object-meta-one': '1', 'content-type': 'text/x-test' },
  });
  const head = await swift.request('HEAD', '/objmeta/a');
  assert.equal(head.statusCode, 200);
  assert.equal(head.headers['x-object-meta-one'], '1');
  assert.equal(head.headers['content-length'], '1');
  assert.equal(head.headers['content-type'], 'text/x-test');
  assert.ok(head.headers['last-modified']);
  assert.equal(
    (await swift.request('POST', '/objmeta/a', { headers: { 'x-object-meta-two': '2' } })).statusCode,
    202,
  );
  const after = await swift.request('HEAD', '/objmeta/a');
  assert.equal(after.headers['x-object-meta-one'], undefined);
  assert.equal(after.headers['x-object-meta-two'], '2');
});

test('an object without a type gets one from its extension', async () => {
  await swift.request('PUT', '/types');
  await swift.request('PUT', '/types/page.html', { body: '<p>' });
  await swift.request('PUT', '/types/blob', { body: 'x' });
  assert.equal((await swift.request('HEAD', '/types/page.html')).headers['content-type'], 'text/html');
  assert.equal(
    (await swift.request('HEAD', '/types/blob')).headers['content-type'],
    'application/octet-stream',
  );
});

test('an ETag that does not match the data is 422; one that does is kept', async () => {
  await swift.request('PUT', '/etag');
  const bad = await swift.request('PUT', '/etag/o', { body: 'data', headers: { etag: '0'.repeat(32) } });
  assert.equal(bad.statusCode, 422);
  const good = await swift.request('PUT', '/etag/o', {
    body: 'data',
    headers: { etag: '8d777f385d3dfec8815d20f7496026dc' },
  });
  assert.equal(good.statusCode, 201);
});

test("Swift's constraints, with Swift's messages", async () => {
  await swift.request('PUT', '/limits');
  const longName = await swift.request('PUT', `/limits/${'o'.repeat(1025)}`, {
    body: '',
    headers: { 'content-length': '0' },
  });
  assert.equal(longName.statusCode, 400);
  assert.equal(longName.body, 'Object name length of 1025 longer than 1024');
  const longContainer = await swift.request('PUT', `/${'c'.repeat(257)}`);
  assert.equal(longContainer.body, 'Container name length of 257 longer than 256');
  const metaName = await swift.request('PUT', '/limits/o', {
    body: '',
    headers: { [`x-object-meta-${'k'.repeat(129)}`]: 'v', 'content-length': '0' },
  });
  assert.equal(metaName.body, `Metadata name too long: x-object-meta-${'k'.repeat(129)}`);
  const many: Record<string, string> = {};
  for (let index = 0; index < 91; index++) many[`x-container-meta-k${index}`] = 'v';
  assert.equal(
    (await swift.request('POST', '/limits', { headers: many })).body,
    'Too many metadata items; max 90',
  );
  const past = await swift.request('PUT', '/limits/o', {
    body: '',
    headers: { 'x-delete-at': '1', 'content-length': '0' },
  });
  assert.equal(past.body, 'X-Delete-At in past');
  const tooBig = await swift.request('GET', '/limits?limit=10001');
  assert.equal(tooBig.statusCode, 412);
  assert.equal(tooBig.body, 'Maximum limit is 10000');
  const missing = await swift.request('PUT', '/nowhere/o', { body: 'x' });
  assert.equal(missing.statusCode, 404);
});

test('listings: json, xml, prefix and delimiter, marker, limit, reverse', async () => {
  await swift.request('PUT', '/list');
  for (const name of ['a/1', 'a/2', 'b', 'c']) await swift.request('PUT', `/list/${name}`, { body: name });
  assert.equal((await swift.request('GET', '/list?delimiter=/')).body, 'a/\nb\nc\n');
  assert.equal((await swift.request('GET', '/list?prefix=a/')).body, 'a/1\na/2\n');
  assert.equal((await swift.request('GET', '/list?marker=a/2&limit=1')).body, 'b\n');
  assert.equal((await swift.request('GET', '/list?reverse=true&limit=2')).body, 'c\nb\n');
  assert.equal((await swift.request('GET', '/list?path=a')).body, 'a/1\na/2\n');
  const json = await swift.request('GET', '/list?format=json&delimiter=/');
  assert.equal(json.headers['content-type'], 'application/json; charset=utf-8');
  const entries = JSON.parse(json.body);
  assert.deepEqual(entries[0], { subdir: 'a/' });
  assert.deepEqual(Object.keys(entries[1]).sort(), [
    'bytes',
    'content_type',
    'hash',
    'last_modified',
    'name',
  ]);
  const xml = await swift.request('GET', '/list?format=xml&prefix=b');
  assert.equal(xml.headers['content-type'], 'application/xml; charset=utf-8');
  assert.match(
    xml.body,
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<container name="list"><object><name>b<\/name><hash>/,
  );
  const accept = await swift.request('GET', '/list?prefix=c', { headers: { accept: 'application/json' } });
  assert.equal(accept.headers['content-type'], 'application/json; charset=utf-8');
  assert.equal(accept.headers.vary, 'Accept');
});

test('container ACLs: .r:* opens objects, .rlistings listings; others see no ACL', async () => {
  await swift.request('PUT', '/public', { headers: { 'x-container-read': '.r:*' } });
  await swift.request('PUT', '/public/o', { body: 'open' });
  const anonymous = await swift.request('GET', '/public/o', { caller: null });
  assert.equal(anonymous.statusCode, 200);
  assert.equal(anonymous.body, 'open');
  assert.equal((await swift.request('GET', '/public', { caller: null })).statusCode, 401);
  await swift.request('POST', '/public', { headers: { 'x-container-read': '.r:*, .rlistings' } });
  const listing = await swift.request('GET', '/public', { caller: 'other' });
  assert.equal(listing.statusCode, 200);
  assert.equal(listing.headers['x-container-read'], undefined);
  assert.equal((await swift.request('HEAD', '/public')).headers['x-container-read'], '.r:*,.rlistings');
  assert.equal((await swift.request('PUT', '/public/o', { caller: null, body: 'x' })).statusCode, 401);
  assert.equal((await swift.request('PUT', '/public/o', { caller: 'other', body: 'x' })).statusCode, 403);
  const bad = await swift.request('POST', '/public', { headers: { 'x-container-write': '.r:*' } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.body, "Referrers not allowed in write ACL: '.r:*'");
});

test('a write ACL naming a project and user lets that user write, and only write', async () => {
  await swift.request('PUT', '/shared', {
    headers: { 'x-container-write': 'c2222222222222222222222222222222:u-other' },
  });
  assert.equal(
    (await swift.request('PUT', '/shared/from-other', { caller: 'other', body: 'hi' })).statusCode,
    201,
  );
  assert.equal((await swift.request('GET', '/shared/from-other', { caller: 'other' })).statusCode, 403);
  assert.equal((await swift.request('POST', '/shared', { caller: 'other' })).statusCode, 403);
});

test('COPY and X-Copy-From copy data, type and metadata; X-Fresh-Metadata drops the old', async () => {
  await swift.request('PUT', '/copies');
  await swift.request('PUT', '/copies/src', {
    body: 'payload',
    headers: { 'content-type': 'text/x-src', 'x-object-meta-kept': 'yes' },
  });
  const copied = await swift.request('COPY', '/copies/src', { headers: { destination: 'copies/dst' } });
  assert.equal(copied.statusCode, 201, copied.body);
  assert.equal(copied.headers['x-copied-from'], 'copies/src');
  const dst = await swift.request('GET', '/copies/dst');
  assert.equal(dst.body, 'payload');
  assert.equal(dst.headers['content-type'], 'text/x-src');
  assert.equal(dst.headers['x-object-meta-kept'], 'yes');
  const fresh = await swift.request('PUT', '/copies/fresh', {
    headers: {
      'x-copy-from': 'copies/src',
      'x-fresh-metadata': 'true',
      'x-object-meta-new': '1',
      'content-length': '0',
    },
  });
  assert.equal(fresh.statusCode, 201, fresh.body);
  const head = await swift.request('HEAD', '/copies/fresh');
  assert.equal(head.headers['x-object-meta-kept'], undefined);
  assert.equal(head.headers['x-object-meta-new'], '1');
  const noDestination = await swift.request('COPY', '/copies/src');
  assert.equal(noDestination.statusCode, 412);
  assert.equal(noDestination.body, 'Destination header required');
});

test('/info is public and tells the constraints and the S3 API offered', async () => {
  const response = await swift.app.inject({ method: 'GET', url: '/object-store/info' });
  assert.equal(response.statusCode, 200);
  const info = response.json();
  assert.equal(info.swift.max_file_size, 5368709122);
  assert.equal(info.swift.container_listing_limit, 10000);
  assert.equal(info.swift.max_meta_count, 90);
  assert.equal(info.s3api.allow_multipart_uploads, true);
  assert.equal(info.s3api.min_segment_size, 5 * 1024 * 1024);
});

test('X-Delete-After is kept as the X-Delete-At it means', async () => {
  await swift.request('PUT', '/expiring');
  const before = Math.floor(Date.now() / 1000);
  await swift.request('PUT', '/expiring/o', { body: 'x', headers: { 'x-delete-after': '100' } });
  const deleteAt = Number((await swift.request('HEAD', '/expiring/o')).headers['x-delete-at']);
  assert.ok(deleteAt >= before + 100 && deleteAt <= before + 101, String(deleteAt));
  const bad = await swift.request('POST', '/expiring/o', { headers: { 'x-delete-after': 'soon' } });
  assert.equal(bad.body, 'Non-integer X-Delete-After');
});

test('X-Copy-From-Account copies from another account the caller may read', async () => {
  await swift.request('PUT', '/readable', { headers: { 'x-container-read': '.r:*' } });
  await swift.request('PUT', '/readable/o', { body: 'shared' });
  await swift.request('PUT', '/mine', { caller: 'other', account: OTHER_ACCOUNT });
  const copied = await swift.request('PUT', '/mine/copy', {
    caller: 'other',
    account: OTHER_ACCOUNT,
    headers: { 'x-copy-from': 'readable/o', 'x-copy-from-account': MEMBER_ACCOUNT, 'content-length': '0' },
  });
  assert.equal(copied.statusCode, 201, copied.body);
  assert.equal(copied.headers['x-copied-from-account'], MEMBER_ACCOUNT);
  const read = await swift.request('GET', '/mine/copy', { caller: 'other', account: OTHER_ACCOUNT });
  assert.equal(read.body, 'shared');
});

test("paths outside /v1 are S3's, and methods Swift lacks not allowed", async () => {
  // `/v2/x` names the bucket `v2`, too short for a bucket name, as s3api parses it.
  const unknownVersion = await swift.app.inject({ method: 'GET', url: '/object-store/v2/x' });
  assert.equal(unknownVersion.statusCode, 400);
  assert.match(unknownVersion.body, /<Code>InvalidBucketName<\/Code>/);
  const anonymous = await swift.app.inject({ method: 'GET', url: '/object-store/some-bucket/key' });
  assert.equal(anonymous.statusCode, 403);
  assert.match(anonymous.body, /<Code>AccessDenied<\/Code>/);
  assert.equal((await swift.request('PATCH', '/anything')).statusCode, 405);
  assert.equal((await swift.request('PUT', '')).statusCode, 405);
});

test('containers name their storage policy; an account gives its usage per policy', async () => {
  await swift.request('PUT', '/policy-box');
  await swift.request('PUT', '/policy-box/a.txt', { body: 'twelve bytes' });
  const container = await swift.request('HEAD', '/policy-box');
  assert.equal(container.headers['x-storage-policy'], 'Policy-0');
  const account = await swift.request('HEAD', '');
  const containers = account.headers['x-account-container-count'];
  assert.ok(Number(containers) >= 1);
  assert.equal(account.headers['x-account-storage-policy-policy-0-container-count'], containers);
  assert.equal(
    account.headers['x-account-storage-policy-policy-0-bytes-used'],
    account.headers['x-account-bytes-used'],
  );
  assert.equal(
    account.headers['x-account-storage-policy-policy-0-object-count'],
    account.headers['x-account-object-count'],
  );
});

test('tempauth v1.0 gives a token and the storage URL of the project account for a right password only', async () => {
  const signIn = (key: string) =>
    swift.app.inject({
      method: 'GET',
      url: '/object-store/auth/v1.0',
      headers: { host: 'cloud.test:8080', 'x-auth-user': 'one:member', 'x-auth-key': key },
    });
  const answer = await signIn(MEMBER_PASSWORD);
  assert.equal(answer.statusCode, 200);
  const storageUrl = `http://cloud.test:8080/object-store/v1/${MEMBER_ACCOUNT}`;
  assert.equal(answer.headers['x-storage-url'], storageUrl);
  assert.ok(Number(answer.headers['x-auth-token-expires']) > 3500);
  const account = await swift.app.inject({
    method: 'HEAD',
    url: new URL(storageUrl).pathname,
    headers: { 'x-auth-token': String(answer.headers['x-auth-token']) },
  });
  assert.equal(account.statusCode, 204);

  assert.equal((await signIn('wrong')).statusCode, 401);
  const anonymous = await swift.app.inject({ method: 'GET', url: '/object-store/auth/v1.0' });
  assert.equal(anonymous.statusCode, 401);
});

test('a short body that does not all arrive stores nothing: 499', async () => {
  assert.equal((await swift.request('PUT', '/partial')).statusCode, 201);
  const short = await swift.request('PUT', '/partial/short', {
    headers: { 'content-length': '4096' },
    body: Buffer.alloc(100),
  });
  assert.equal(short.statusCode, 499);
  assert.equal((await swift.request('HEAD', '/partial/short')).statusCode, 404);
});
