import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { objectStoreTestApp, type ObjectStoreTestApp } from '../../../helpers/object-store-app.js';

let s3: ObjectStoreTestApp;
const KEYS = ['a.txt', 'b/1.txt', 'b/2.txt', 'c/1.txt', 'd.txt', 'e f.txt'];
before(async () => {
  s3 = await objectStoreTestApp();
  await s3.s3request('PUT', '/listed');
  for (const key of KEYS) await s3.s3request('PUT', `/listed/${key.replace(' ', '%20')}`, { body: key });
});
after(() => s3.close());

const all = (body: string, tag: string) =>
  [...body.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]);
const one = (body: string, tag: string) => all(body, tag)[0];

test('ListObjects (v1) lists keys with size, ETag, owner; a delimiter gives CommonPrefixes', async () => {
  const flat = await s3.s3request('GET', '/listed');
  assert.equal(flat.statusCode, 200);
  assert.equal(flat.headers['content-type'], 'application/xml');
  assert.deepEqual(all(flat.body, 'Key'), KEYS);
  assert.equal(one(flat.body, 'Size'), '5');
  assert.equal(one(flat.body, 'ETag'), `&quot;${createHash('md5').update('a.txt').digest('hex')}&quot;`);
  assert.equal(one(flat.body, 'IsTruncated'), 'false');
  assert.match(flat.body, /<Owner><ID>one:member<\/ID>/);

  const grouped = await s3.s3request('GET', '/listed', { query: { delimiter: '/' } });
  assert.deepEqual(all(grouped.body, 'Key'), ['a.txt', 'd.txt', 'e f.txt']);
  assert.match(
    grouped.body,
    /<CommonPrefixes><Prefix>b\/<\/Prefix><\/CommonPrefixes><CommonPrefixes><Prefix>c\/<\/Prefix><\/CommonPrefixes>/,
  );
  const prefixed = await s3.s3request('GET', '/listed', { query: { prefix: 'b/' } });
  assert.deepEqual(all(prefixed.body, 'Key'), ['b/1.txt', 'b/2.txt']);
});

test('ListObjects (v1) pages with max-keys and marker; NextMarker comes with a delimiter', async () => {
  const first = await s3.s3request('GET', '/listed', { query: { 'max-keys': '2', delimiter: '/' } });
  assert.deepEqual(all(first.body, 'Key'), ['a.txt']);
  assert.equal(one(first.body, 'IsTruncated'), 'true');
  assert.equal(one(first.body, 'NextMarker'), 'b/');
  assert.equal(one(first.body, 'MaxKeys'), '2');
  const second = await s3.s3request('GET', '/listed', {
    query: { 'max-keys': '2', delimiter: '/', marker: 'b/' },
  });
  assert.equal(one(second.body, 'Prefix'), '');
  assert.deepEqual(all(second.body, 'Key'), ['d.txt']);
  assert.match(second.body, /<CommonPrefixes><Prefix>c\/<\/Prefix>/);
  const bad = await s3.s3request('GET', '/listed', { query: { 'max-keys': 'many' } });
  assert.equal(one(bad.body, 'Code'), 'InvalidArgument');
});

test('ListObjectsV2 pages with continuation tokens, counts keys, and names owners on request', async () => {
  const seen: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const query: Record<string, string> = { 'list-type': '2', 'max-keys': '4' };
    if (token) query['continuation-token'] = token;
    const page = await s3.s3request('GET', '/listed', { query });
    assert.equal(page.statusCode, 200, page.body);
    assert.doesNotMatch(page.body, /<Owner>/);
    seen.push(...all(page.body, 'Key'));
    assert.equal(one(page.body, 'KeyCount'), String(all(page.body, 'Key').length));
    token = one(page.body, 'NextContinuationToken');
    assert.equal(one(page.body, 'IsTruncated'), token ? 'true' : 'false');
    pages += 1;
  } while (token);
  assert.equal(pages, 2);
  assert.deepEqual(seen, KEYS);

  const after = await s3.s3request('GET', '/listed', {
    query: { 'list-type': '2', 'start-after': 'c/1.txt', 'fetch-owner': 'true' },
  });
  assert.deepEqual(all(after.body, 'Key'), ['d.txt', 'e f.txt']);
  assert.equal(one(after.body, 'StartAfter'), 'c/1.txt');
  assert.match(after.body, /<Owner><ID>one:member<\/ID>/);
  const grouped = await s3.s3request('GET', '/listed', { query: { 'list-type': '2', delimiter: '/' } });
  assert.equal(one(grouped.body, 'KeyCount'), '5');
  const badToken = await s3.s3request('GET', '/listed', {
    query: { 'list-type': '2', 'continuation-token': '***' },
  });
  assert.equal(one(badToken.body, 'Code'), 'InvalidArgument');
});

