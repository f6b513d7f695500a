import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findApplicationCredential } from '../../../../src/identity/application-credentials/application-credentials.js';
import { verifyPassword } from '../../../../src/identity/passwords.js';
import { identityTestApp, type IdentityTestApp } from '../../../helpers/identity-app.js';

describe('application credentials', () => {
  let identity: IdentityTestApp;
  let base: string;
  before(async () => {
    identity = await identityTestApp();
    base = `/identity/v3/users/${identity.ids.demoUser}/application_credentials`;
  });
  after(() => identity.close());

  const create = async (body: object, caller = 'member') => {
    const response = await identity.request('POST', base, caller, { application_credential: body });
    assert.equal(response.statusCode, 201, response.body);
    return response.json().application_credential;
  };
  const roleNames = (credential: { roles: { name: string }[] }) => credential.roles.map((r) => r.name).sort();

  test('the secret is generated, shown once and stored only as a hash', async () => {
    const created = await create({ name: 'once', description: 'for CI' });
    assert.match(created.secret, /^[A-Za-z0-9_-]{86}$/);
    assert.equal(created.user_id, identity.ids.demoUser);
    assert.equal(created.project_id, identity.ids.demoProject);
    assert.equal(created.description, 'for CI');
    assert.equal(created.expires_at, null);
    assert.equal(created.unrestricted, false);
    assert.equal(created.system, null);
    // By default it carries every role of the creating token.
    assert.deepEqual(roleNames(created), ['member', 'reader']);
    assert.equal(created.links.self, `http://stratus.test/identity/v3/application_credentials/${created.id}`);

    const shown = (await identity.request('GET', `${base}/${created.id}`, 'member')).json()
      .application_credential;
    assert.equal('secret' in shown, false);
    const { secret, ...rest } = created;
    assert.deepEqual(shown, rest);

    const stored = await findApplicationCredential(identity.db, { id: created.id });
    assert.ok(stored);
    assert.notEqual(stored.secret_hash, secret);
    assert.equal(await verifyPassword(secret, stored.secret_hash), true);
    assert.deepEqual(stored.roleIds.sort(), [identity.ids.roles.member, identity.ids.roles.reader].sort());
    const byName = await findApplicationCredential(identity.db, {
      name: 'once',
      userId: identity.ids.demoUser,
    });
    assert.equal(byName?.id, created.id);
  });

  test('a given secret is used; names are unique per user', async () => {
    const created = await create({ name: 'mine', secret: 'my-secret', unrestricted: true });
    assert.equal(created.secret, 'my-secret');
    assert.equal(created.unrestricted, true);
    const again = await identity.request('POST', base, 'member', {
      application_credential: { name: 'mine' },
    });
    assert.equal(again.statusCode, 409);
    assert.equal(
      again.json().error.message,
      'Conflict occurred attempting to store application_credential - Duplicate entry found with name mine.',
    );
  });

  test('roles are a subset of the token’s, named by id or name', async () => {
    const byName = await create({ name: 'reader-only', roles: [{ name: 'reader' }] });
    assert.deepEqual(roleNames(byName), ['reader']);
    const byId = await create({ name: 'member-only', roles: [{ id: identity.ids.roles.member }] });
    assert.deepEqual(roleNames(byId), ['member']);

    const notInToken = await identity.request('POST', base, 'member', {
      application_credential: { name: 'escalate', roles: [{ name: 'admin' }] },
    });
    assert.equal(notInToken.statusCode, 400);
    assert.equal(
      notInToken.json().error.message,
      'Invalid application credential: Cannot create an application credential with unassigned role',
    );
    const unknown = await identity.request('POST', base, 'member', {
      application_credential: { name: 'ghost', roles: [{ name: 'ghost' }] },
    });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.message, 'Role ghost is not defined');
  });

  test('a role in the token that the user no longer holds on the project is refused', async () => {
    identity.as('stale', {
      userId: identity.ids.demoUser,
      projectId: identity.ids.demoProject,
      roles: ['admin', 'member', 'reader'],
    });
    const response = await identity.request('POST', base, 'stale', {
      application_credential: { name: 'stale', roles: [{ name: 'admin' }] },
    });
    assert.equal(response.statusCode, 400);
    assert.equal(
      response.json().error.message,
      `Invalid application credential: Could not find role assignment with role: ${identity.ids.roles.admin}, ` +
        `user or group: ${identity.ids.demoUser}, project, domain, or system: ${identity.ids.demoProject}.`,
    );
  });

  test('expires_at keeps microseconds and is shown without a zone; past or malformed is a 400', async () => {
    const created = await create({ name: 'expiring', expires_at: '2031-02-03T04:05:06.123456' });
    assert.equal(created.expires_at, '2031-02-03T04:05:06.123456');
    const zulu = await create({ name: 'expiring-z', expires_at: '2031-02-03T04:05:06Z' });
    assert.equal(zulu.expires_at, '2031-02-03T04:05:06.000000');
    const past = await identity.request('POST', base, 'member', {
      application_credential: { name: 'past', expires_at: '2001-01-01T00:00:00' },
    });
    assert.equal(past.statusCode, 400);
    assert.match(past.json().error.message, /^The 'expires_at' must not be before now\./);
    const garbage = await identity.request('POST', base, 'member', {
      application_credential: { name: 'garbage', expires_at: 'soon' },
    });
    assert.equal(garbage.statusCode, 400);
    assert.match(garbage.json().error.message, /^Timestamp not in expected format\./);
  });

  test('only the user itself creates one, with a project-scoped token', async () => {
    const forOther = await identity.request(
      'POST',
      `/identity/v3/users/${identity.ids.adminUser}/application_credentials`,
      'member',
      { application_credential: { name: 'x' } },
    );
    assert.equal(forOther.statusCode, 403);
    const adminForMember = await identity.request('POST', base, 'admin', {
      application_credential: { name: 'x' },
    });
    assert.equal(adminForMember.statusCode, 403);
    identity.as('domain-scoped', {
      userId: identity.ids.demoUser,
      domainId: 'default',
      domainName: 'Default',
      roles: ['member', 'reader'],
    });
    const unscoped = await identity.request('POST', base, 'domain-scoped', {
      application_credential: { name: 'x' },
    });
    assert.equal(unscoped.statusCode, 400);
  });

  test('bad input is a 400 naming the field', async () => {
    const cases: [object, RegExp][] = [
      [{}, /application_credential\/name/],
      [{ name: 'x', unknown: 1 }, /application_credential\/unknown/],
      [{ name: 'x', unrestricted: 'yes' }, /application_credential\/unrestricted/],
      [{ name: 'x', roles: [{ id: 'a', name: 'b' }] }, /application_credential\/roles\/0/],
      [
        { name: 'x', access_rules: [{ path: '/v2.1/servers', method: 'get', service: 'compute' }] },
        /^Invalid input for field 'body\/application_credential\/access_rules\/0\/method'/,
      ],
      [
        { name: 'x', access_rules: [{ path: 'v2.1/servers', method: 'GET', service: 'compute' }] },
        /^Invalid input for field 'body\/application_credential\/access_rules\/0\/path'/,
      ],
      [
        { name: 'x', access_rules: [{ path: '/v2.1/servers', method: 'GET', service: 'compute', x: 1 }] },
        /^Invalid input for field 'body\/application_credential\/access_rules\/0\/x'/,
      ],
      [
        { name: 'x', access_rules: [{ path: '/v2.1/servers', service: 'compute' }] },
        /^Invalid input for field 'body\/application_credential\/access_rules\/0\/method': is a required property/,
      ],
      [
        { name: 'x', access_rules: [{}] },
        /^Invalid input for field 'body\/application_credential\/access_rules\/0\//,
      ],
      [
        { name: 'x', access_rules: [{ id: 'not-a-rule' }] },
        /^Invalid application credential: Could not find Access Rule: not-a-rule\.$/,
      ],
    ];
    for (const [body, field] of cases) {
      const response = await identity.request('POST', base, 'member', { application_credential: body });
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.match(response.json().error.message, field);
    }
  });

  test('access rules are shown on create, show and list; a credential without any shows none', async () => {
    const rule = { path: '/v2.1/servers/*/ips', method: 'GET', service: 'compute' };
    const created = await create({ name: 'limited', access_rules: [rule] });
    assert.equal(created.access_rules.length, 1);
    const { id, ...shownRule } = created.access_rules[0];
    assert.match(id, /^[0-9a-f]{32}$/);
    assert.deepEqual(shownRule, rule);
    const shown = (await identity.request('GET', `${base}/${created.id}`, 'member')).json()
      .application_credential;
    assert.deepEqual(shown.access_rules, created.access_rules);
    const listed = (await identity.request('GET', `${base}?name=limited`, 'member')).json()
      .application_credentials;
    assert.deepEqual(listed[0].access_rules, created.access_rules);
    const plain = await create({ name: 'plain', access_rules: [] });
    assert.equal('access_rules' in plain, false);
  });

  test('list (with a name filter) and who may list', async () => {
    await create({ name: 'list-a' });
    await create({ name: 'list-b' });
    const all = (await identity.request('GET', base, 'member')).json();
    assert.ok(all.application_credentials.length >= 2);
    assert.ok(all.application_credentials.every((c: object) => !('secret' in c)));
    const one = (await identity.request('GET', `${base}?name=list-b`, 'member')).json()
      .application_credentials;
    assert.deepEqual(
      one.map((c: { name: string }) => c.name),
      ['list-b'],
    );
    assert.equal((await identity.request('GET', base, 'admin')).statusCode, 200);
    const others = await identity.request(
      'GET',
      `/identity/v3/users/${identity.ids.adminUser}/application_credentials`,
      'member',
    );
    assert.equal(others.statusCode, 403);
  });

  test('policy looks at the stored owner, not the user in the path', async () => {
    identity.as('admin-user', {
      userId: identity.ids.adminUser,
      projectId: identity.ids.demoProject,
      projectName: 'demo',
      projectDomainId: 'default',
      projectDomainName: 'Default',
      roles: ['member', 'reader'],
    });
    const adminsUrl = `/identity/v3/users/${identity.ids.adminUser}/application_credentials`;
    const response = await identity.request('POST', adminsUrl, 'admin-user', {
      application_credential: { name: 'a' },
    });
    assert.equal(response.statusCode, 201, response.body);
    const theirs = response.json().application_credential;
    // The member puts its own id in the path but asks for the admin user's credential.
    assert.equal((await identity.request('GET', `${base}/${theirs.id}`, 'member')).statusCode, 403);
    assert.equal((await identity.request('DELETE', `${base}/${theirs.id}`, 'member')).statusCode, 403);
  });

  test('delete; a deleted one is gone', async () => {
    const created = await create({ name: 'delete-me' });
    assert.equal((await identity.request('DELETE', `${base}/${created.id}`, 'member')).statusCode, 204);
    const gone = await identity.request('GET', `${base}/${created.id}`, 'member');
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().error.message, `Could not find Application Credential: ${created.id}.`);
    assert.equal(await findApplicationCredential(identity.db, { id: created.id }), undefined);
  });

  test('with an application credential token: only an unrestricted one may create or delete', async () => {
    const restricted = await create({ name: 'restricted' });
    const unrestricted = await create({ name: 'unrestricted', unrestricted: true });
    const via = (name: string, id: string) =>
      identity.as(name, {
        userId: identity.ids.demoUser,
        projectId: identity.ids.demoProject,
        roles: ['member', 'reader'],
        methods: ['application_credential'],
        applicationCredentialId: id,
      });
    via('via-restricted', restricted.id);
    via('via-unrestricted', unrestricted.id);

    const refused = await identity.request('POST', base, 'via-restricted', {
      application_credential: { name: 'child' },
    });
    assert.equal(refused.statusCode, 403);
    assert.equal(
      refused.json().error.message,
      "You are not authorized to perform the requested action: Using method 'application_credential' is not allowed for managing additional application credentials.",
    );
    assert.equal((await identity.request('GET', base, 'via-restricted')).statusCode, 200);
    assert.equal(
      (await identity.request('DELETE', `${base}/${restricted.id}`, 'via-restricted')).statusCode,
      403,
    );

    const child = await identity.request('POST', base, 'via-unrestricted', {
      application_credential: { name: 'child' },
    });
    assert.equal(child.statusCode, 201);
  });
});
