import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { identityTestApp, type IdentityTestApp } from '../../../helpers/identity-app.js';

const passwordAuth = (name: string, password: string, scope?: unknown) => ({
  auth: {
    identity: { methods: ['password'], password: { user: { name, domain: { name: 'Default' }, password } } },
    ...(scope === undefined ? {} : { scope }),
  },
});
const adminProject = { project: { name: 'admin', domain: { id: 'default' } } };

describe('tokens through the API', () => {
  let identity: IdentityTestApp;
  const post = (body: unknown, query = '') =>
    identity.app.inject({ method: 'POST', url: `/identity/v3/auth/tokens${query}`, payload: body as object });
  const issue = async (body: unknown) => {
    const response = await post(body);
    assert.equal(response.statusCode, 201, response.body);
    return { token: response.headers['x-subject-token'] as string, body: response.json().token };
  };
  const validate = (auth: string, subject: string, method: 'GET' | 'HEAD' | 'DELETE' = 'GET') =>
    identity.app.inject({
      method,
      url: '/identity/v3/auth/tokens',
      headers: { 'x-auth-token': auth, 'x-subject-token': subject },
    });

  before(async () => {
    identity = await identityTestApp({ realTokens: true });
  });
  after(() => identity.close());

  test('a password token scoped to a project by name has the upstream body', async () => {
    const { token, body } = await issue(passwordAuth('admin', 'admin-secret', adminProject));
    assert.ok(token.length < 255, `token of ${token.length} characters`);
    assert.deepEqual(body.methods, ['password']);
    assert.deepEqual(body.user, {
      domain: { id: 'default', name: 'Default' },
      id: identity.ids.adminUser,
      name: 'admin',
      password_expires_at: null,
    });
    assert.deepEqual(body.project, {
      domain: { id: 'default', name: 'Default' },
      id: identity.ids.adminProject,
      name: 'admin',
    });
    assert.equal(body.is_domain, false);
    assert.deepEqual(body.roles.map((r: { name: string }) => r.name).sort(), ['admin', 'member', 'reader']);
    assert.match(body.expires_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000Z$/);
    assert.match(body.issued_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000000Z$/);
    assert.equal(Date.parse(body.expires_at) - Date.parse(body.issued_at), 3600_000);
    assert.equal(body.audit_ids.length, 1);
    assert.match(body.audit_ids[0], /^[A-Za-z0-9_-]{22}$/);
    assert.equal(body.catalog[0].type, 'identity');
  });

  test('?nocatalog leaves the catalog out', async () => {
    const response = await post(passwordAuth('admin', 'admin-secret', adminProject), '?nocatalog');
    assert.equal(response.json().token.catalog, undefined);
  });

  test('a wrong password is 401 with the Keystone challenge', async () => {
    const response = await post(passwordAuth('admin', 'wrong', adminProject));
    assert.equal(response.statusCode, 401);
    assert.match(response.headers['www-authenticate'] as string, /^Keystone uri="/);
    assert.deepEqual(response.json(), {
      error: {
        code: 401,
        title: 'Unauthorized',
        message: 'The request you have made requires authentication.',
      },
    });
  });

  test('a project where the user has no role is refused', async () => {
    const response = await post(passwordAuth('demo', 'demo-secret', adminProject));
    assert.equal(response.statusCode, 401);
  });

  test('GET validates, HEAD checks, DELETE revokes, then the token is not found', async () => {
    const admin = await issue(passwordAuth('admin', 'admin-secret', adminProject));
    const demo = await issue(
      passwordAuth('demo', 'demo-secret', { project: { name: 'demo', domain: { name: 'Default' } } }),
    );
    const validated = await validate(admin.token, demo.token);
    assert.equal(validated.statusCode, 200);
    assert.equal(validated.headers['x-subject-token'], demo.token);
    assert.equal(validated.json().token.user.name, 'demo');
    assert.equal((await validate(admin.token, demo.token, 'HEAD')).statusCode, 200);
    // A user may validate and revoke its own token.
    assert.equal((await validate(demo.token, demo.token, 'DELETE')).statusCode, 204);
    assert.equal((await validate(admin.token, demo.token)).statusCode, 404);
    assert.equal((await validate(admin.token, demo.token, 'HEAD')).statusCode, 404);
    assert.equal((await validate(admin.token, 'garbage')).statusCode, 404);
    const reuse = await identity.app.inject({
      method: 'GET',
      url: '/identity/v3/auth/catalog',
      headers: { 'x-auth-token': demo.token },
    });
    assert.equal(reuse.statusCode, 401);
    // Exchanging a revoked token for a new one is Keystone's 404.
    const exchange = await post({ auth: { identity: { methods: ['token'], token: { id: demo.token } } } });
    assert.equal(exchange.statusCode, 404);
  });

  test('an ordinary user cannot validate somebody else’s token', async () => {
    const admin = await issue(passwordAuth('admin', 'admin-secret', adminProject));
    const demo = await issue(
      passwordAuth('demo', 'demo-secret', { project: { name: 'demo', domain: { name: 'Default' } } }),
    );
    assert.equal((await validate(demo.token, admin.token)).statusCode, 403);
  });

  test('rescoping with the token method keeps the expiry and extends the audit chain', async () => {
    const unscoped = await issue(passwordAuth('admin', 'admin-secret', 'unscoped'));
    assert.equal(unscoped.body.project, undefined);
    assert.equal(unscoped.body.roles, undefined);
    assert.equal(unscoped.body.catalog, undefined, 'an unscoped token has no catalog');
    const scoped = await issue({
      auth: { identity: { methods: ['token'], token: { id: unscoped.token } }, scope: adminProject },
    });
    assert.deepEqual(scoped.body.methods.sort(), ['password', 'token']);
    assert.equal(scoped.body.expires_at, unscoped.body.expires_at);
    assert.equal(scoped.body.audit_ids.length, 2);
    assert.equal(scoped.body.audit_ids[1], unscoped.body.audit_ids[0]);
    const system = await issue({
      auth: {
        identity: { methods: ['token'], token: { id: scoped.token } },
        scope: { system: { all: true } },
      },
    });
    assert.deepEqual(system.body.system, { all: true });
    assert.equal(system.body.audit_ids[1], unscoped.body.audit_ids[0]);
  });

  test('without a scope the token is scoped to the default project', async () => {
    const { body } = await issue(passwordAuth('demo', 'demo-secret'));
    assert.equal(body.project.name, 'demo');
  });

  test('a domain scope without a role on the domain is refused', async () => {
    const response = await post(passwordAuth('admin', 'admin-secret', { domain: { id: 'default' } }));
    assert.equal(response.statusCode, 401);
  });

  test('disabling a user revokes its tokens', async () => {
    const admin = await issue(passwordAuth('admin', 'admin-secret', adminProject));
    const created = await identity.app.inject({
      method: 'POST',
      url: '/identity/v3/users',
      headers: { 'x-auth-token': admin.token },
      payload: {
        user: { name: 'short-lived', password: 'pw-123456', default_project_id: identity.ids.demoProject },
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const userId = created.json().user.id;
    const grant = await identity.app.inject({
      method: 'PUT',
      url: `/identity/v3/projects/${identity.ids.demoProject}/users/${userId}/roles/${identity.ids.roles.member}`,
      headers: { 'x-auth-token': admin.token },
    });
    assert.equal(grant.statusCode, 204, grant.body);
    const user = await issue(passwordAuth('short-lived', 'pw-123456'));
    assert.equal((await validate(admin.token, user.token)).statusCode, 200);
    const disabled = await identity.app.inject({
      method: 'PATCH',
      url: `/identity/v3/users/${userId}`,
      headers: { 'x-auth-token': admin.token },
      payload: { user: { enabled: false } },
    });
    assert.equal(disabled.statusCode, 200);
    assert.equal((await validate(admin.token, user.token)).statusCode, 404);
  });

  test('removing the only role revokes the project token', async () => {
    const admin = await issue(passwordAuth('admin', 'admin-secret', adminProject));
    const demo = await issue(
      passwordAuth('demo', 'demo-secret', { project: { name: 'demo', domain: { name: 'Default' } } }),
    );
    const revoke = await identity.app.inject({
      method: 'DELETE',
      url: `/identity/v3/projects/${identity.ids.demoProject}/users/${identity.ids.demoUser}/roles/${identity.ids.roles.member}`,
      headers: { 'x-auth-token': admin.token },
    });
    assert.equal(revoke.statusCode, 204);
    assert.equal((await validate(admin.token, demo.token)).statusCode, 404);
  });
});