test('encoding-type=url encodes keys and prefixes in the listing', async () => {
  const listing = await s3.s3request('GET', '/listed', { query: { 'encoding-type': 'url', prefix: 'e ' } });
  assert.deepEqual(all(listing.body, 'Key'), ['e%20f.txt']);
  assert.equal(one(listing.body, 'Prefix'), 'e%20');
  assert.equal(one(listing.body, 'EncodingType'), 'url');
  const wrong = await s3.s3request('GET', '/listed', { query: { 'encoding-type': 'base64' } });
  assert.equal(one(wrong.body, 'Code'), 'InvalidArgument');
});

test('DeleteObjects deletes many keys (absent ones too), Quiet leaves Deleted out, Content-MD5 is required', async () => {
  await s3.s3request('PUT', '/sweep');
  for (const key of ['x1', 'x2', 'x3']) await s3.s3request('PUT', `/sweep/${key}`, { body: key });
  const document = (keys: string[], quiet = false) =>
    `<Delete>${quiet ? '<Quiet>true</Quiet>' : ''}${keys.map((key) => `<Object><Key>${key}</Key></Object>`).join('')}</Delete>`;
  const md5 = (text: string) => createHash('md5').update(text).digest('base64');

  const body = document(['x1', 'x2', 'never-there']);
  const deleted = await s3.s3request('POST', '/sweep', {
    query: { delete: '' },
    body,
    headers: { 'content-md5': md5(body) },
  });
  assert.equal(deleted.statusCode, 200, deleted.body);
  assert.match(
    deleted.body,
    /^<\?xml[^>]*>\n<DeleteResult xmlns="http:\/\/s3.amazonaws.com\/doc\/2006-03-01\/">/,
  );
  assert.deepEqual(all(deleted.body, 'Key'), ['x1', 'x2', 'never-there']);
  assert.equal((await s3.s3request('HEAD', '/sweep/x1')).statusCode, 404);

  const quiet = document(['x3'], true);
  const silent = await s3.s3request('POST', '/sweep', {
    query: { delete: '' },
    body: quiet,
    headers: { 'content-md5': md5(quiet) },
  });
  assert.deepEqual(all(silent.body, 'Key'), []);
  assert.equal((await s3.s3request('HEAD', '/sweep/x3')).statusCode, 404);

  const unsigned = await s3.s3request('POST', '/sweep', { query: { delete: '' }, body });
  assert.equal(one(unsigned.body, 'Code'), 'InvalidRequest');
  const wrong = await s3.s3request('POST', '/sweep', {
    query: { delete: '' },
    body,
    headers: { 'content-md5': md5('other') },
  });
  assert.equal(one(wrong.body, 'Code'), 'BadDigest');
  const garbled = '<Delete><Object></Object></Delete>';
  const noKey = await s3.s3request('POST', '/sweep', {
    query: { delete: '' },
    body: garbled,
    headers: { 'content-md5': md5(garbled) },
  });
  assert.equal(one(noKey.body, 'Code'), 'UserKeyMustBeSpecified');

  const denied = await s3.s3request('POST', '/sweep', {
    caller: 'other',
    query: { delete: '' },
    body,
    headers: { 'content-md5': md5(body) },
  });
  assert.equal(one(denied.body, 'Code'), 'NoSuchBucket');
});
