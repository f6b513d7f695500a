import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  MEMBER_ACCOUNT,
  objectStoreTestApp,
  type ObjectStoreTestApp,
} from '../../../helpers/object-store-app.js';

let s3: ObjectStoreTestApp;
before(async () => {
  s3 = await objectStoreTestApp();
});
after(() => s3.close());

const codeOf = (body: string) => /<Code>([^<]*)<\/Code>/.exec(body)?.[1];

test('a bucket is created (a Swift container of the project), found, located, and unversioned', async () => {
  const created = await s3.s3request('PUT', '/photos');
  assert.equal(created.statusCode, 200);
  assert.equal(created.headers.location, '/photos');
  assert.equal((await s3.request('HEAD', '/photos')).statusCode, 204);
  assert.equal((await s3.s3request('HEAD', '/photos')).statusCode, 200);
  const location = await s3.s3request('GET', '/photos', { query: { location: '' } });
  assert.equal(location.statusCode, 200);
  assert.match(
    location.body,
    /<LocationConstraint xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/"><\/LocationConstraint>/,
  );
  const versioning = await s3.s3request('GET', '/photos', { query: { versioning: '' } });
  assert.match(versioning.body, /<VersioningConfiguration[^>]*><\/VersioningConfiguration>/);
});

test('creating a bucket again is BucketAlreadyOwnedByYou; bad names and locations are refused', async () => {
  await s3.s3request('PUT', '/twice');
  const again = await s3.s3request('PUT', '/twice');
  assert.equal(again.statusCode, 409);
  assert.equal(codeOf(again.body), 'BucketAlreadyOwnedByYou');
  assert.match(again.body, /<BucketName>twice<\/BucketName>/);
  for (const name of ['ab', 'Upper', 'under_score', '192.168.1.1', 'dot..dot', `${'x'.repeat(64)}`]) {
    const refused = await s3.s3request('PUT', `/${name}`);
    assert.equal(refused.statusCode, 400, name);
    assert.equal(codeOf(refused.body), 'InvalidBucketName', name);
  }
  const elsewhere = await s3.s3request('PUT', '/far-away', {
    body: '<CreateBucketConfiguration><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>',
  });
  assert.equal(codeOf(elsewhere.body), 'InvalidLocationConstraint');
  const here = await s3.s3request('PUT', '/close-by', {
    body: '<CreateBucketConfiguration><LocationConstraint>us-east-1</LocationConstraint></CreateBucketConfiguration>',
  });
  assert.equal(here.statusCode, 200);
  const garbage = await s3.s3request('PUT', '/garbled', { body: '<NotTheRightDocument/>' });
  assert.equal(codeOf(garbage.body), 'MalformedXML');
});

test('a bucket that holds objects is not deleted; an empty one is', async () => {
  await s3.s3request('PUT', '/full');
  await s3.s3request('PUT', '/full/thing', { body: 'x' });
  const refused = await s3.s3request('DELETE', '/full');
  assert.equal(refused.statusCode, 409);
  assert.equal(codeOf(refused.body), 'BucketNotEmpty');
  assert.equal((await s3.s3request('DELETE', '/full/thing')).statusCode, 204);
  assert.equal((await s3.s3request('DELETE', '/full')).statusCode, 204);
  const gone = await s3.s3request('DELETE', '/full');
  assert.equal(gone.statusCode, 404);
  assert.equal(codeOf(gone.body), 'NoSuchBucket');
  assert.equal((await s3.s3request('HEAD', '/full')).statusCode, 404);
});

test("another project's bucket is invisible: its own namespace answers NoSuchBucket", async () => {
  await s3.s3request('PUT', '/private-stuff');
  await s3.s3request('PUT', '/private-stuff/secret', { body: 'mine' });
  const listing = await s3.s3request('GET', '/private-stuff', { caller: 'other' });
  assert.equal(listing.statusCode, 404);
  assert.equal(codeOf(listing.body), 'NoSuchBucket');
  const read = await s3.s3request('GET', '/private-stuff/secret', { caller: 'other' });
  assert.equal(codeOf(read.body), 'NoSuchBucket');
  // Named with its account, the bucket is still closed to them: Swift's ACLs decide.
  const named = await s3.s3request('GET', `/${MEMBER_ACCOUNT}/private-stuff/secret`, { caller: 'other' });
  assert.equal(named.statusCode, 403);
  assert.equal(codeOf(named.body), 'AccessDenied');
  // The other project may have a bucket of the same name: accounts are apart.
  assert.equal((await s3.s3request('PUT', '/private-stuff', { caller: 'other' })).statusCode, 200);
});

