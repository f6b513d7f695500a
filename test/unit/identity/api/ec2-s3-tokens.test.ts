import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { newAuditId } from '../../../../src/identity/tokens/index.js';
import { v4SigningKey } from '../../../../src/identity/credentials/s3-signature.js';
import { identityTestApp, type IdentityTestApp } from '../../../helpers/identity-app.js';

const V2_STRING = 'GET\n\n\nSat, 21 Nov 2026 15:00:00 GMT\n/object-store/bucket/key';

function v4String(date: string, service = 's3'): string {
  const hash = createHash('sha256')
    .update('GET\n/bucket/key\n\nhost:example\n\nhost\nUNSIGNED')
    .digest('hex');
  return `AWS4-HMAC-SHA256\n${date}T150000Z\n${date}/RegionOne/${service}/aws4_request\n${hash}`;
}

describe('POST /v3/s3tokens and /v3/ec2tokens', () => {
  let identity: IdentityTestApp;
  let key: { access: string; secret: string };
  /** Password tokens of admin (admin on project admin) and demo (member on project demo). */
  const tokens = { admin: '', member: '' };
  before(async () => {
    identity = await identityTestApp({ realTokens: true });
    const issue = async (userId: string, projectId: string) => {
      const now = new Date();
      const token = await identity.deps.tokens.issue({
        userId,
        methods: ['password'],
        scope: { kind: 'project', projectId },
        applicationCredentialId: null,
        issuedAt: now,
        expiresAt: new Date(now.getTime() + 3600_000),
        auditIds: [newAuditId()],
      });
      return token.token;
    };
    tokens.admin = await issue(identity.ids.adminUser, identity.ids.adminProject);
    tokens.member = await issue(identity.ids.demoUser, identity.ids.demoProject);
    const base = `/identity/v3/users/${identity.ids.demoUser}/credentials/OS-EC2`;
    const created = await identity.request('POST', base, tokens.member, {
      tenant_id: identity.ids.demoProject,
    });
    key = created.json().credential;
  });
  after(() => identity.close());

  const s3tokens = (credentials: Record<string, unknown>, token = tokens.admin) =>
    identity.request('POST', '/identity/v3/s3tokens', token, { credentials });
  const s3Body = (stringToSign: string, signature: string) => ({
    access: key.access,
    token: Buffer.from(stringToSign).toString('base64'),
    signature,
  });

  test('a Signature V2 signature gets a token of the key owner on its project', async () => {
    const signature = createHmac('sha1', key.secret).update(V2_STRING).digest('base64');
    const response = await s3tokens(s3Body(V2_STRING, signature));
    assert.equal(response.statusCode, 200, response.body);
    const { token } = response.json();
    assert.equal(token.user.id, identity.ids.demoUser);
    assert.equal(token.project.id, identity.ids.demoProject);
    assert.deepEqual(token.methods, ['ec2credential']);
    assert.ok(token.roles.some((role: { name: string }) => role.name === 'member'));
    const subject = response.headers['x-subject-token'] as string;
    const shown = await identity.app.inject({
      method: 'GET',
      url: '/identity/v3/auth/tokens',
      headers: { 'x-auth-token': subject, 'x-subject-token': subject },
    });
    assert.equal(shown.statusCode, 200, shown.body);
    assert.deepEqual(shown.json().token.methods, ['ec2credential']);
  });

  test('a Signature V4 signature is checked with the key derived from its scope', async () => {
    const stringToSign = v4String('20261121');
    const signature = createHmac('sha256', v4SigningKey(key.secret, '20261121', 'RegionOne', 's3'))
      .update(stringToSign)
      .digest('hex');
    const response = await s3tokens(s3Body(stringToSign, signature));
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().token.project.id, identity.ids.demoProject);
  });

  test('a wrong signature, a scope of another service or an unknown key is refused', async () => {
    const wrong = await s3tokens(s3Body(V2_STRING, 'bm90IHRoZSBzaWduYXR1cmU='));
    assert.equal(wrong.statusCode, 401);
    assert.deepEqual(wrong.json().error, {
      code: 401,
      title: 'Unauthorized',
      message: 'Credential signature mismatch',
    });
    const otherService = await s3tokens(s3Body(v4String('20261121', 'ec2'), 'ab'));
    assert.equal(otherService.statusCode, 401);
    assert.equal(otherService.json().error.message, 'Invalid EC2 signature.');
    const unknown = await s3tokens({ ...s3Body(V2_STRING, 'x'), access: 'unknown' });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.message, 'EC2 access key not found.');
  });

  test('bodies without credentials are refused as Keystone refuses them', async () => {
    const empty = await identity.request('POST', '/identity/v3/s3tokens', tokens.admin, {});
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().error.message, 'request must include a request body');
    const noAccess = await s3tokens({ signature: 'x' });
    assert.equal(noAccess.statusCode, 401);
    assert.equal(noAccess.json().error.message, 'EC2 Signature not supplied');
  });

  test('only services and admins may ask', async () => {
    const signature = createHmac('sha1', key.secret).update(V2_STRING).digest('base64');
    const asMember = await s3tokens(s3Body(V2_STRING, signature), tokens.member);
    assert.equal(asMember.statusCode, 403);
    const anonymous = await identity.app.inject({
      method: 'POST',
      url: '/identity/v3/s3tokens',
      payload: { credentials: s3Body(V2_STRING, signature) },
    });
    assert.equal(anonymous.statusCode, 401);
  });

  test('ec2tokens checks a SignatureVersion 2 query signature, with or without the port', async () => {
    const params = {
      AWSAccessKeyId: key.access,
      Action: 'DescribeInstances',
      SignatureMethod: 'HmacSHA256',
      SignatureVersion: '2',
      Timestamp: new Date().toISOString(),
      Version: '2013-10-15',
    };
    const query = Object.keys(params)
      .sort()
      .map((name) => `${name}=${encodeURIComponent(params[name as keyof typeof params])}`)
      .join('&');
    const sign = (host: string) =>
      createHmac('sha256', key.secret).update(`GET\n${host}\n/\n${query}`).digest('base64');
    const ec2tokens = (signature: string) =>
      identity.request('POST', '/identity/v3/ec2tokens', tokens.admin, {
        credentials: { access: key.access, signature, host: 'ec2:8788', verb: 'GET', path: '/', params },
      });
    const withPort = await ec2tokens(sign('ec2:8788'));
    assert.equal(withPort.statusCode, 200, withPort.body);
    assert.ok(withPort.headers['x-subject-token']);
    assert.equal(withPort.json().token.user.id, identity.ids.demoUser);
    assert.equal((await ec2tokens(sign('ec2'))).statusCode, 200);
    const wrong = await ec2tokens(sign('other'));
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().error.message, 'Invalid EC2 signature.');
  });

  test('ec2tokens refuses a request signed longer ago than auth_ttl', async () => {
    const params = { SignatureVersion: '0', Action: 'X', Timestamp: '2020-01-01T00:00:00Z' };
    const signature = createHmac('sha1', key.secret).update('X2020-01-01T00:00:00Z').digest('base64');
    const response = await identity.request('POST', '/identity/v3/ec2tokens', tokens.admin, {
      ec2Credentials: { access: key.access, signature, host: 'h', verb: 'GET', path: '/', params },
    });
    assert.equal(response.statusCode, 401);
    assert.equal(response.json().error.message, 'Credential is expired');
  });
});
