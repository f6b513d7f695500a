import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BASE_URL,
  identityTestApp,
  RecordingRevocations,
  type IdentityTestApp,
} from '../../../helpers/identity-app.js';
import { verifyPassword } from '../../../../src/identity/passwords.js';

interface User {
  id: string;
  name: string;
  domain_id: string;
  enabled: boolean;
  default_project_id?: string;
  password_expires_at: string | null;
  options: Record<string, unknown>;
  links: { self: string };
  [attribute: string]: unknown;
}

const message = (response: { json(): unknown }) =>
  (response.json() as { error: { message: string } }).error.message;

describe('users API', () => {
  let identity: IdentityTestApp;
  let revocations: RecordingRevocations;
  before(async () => {
    revocations = new RecordingRevocations();
    identity = await identityTestApp({ revocations });
  });
  after(() => identity.close());

  const create = (user: Record<string, unknown>, caller = 'admin') =>
    identity.request('POST', '/identity/v3/users', caller, { user });
  const created = async (user: Record<string, unknown>, caller = 'admin') => {
    const response = await create(user, caller);
    assert.equal(response.statusCode, 201, response.body);
    return (response.json() as { user: User }).user;
  };
  const list = async (query = '', caller = 'admin') => {
    const response = await identity.request('GET', `/identity/v3/users${query}`, caller);
    assert.equal(response.statusCode, 200, response.body);
    return (response.json() as { users: User[] }).users;
  };
  const patch = (id: string, user: Record<string, unknown>, caller = 'admin') =>
    identity.request('PATCH', `/identity/v3/users/${id}`, caller, { user });
  const domain = async (name: string) => {
    const response = await identity.request('POST', '/identity/v3/domains', 'admin', { domain: { name } });
    return (response.json() as { domain: { id: string } }).domain.id;
  };
  const currentHash = async (userId: string) =>
    (
      await identity.db
        .selectFrom('password')
        .select('hash')
        .where('user_id', '=', userId)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow()
    ).hash;

  test('creates a user with attributes shown flat, never the password', async () => {
    const user = await created({
      name: 'alice',
      password: 'secret',
      email: 'alice@example.test',
      description: 'first',
      project_id: identity.ids.demoProject,
    });
    assert.deepEqual(user, {
      email: 'alice@example.test',
      description: 'first',
      project_id: identity.ids.demoProject,
      id: user.id,
      name: 'alice',
      domain_id: 'default',
      enabled: true,
      password_expires_at: null,
      options: {},
      links: { self: `${BASE_URL}/v3/users/${user.id}` },
    });
    assert.ok(await verifyPassword('secret', await currentHash(user.id)));
    const shown = (await identity.request('GET', `/identity/v3/users/${user.id}`)).json() as { user: User };
    assert.deepEqual(shown.user, user);
    assert.deepEqual(
      (await list()).find((u) => u.id === user.id),
      user,
    );
  });

  test('shows the default project only when set, and refuses a domain as one', async () => {
    const user = await created({ name: 'with-project', default_project_id: identity.ids.demoProject });
    assert.equal(user.default_project_id, identity.ids.demoProject);
    const refused = await create({ name: 'domain-project', default_project_id: 'default' });
    assert.equal(refused.statusCode, 400);
    assert.equal(message(refused), "User's default project ID cannot be a domain ID: default");
  });

  test('refuses a duplicate name in a domain with Keystone’s 409 and an unknown domain with 404', async () => {
    await created({ name: 'bob' });
    const again = await create({ name: 'bob' });
    assert.equal(again.statusCode, 409);
    assert.equal(
      message(again),
      'Conflict occurred attempting to store user - Duplicate entry found with name bob at domain ID default.',
    );
    await created({ name: 'bob', domain_id: await domain('bobs') });
    const nowhere = await create({ name: 'carol', domain_id: 'f'.repeat(32) });
    assert.equal(nowhere.statusCode, 404);
    assert.equal(message(nowhere), `Could not find domain: ${'f'.repeat(32)}.`);
  });

  test('keeps user options, merging updates and dropping nulls', async () => {
    const user = await created({
      name: 'optioned',
      options: { ignore_password_expiry: true, multi_factor_auth_rules: [['password', 'totp']] },
    });
    assert.deepEqual(user.options, {
      ignore_password_expiry: true,
      multi_factor_auth_rules: [['password', 'totp']],
    });
    const updated = await patch(user.id, { options: { lock_password: true, ignore_password_expiry: null } });
    assert.deepEqual((updated.json() as { user: User }).user.options, {
      multi_factor_auth_rules: [['password', 'totp']],
      lock_password: true,
    });
    for (const options of [{ bogus: true }, { lock_password: 'yes' }, { multi_factor_auth_rules: [[]] }]) {
      const response = await create({ name: 'bad-options', options });
      assert.equal(response.statusCode, 400, JSON.stringify(options));
      assert.match(message(response), /options/);
    }
  });

  test('answers bad input with 400 naming the field', async () => {
    for (const [body, field] of [
      [{ name: '' }, 'name'],
      [{ name: 'a'.repeat(256) }, 'name'],
      [{ name: 'x', enabled: 'yes' }, 'enabled'],
      [{ name: 'x', password: 5 }, 'password'],
      [{ name: 'x', domain_id: 'bad id' }, 'domain_id'],
      [{ email: 'nameless@example.test' }, 'name'],
    ] as const) {
      const response = await create(body);
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.match(message(response), new RegExp(field));
    }
  });

  test('updates merge attributes and echo them as `extra`, as Keystone', async () => {
    const user = await created({ name: 'dave', email: 'old@example.test', description: 'd' });
    const response = await patch(user.id, { name: 'david', email: 'new@example.test', enabled: false });
    assert.equal(response.statusCode, 200);
    const updated = (response.json() as { user: User }).user;
    assert.deepEqual(updated, {
      ...user,
      name: 'david',
      email: 'new@example.test',
      enabled: false,
      extra: { email: 'new@example.test', description: 'd' },
    });
    const { extra: _extra, ...shown } = updated;
    assert.deepEqual(
      ((await identity.request('GET', `/identity/v3/users/${user.id}`)).json() as { user: User }).user,
      shown,
    );
  });

  test('refuses changing the id or the domain', async () => {
    const user = await created({ name: 'fixed-user' });
    const id = await patch(user.id, { id: 'other' });
    assert.equal(id.statusCode, 400);
    assert.equal(message(id), 'Cannot change ID');
    const moved = await patch(user.id, { domain_id: await domain('elsewhere-users') });
    assert.equal(moved.statusCode, 400);
    assert.equal(message(moved), 'Cannot change Domain ID');
    assert.equal((await patch(user.id, {})).statusCode, 400);
  });

  test('revokes tokens when a user is disabled or given a new password, not otherwise', async () => {
    const user = await created({ name: 'erin', password: 'one' });
    revocations.events.length = 0;
    await patch(user.id, { description: 'harmless' });
    assert.deepEqual(revocations.events, []);
    await patch(user.id, { password: 'two' });
    assert.ok(await verifyPassword('two', await currentHash(user.id)));
    assert.deepEqual(revocations.events, [{ userId: user.id }]);
    revocations.events.length = 0;
    await patch(user.id, { enabled: false });
    await patch(user.id, { enabled: false });
    assert.deepEqual(revocations.events, [{ userId: user.id }], 'only the change to disabled revokes');
  });

  test('an admin reset ignores password history and clears a lockout', async () => {
    const user = await created({ name: 'reset', password: 'same' });
    await identity.db
      .updateTable('user')
      .set({ failed_auth_count: 9, failed_auth_at: '2020-01-01T00:00:00.000000Z' })
      .where('id', '=', user.id)
      .execute();
    assert.equal((await patch(user.id, { password: 'same' })).statusCode, 200);
    const row = await identity.db
      .selectFrom('user')
      .select('failed_auth_count')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.failed_auth_count, 0);
  });

  test('deleting a user removes its passwords, memberships and grants and revokes its tokens', async () => {
    const user = await created({ name: 'frank', password: 'x' });
    const group = await identity.request('POST', '/identity/v3/groups', 'admin', {
      group: { name: 'franks' },
    });
    const groupId = (group.json() as { group: { id: string } }).group.id;
    await identity.request('PUT', `/identity/v3/groups/${groupId}/users/${user.id}`);
    await identity.db
      .insertInto('assignment')
      .values({
        type: 'UserProject',
        actor_id: user.id,
        target_id: identity.ids.demoProject,
        role_id: identity.ids.roles.member,
        inherited: 0,
      })
      .execute();
    revocations.events.length = 0;
    assert.equal((await identity.request('DELETE', `/identity/v3/users/${user.id}`)).statusCode, 204);
    assert.deepEqual(revocations.events, [{ userId: user.id }]);
    const missing = await identity.request('GET', `/identity/v3/users/${user.id}`);
    assert.equal(missing.statusCode, 404);
    assert.equal(message(missing), `Could not find user: ${user.id}.`);
    for (const table of ['password', 'user_group_membership'] as const) {
      assert.deepEqual(
        await identity.db.selectFrom(table).select('user_id').where('user_id', '=', user.id).execute(),
        [],
      );
    }
    assert.deepEqual(
      await identity.db.selectFrom('assignment').selectAll().where('actor_id', '=', user.id).execute(),
      [],
    );
  });

  test('filters the list by name, domain and enabled', async () => {
    const d = await domain('user-filters');
    const on = await created({ name: 'on', domain_id: d });
    const off = await created({ name: 'off', domain_id: d, enabled: false });
    const ids = async (query: string) => (await list(query)).map((u) => u.id).sort();
    assert.deepEqual(await ids(`?domain_id=${d}`), [on.id, off.id].sort());
    assert.deepEqual(await ids(`?domain_id=${d}&enabled=false`), [off.id]);
    assert.deepEqual(await ids(`?domain_id=${d}&name=on`), [on.id]);
    assert.deepEqual(await ids(`?domain_id=${d}&name__contains=f`), [off.id]);
    assert.deepEqual(await ids(`?idp_id=anything`), []);
  });

  test('filters by password expiry with Keystone’s operators, over old passwords too', async () => {
    const d = await domain('expiry-filters');
    const user = await created({ name: 'expiring', password: 'x', domain_id: d });
    await identity.db
      .updateTable('password')
      .set({ expires_at: '2030-06-01T12:00:00.000000Z' })
      .where('user_id', '=', user.id)
      .execute();
    const names = async (filter: string) =>
      (await list(`?domain_id=${d}&password_expires_at=${encodeURIComponent(filter)}`))
        .map((u) => u.name)
        .sort();
    assert.deepEqual(await names('lt:2030-06-02T00:00:00Z'), ['expiring']);
    assert.deepEqual(await names('gt:2030-06-02T00:00:00Z'), []);
    assert.deepEqual(await names('2030-06-01T12:00:00Z'), ['expiring']);
    assert.deepEqual(await names('gte:2030-06-01T12:00:00'), ['expiring']);
    assert.deepEqual(await names('neq:2030-06-01T12:00:00Z'), []);
    const shown = (await identity.request('GET', `/identity/v3/users/${user.id}`)).json() as { user: User };
    assert.equal(shown.user.password_expires_at, '2030-06-01T12:00:00.000000');

    // A replaced password expires when it is replaced, and Keystone's filter sees it.
    const rotated = await created({ name: 'rotated', password: 'first', domain_id: d });
    await patch(rotated.id, { password: 'second' });
    assert.equal(
      (await identity.request('GET', `/identity/v3/users/${rotated.id}`)).json().user.password_expires_at,
      null,
    );
    assert.deepEqual(await names('lt:2100-01-01T00:00:00Z'), ['expiring', 'rotated']);

    const badOperator = await identity.request(
      'GET',
      '/identity/v3/users?password_expires_at=xx:2030-06-01T12:00:00Z',
    );
    assert.equal(badOperator.statusCode, 400);
    assert.equal(
      message(badOperator),
      "The given operator xx is not valid. It must be one of the following: 'eq', 'neq', 'lt', 'lte', 'gt', or 'gte'.",
    );
    const badTime = await identity.request('GET', '/identity/v3/users?password_expires_at=lt:yesterday');
    assert.equal(badTime.statusCode, 400);
    assert.match(message(badTime), /^Timestamp not in expected format/);
  });

  test('policy: a member sees itself, not others, and changes nothing', async () => {
    const other = await created({ name: 'not-the-member' });
    assert.equal(
      (await identity.request('GET', `/identity/v3/users/${identity.ids.demoUser}`, 'member')).statusCode,
      200,
    );
    assert.equal((await identity.request('GET', `/identity/v3/users/${other.id}`, 'member')).statusCode, 403);
    assert.equal((await identity.request('GET', '/identity/v3/users', 'member')).statusCode, 403);
    assert.equal((await create({ name: 'by-member' }, 'member')).statusCode, 403);
    assert.equal((await patch(identity.ids.demoUser, { enabled: false }, 'member')).statusCode, 403);
    assert.equal(
      (await identity.request('DELETE', `/identity/v3/users/${other.id}`, 'member')).statusCode,
      403,
    );
  });

  test('policy: a domain admin manages the users of its own domain only', async () => {
    const mine = await domain('user-admins-own');
    const theirs = await domain('user-admins-other');
    const foreign = await created({ name: 'foreign', domain_id: theirs });
    identity.as('user-domain-admin', {
      domainId: mine,
      domainName: 'user-admins-own',
      roles: ['admin', 'member', 'reader'],
    });
    const own = await created({ name: 'own' }, 'user-domain-admin');
    assert.equal(own.domain_id, mine, 'the domain comes from the token’s scope');
    assert.deepEqual(
      (await list('', 'user-domain-admin')).map((u) => u.id),
      [own.id],
    );
    assert.deepEqual(await list(`?domain_id=${theirs}`, 'user-domain-admin'), []);
    assert.equal(
      (await identity.request('GET', `/identity/v3/users/${foreign.id}`, 'user-domain-admin')).statusCode,
      403,
    );
    assert.equal((await create({ name: 'there', domain_id: theirs }, 'user-domain-admin')).statusCode, 403);
    assert.equal((await patch(foreign.id, { description: 'x' }, 'user-domain-admin')).statusCode, 403);
    assert.equal(
      (await identity.request('DELETE', `/identity/v3/users/${foreign.id}`, 'user-domain-admin')).statusCode,
      403,
    );
    assert.equal((await patch(own.id, { description: 'mine' }, 'user-domain-admin')).statusCode, 200);
  });
});
