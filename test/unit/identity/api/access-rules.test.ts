import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { identityTestApp, type IdentityTestApp } from '../../../helpers/identity-app.js';
import {
  applicationCredentialToken,
  createApplicationCredential,
  passwordToken,
  type IssuedToken,
} from '../../../helpers/identity-tokens.js';

const SERVERS_IPS = { path: '/v2.1/servers/*/ips', method: 'GET', service: 'compute' };

// Access rules with real tokens: made by creating application credentials, shared per user,
// listed, shown and deleted under /v3/users/{user_id}/access_rules, and shown in tokens.
describe('access rules', () => {
  let identity: IdentityTestApp;
  let demo: IssuedToken;
  let admin: IssuedToken;
  let rulesOfDemo: string;
  before(async () => {
    identity = await identityTestApp({ realTokens: true });
    demo = await passwordToken(identity, 'demo');
    admin = await passwordToken(identity, 'admin');
    rulesOfDemo = `/identity/v3/users/${identity.ids.demoUser}/access_rules`;
  });
  after(() => identity.close());

  const call = (method: 'GET' | 'DELETE', url: string, token: string, headers: Record<string, string> = {}) =>
    identity.app.inject({ method, url, headers: { 'x-auth-token': token, ...headers } });
  const credentialUrl = (id: string) =>
    `/identity/v3/users/${identity.ids.demoUser}/application_credentials/${id}`;
  const listIds = async (query = '') =>
    (await call('GET', `${rulesOfDemo}${query}`, demo.token))
      .json()
      .access_rules.map((rule: { id: string }) => rule.id);

  test('as Tempest: list, show, and delete only once no credential uses the rule', async () => {
    const credential = await createApplicationCredential(identity, demo, {
      name: 'tempest-like',
      access_rules: [SERVERS_IPS],
    });
    const ruleId = credential.access_rules![0].id;

    const listed = await call('GET', rulesOfDemo, demo.token);
    assert.equal(listed.statusCode, 200);
    assert.deepEqual(listed.json().access_rules, [
      {
        id: ruleId,
        ...SERVERS_IPS,
        links: { self: `http://stratus.test/identity/v3/access_rules/${ruleId}` },
      },
    ]);
    assert.equal(
      listed.json().links.self,
      `http://stratus.test/identity/v3/users/${identity.ids.demoUser}/access_rules`,
    );
    const shown = await call('GET', `${rulesOfDemo}/${ruleId}`, demo.token);
    assert.equal(shown.statusCode, 200);
    assert.deepEqual(shown.json().access_rule, listed.json().access_rules[0]);

    const inUse = await call('DELETE', `${rulesOfDemo}/${ruleId}`, demo.token);
    assert.equal(inUse.statusCode, 403);
    assert.deepEqual(inUse.json().error, {
      code: 403,
      title: 'Forbidden',
      message: 'May not delete access rule in use',
    });

    // Deleting the credential keeps the rule: it is the user's.
    assert.equal((await call('DELETE', credentialUrl(credential.id), demo.token)).statusCode, 204);
    assert.deepEqual(await listIds(), [ruleId]);
    assert.equal((await call('DELETE', `${rulesOfDemo}/${ruleId}`, demo.token)).statusCode, 204);
    assert.deepEqual(await listIds(), []);
    const gone = await call('GET', `${rulesOfDemo}/${ruleId}`, demo.token);
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().error.message, `Could not find Access Rule: ${ruleId}.`);
    assert.equal((await call('DELETE', `${rulesOfDemo}/${ruleId}`, demo.token)).statusCode, 404);
  });

  test('a user’s rules are shared: the same service, path and method is one rule; an id names one', async () => {
    const images = { service: 'image', path: '/v2/images', method: 'GET' };
    const first = await createApplicationCredential(identity, demo, {
      name: 'shared-1',
      access_rules: [images, SERVERS_IPS],
    });
    const [imagesRule, serversRule] = first.access_rules!;
    const second = await createApplicationCredential(identity, demo, {
      name: 'shared-2',
      access_rules: [{ ...images }, { id: serversRule.id }, { ...images }],
    });
    assert.deepEqual(second.access_rules, first.access_rules);
    assert.deepEqual((await listIds()).sort(), [imagesRule.id, serversRule.id].sort());

    assert.deepEqual(await listIds('?service=image'), [imagesRule.id]);
    assert.deepEqual(await listIds('?path=/v2.1/servers/*/ips&method=GET'), [serversRule.id]);
    assert.deepEqual(await listIds('?method=POST'), []);

    for (const credential of [first, second]) {
      assert.equal((await call('DELETE', credentialUrl(credential.id), demo.token)).statusCode, 204);
    }
    for (const rule of [imagesRule, serversRule]) {
      assert.equal((await call('DELETE', `${rulesOfDemo}/${rule.id}`, demo.token)).statusCode, 204);
    }
  });

  test('another user’s rules are neither listed, shown, deleted nor used', async () => {
    const theirs = await createApplicationCredential(identity, admin, {
      name: 'admins',
      access_rules: [SERVERS_IPS],
    });
    const theirRule = theirs.access_rules![0].id;
    const rulesOfAdmin = `/identity/v3/users/${identity.ids.adminUser}/access_rules`;

    assert.equal((await call('GET', rulesOfAdmin, demo.token)).statusCode, 403);
    assert.equal((await call('GET', `${rulesOfAdmin}/${theirRule}`, demo.token)).statusCode, 403);
    assert.equal((await call('DELETE', `${rulesOfAdmin}/${theirRule}`, demo.token)).statusCode, 403);
    // With its own id in the path the caller passes policy, but the rule is not its own.
    assert.equal((await call('GET', `${rulesOfDemo}/${theirRule}`, demo.token)).statusCode, 404);
    assert.equal((await call('DELETE', `${rulesOfDemo}/${theirRule}`, demo.token)).statusCode, 404);
    const borrowed = await identity.app.inject({
      method: 'POST',
      url: `/identity/v3/users/${identity.ids.demoUser}/application_credentials`,
      headers: { 'x-auth-token': demo.token },
      payload: { application_credential: { name: 'borrowed', access_rules: [{ id: theirRule }] } },
    });
    assert.equal(borrowed.statusCode, 400);
    assert.equal(
      borrowed.json().error.message,
      `Invalid application credential: Could not find Access Rule: ${theirRule}.`,
    );
    // An admin may look at a user's rules.
    assert.equal((await call('GET', rulesOfAdmin, admin.token)).statusCode, 200);
  });

  test('the token shows the rules; only a validator that enforces them may see it', async () => {
    const credential = await createApplicationCredential(identity, demo, {
      name: 'token-rules',
      access_rules: [{ service: 'identity', path: '/v3/users/*', method: 'GET' }],
    });
    const limited = await applicationCredentialToken(identity, credential);
    assert.deepEqual(limited.body.application_credential, {
      id: credential.id,
      name: 'token-rules',
      restricted: true,
      access_rules: credential.access_rules,
    });
    const validate = (headers: Record<string, string>) =>
      call('GET', '/identity/v3/auth/tokens', admin.token, { 'x-subject-token': limited.token, ...headers });
    const unaware = await validate({});
    assert.equal(unaware.statusCode, 404);
    assert.equal(unaware.json().error.message, 'Failed to validate token');
    const aware = await validate({ 'openstack-identity-access-rules': '1.0' });
    assert.equal(aware.statusCode, 200);
    assert.deepEqual(aware.json().token.application_credential.access_rules, credential.access_rules);

    // A credential without rules: its token shows none and validates for anyone.
    const plain = await createApplicationCredential(identity, demo, { name: 'token-plain' });
    const unlimited = await applicationCredentialToken(identity, plain);
    assert.equal('access_rules' in unlimited.body.application_credential!, false);
    const shown = await call('GET', '/identity/v3/auth/tokens', admin.token, {
      'x-subject-token': unlimited.token,
    });
    assert.equal(shown.statusCode, 200);
  });

  test('identity itself enforces the rules of the token it is called with', async () => {
    const credential = await createApplicationCredential(identity, demo, {
      name: 'identity-rules',
      access_rules: [{ service: 'identity', path: '/v3/users/*', method: 'GET' }],
    });
    const { token } = await applicationCredentialToken(identity, credential);
    const me = await call('GET', `/identity/v3/users/${identity.ids.demoUser}`, token);
    assert.equal(me.statusCode, 200, me.body);
    const refused = await call('GET', '/identity/v3/projects', token);
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.json().error.message, 'The request you have made requires authentication.');
    assert.equal(refused.headers['www-authenticate'], 'Keystone uri="http://stratus.test/identity/v3"');
    // One segment only: the rule does not reach the user's credentials.
    const deeper = await call(
      'GET',
      `/identity/v3/users/${identity.ids.demoUser}/application_credentials`,
      token,
    );
    assert.equal(deeper.statusCode, 401);
    // The token may always be validated, here by itself.
    const validated = await call('GET', '/identity/v3/auth/tokens', token, {
      'x-subject-token': token,
      'openstack-identity-access-rules': '1.0',
    });
    assert.equal(validated.statusCode, 200);
  });

  test('deleting the user deletes its rules', async () => {
    const asAdmin = (method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
      identity.app.inject({
        method,
        url: `/identity/v3${url}`,
        headers: { 'x-auth-token': admin.token },
        payload,
      });
    const created = await asAdmin('POST', '/users', {
      user: { name: 'leaving', password: 'leaving-secret', domain_id: 'default' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const userId = created.json().user.id;
    const grant = `/projects/${identity.ids.demoProject}/users/${userId}/roles/${identity.ids.roles.member}`;
    assert.equal((await asAdmin('PUT', grant)).statusCode, 204);
    const issued = await identity.app.inject({
      method: 'POST',
      url: '/identity/v3/auth/tokens',
      payload: {
        auth: {
          identity: { methods: ['password'], password: { user: { id: userId, password: 'leaving-secret' } } },
          scope: { project: { id: identity.ids.demoProject } },
        },
      },
    });
    const leaving = { token: issued.headers['x-subject-token'] as string, body: issued.json().token };
    await createApplicationCredential(identity, leaving, { name: 'leaving', access_rules: [SERVERS_IPS] });
    const rulesOfLeaving = `/identity/v3/users/${userId}/access_rules`;
    assert.equal((await call('GET', rulesOfLeaving, admin.token)).json().access_rules.length, 1);

    assert.equal((await asAdmin('DELETE', `/users/${userId}`)).statusCode, 204);
    const after = await call('GET', rulesOfLeaving, admin.token);
    assert.equal(after.statusCode, 200);
    assert.deepEqual(after.json().access_rules, []);
  });
});
