import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import {
  amzDate,
  objectStoreTestApp,
  presignV4,
  S3_KEYS,
  signV4,
  type ObjectStoreTestApp,
} from '../../../helpers/object-store-app.js';

let s3: ObjectStoreTestApp;
before(async () => {
  s3 = await objectStoreTestApp();
  assert.equal((await s3.s3request('PUT', '/signed')).statusCode, 200);
  assert.equal((await s3.s3request('PUT', '/signed/note.txt', { body: 'signed words' })).statusCode, 200);
});
after(() => s3.close());

const codeOf = (body: string) => /<Code>([^<]*)<\/Code>/.exec(body)?.[1];

/** A GET of /signed/note.txt signed with V4 at `at`, the path signed with the mount point. */
function signedAt(at: number, extra: Record<string, string> = {}) {
  const headers = {
    host: 'localhost:80',
    'x-amz-date': amzDate(at),
    'x-amz-content-sha256': createHash('sha256').update('').digest('hex'),
    ...extra,
  };
  const { signature, scope, signedHeaders } = signV4(S3_KEYS.member.secret, {
    method: 'GET',
    path: '/object-store/signed/note.txt',
    query: {},
    headers,
    payloadHash: headers['x-amz-content-sha256'],
    at,
  });
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${S3_KEYS.member.access}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

test('Signature V4 over the public path (boto3) or the path below the mount point (s3cmd) is accepted', async () => {
  for (const signedPath of ['public', 'below-mount'] as const) {
    const response = await s3.s3request('GET', '/signed/note.txt', { signedPath });
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.body, 'signed words');
    assert.match(String(response.headers['x-amz-request-id']), /^tx[0-9a-f]{21}-/);
    assert.equal(response.headers['x-amz-id-2'], response.headers['x-amz-request-id']);
  }
});

test('Signature V2 (Authorization: AWS access:signature) is accepted, with sub-resources signed', async () => {
  assert.equal((await s3.s3request('GET', '/signed/note.txt', { signature: 'v2' })).statusCode, 200);
  const acl = await s3.s3request('GET', '/signed', { signature: 'v2', query: { acl: '' } });
  assert.equal(acl.statusCode, 200, acl.body);
  const belowMount = await s3.s3request('GET', '/signed', { signature: 'v2', signedPath: 'below-mount' });
  assert.equal(belowMount.statusCode, 200);
});

test('a wrong signature is SignatureDoesNotMatch, an unknown key InvalidAccessKeyId', async () => {
  for (const signature of ['v4', 'v2'] as const) {
    const wrong = await s3.s3request('GET', '/signed/note.txt', { signature, secret: 'not-the-secret' });
    assert.equal(wrong.statusCode, 403);
    assert.equal(codeOf(wrong.body), 'SignatureDoesNotMatch');
    assert.match(wrong.body, /<RequestId>tx/);
  }
  const unknown = await s3.app.inject({
    method: 'GET',
    url: '/object-store/signed/note.txt',
    headers: { date: new Date().toUTCString(), authorization: 'AWS nobody:c2lnbmF0dXJl' },
  });
  assert.equal(unknown.statusCode, 403);
  assert.equal(codeOf(unknown.body), 'InvalidAccessKeyId');
});

test('a request signed more than 15 minutes away from now is RequestTimeTooSkewed', async () => {
  const fresh = await s3.app.inject({
    method: 'GET',
    url: '/object-store/signed/note.txt',
    headers: signedAt(Date.now() - 60_000),
  });
  assert.equal(fresh.statusCode, 200);
  const stale = await s3.app.inject({
    method: 'GET',
    url: '/object-store/signed/note.txt',
    headers: signedAt(Date.now() - 16 * 60_000),
  });
  assert.equal(stale.statusCode, 403);
  assert.equal(codeOf(stale.body), 'RequestTimeTooSkewed');
});

test('user metadata must be signed under V4, and the payload must match its signed hash', async () => {
  const headers = { ...signedAt(Date.now()), 'x-amz-meta-sneaky': 'yes' };
  const unsigned = await s3.app.inject({ method: 'GET', url: '/object-store/signed/note.txt', headers });
  assert.equal(unsigned.statusCode, 403);
  assert.equal(codeOf(unsigned.body), 'AccessDenied');

  const mismatch = await s3.s3request('PUT', '/signed/tampered.txt', {
    body: 'what was sent',
    headers: { 'x-amz-content-sha256': createHash('sha256').update('what was signed').digest('hex') },
  });
  assert.equal(mismatch.statusCode, 400);
  assert.equal(codeOf(mismatch.body), 'XAmzContentSHA256Mismatch');
  assert.equal((await s3.s3request('HEAD', '/signed/tampered.txt')).statusCode, 404);

  const unsignedPayload = await s3.s3request('PUT', '/signed/unsigned.txt', {
    body: 'anything',
    headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
  });
  assert.equal(unsignedPayload.statusCode, 200);
});

test('a V4 header signature without x-amz-content-sha256 is InvalidRequest', async () => {
  const headers: Record<string, string> = signedAt(Date.now());
  delete headers['x-amz-content-sha256'];
  const response = await s3.app.inject({ method: 'GET', url: '/object-store/signed/note.txt', headers });
  assert.equal(response.statusCode, 400);
  assert.equal(codeOf(response.body), 'InvalidRequest');
});

test('a presigned URL works until it expires', async () => {
  const url = presignV4('GET', '/signed/note.txt', { expires: 60 });
  const fetched = await s3.app.inject({ method: 'GET', url, headers: { host: 'localhost:80' } });
  assert.equal(fetched.statusCode, 200, fetched.body);
  assert.equal(fetched.body, 'signed words');

  const expired = presignV4('GET', '/signed/note.txt', { expires: 60, at: Date.now() - 120_000 });
  const refused = await s3.app.inject({ method: 'GET', url: expired, headers: { host: 'localhost:80' } });
  assert.equal(refused.statusCode, 403);
  assert.equal(codeOf(refused.body), 'AccessDenied');
  assert.match(refused.body, /Request has expired/);

  const tampered = await s3.app.inject({
    method: 'GET',
    url: url.replace('note.txt', 'other.txt'),
    headers: { host: 'localhost:80' },
  });
  assert.equal(codeOf(tampered.body), 'SignatureDoesNotMatch');
});

test('a presigned V2 URL (AWSAccessKeyId, Expires, Signature) works until it expires', async () => {
  const { createHmac } = await import('node:crypto');
  const url = (expires: number) => {
    const signature = createHmac('sha1', S3_KEYS.member.secret)
      .update(`GET\n\n\n${expires}\n/object-store/signed/note.txt`)
      .digest('base64');
    return `/object-store/signed/note.txt?AWSAccessKeyId=${S3_KEYS.member.access}&Expires=${expires}&Signature=${encodeURIComponent(signature)}`;
  };
  const now = Math.floor(Date.now() / 1000);
  assert.equal((await s3.app.inject({ method: 'GET', url: url(now + 60) })).body, 'signed words');
  const expired = await s3.app.inject({ method: 'GET', url: url(now - 60) });
  assert.equal(expired.statusCode, 403);
  assert.match(expired.body, /Request has expired/);
});