test('canned ACL public-read lets anonymous readers in; private closes the bucket again', async () => {
  const made = await s3.s3request('PUT', '/public-box', { headers: { 'x-amz-acl': 'public-read' } });
  assert.equal(made.statusCode, 200);
  await s3.s3request('PUT', '/public-box/hello.txt', { body: 'hello world' });
  const anonymous = await s3.s3request('GET', `/${MEMBER_ACCOUNT}/public-box/hello.txt`, { caller: null });
  assert.equal(anonymous.statusCode, 200);
  assert.equal(anonymous.body, 'hello world');
  const listing = await s3.s3request('GET', `/${MEMBER_ACCOUNT}/public-box`, { caller: null });
  assert.equal(listing.statusCode, 200);
  assert.match(listing.body, /<Key>hello.txt<\/Key>/);
  const write = await s3.s3request('PUT', `/${MEMBER_ACCOUNT}/public-box/graffiti`, {
    caller: null,
    body: 'x',
  });
  assert.equal(write.statusCode, 403);

  const acl = await s3.s3request('GET', '/public-box', { query: { acl: '' } });
  assert.match(acl.body, /<Permission>FULL_CONTROL<\/Permission>/);
  assert.match(
    acl.body,
    /<URI>http:\/\/acs.amazonaws.com\/groups\/global\/AllUsers<\/URI><\/Grantee><Permission>READ<\/Permission>/,
  );
  assert.doesNotMatch(acl.body, /<Permission>WRITE<\/Permission>/);

  const closed = await s3.s3request('PUT', '/public-box', {
    query: { acl: '' },
    headers: { 'x-amz-acl': 'private' },
  });
  assert.equal(closed.statusCode, 200);
  const refused = await s3.s3request('GET', `/${MEMBER_ACCOUNT}/public-box/hello.txt`, { caller: null });
  assert.equal(refused.statusCode, 403);
  assert.equal(codeOf(refused.body), 'AccessDenied');
});

test('PUT ?acl takes an AccessControlPolicy body; an unknown canned ACL is InvalidArgument', async () => {
  await s3.s3request('PUT', '/policy-box');
  const policy =
    '<AccessControlPolicy><Owner><ID>x</ID></Owner><AccessControlList>' +
    '<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>x</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant>' +
    '<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Group"><URI>http://acs.amazonaws.com/groups/global/AllUsers</URI></Grantee><Permission>READ</Permission></Grant>' +
    '</AccessControlList></AccessControlPolicy>';
  assert.equal(
    (await s3.s3request('PUT', '/policy-box', { query: { acl: '' }, body: policy })).statusCode,
    200,
  );
  const acl = await s3.s3request('GET', '/policy-box', { query: { acl: '' } });
  assert.match(acl.body, /<Permission>READ<\/Permission>/);
  // public-read-write is s3api's `.r:*` write ACL, which Swift refuses (no referrers in write ACLs).
  const readWrite = await s3.s3request('PUT', '/policy-box', {
    query: { acl: '' },
    headers: { 'x-amz-acl': 'public-read-write' },
  });
  assert.equal(readWrite.statusCode, 400);
  assert.equal(codeOf(readWrite.body), 'InvalidRequest');
  const unknown = await s3.s3request('PUT', '/policy-box', {
    query: { acl: '' },
    headers: { 'x-amz-acl': 'everyone' },
  });
  assert.equal(codeOf(unknown.body), 'InvalidArgument');
  const neither = await s3.s3request('PUT', '/policy-box', { query: { acl: '' } });
  assert.equal(codeOf(neither.body), 'MissingSecurityHeader');
});

test('unsupported sub-resources are NotImplemented and wrong methods MethodNotAllowed', async () => {
  await s3.s3request('PUT', '/plain');
  const website = await s3.s3request('GET', '/plain', { query: { website: '' } });
  assert.equal(website.statusCode, 501);
  assert.equal(codeOf(website.body), 'NotImplemented');
  const post = await s3.s3request('POST', '/plain');
  assert.equal(post.statusCode, 405);
  assert.equal(codeOf(post.body), 'MethodNotAllowed');
});

test("ListBuckets names the caller's buckets and its owner", async () => {
  const response = await s3.s3request('GET', '/');
  assert.equal(response.statusCode, 200);
  assert.match(
    response.body,
    /<Bucket><Name>photos<\/Name><CreationDate>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.000Z<\/CreationDate><\/Bucket>/,
  );
  assert.match(response.body, /<Owner><ID>one:member<\/ID>/);
});

test('deleting a bucket deletes the parts of its unfinished multipart uploads', async () => {
  await s3.s3request('PUT', '/half-done');
  const initiated = await s3.s3request('POST', '/half-done/big.bin', { query: { uploads: '' } });
  const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(initiated.body)?.[1] ?? '';
  assert.ok(uploadId, initiated.body);
  const part = await s3.s3request('PUT', '/half-done/big.bin', {
    query: { partNumber: '1', uploadId },
    body: 'part one',
  });
  assert.equal(part.statusCode, 200, part.body);
  assert.equal((await s3.request('HEAD', '/half-done+segments')).statusCode, 204);
  assert.equal((await s3.s3request('DELETE', '/half-done')).statusCode, 204);
  assert.equal((await s3.request('HEAD', '/half-done+segments')).statusCode, 404);
});
