import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BASE_URL,
  identityTestApp,
  RecordingRevocations,
  type IdentityTestApp,
} from '../../../helpers/identity-app.js';

interface Group {
  id: string;
  name: string;
  domain_id: string;
  description: string | null;
  links: { self: string };
  membership_expires_at?: null;
  [attribute: string]: unknown;
}

interface User {
  id: string;
  name: string;
  domain_id: string;
}

const message = (response: { json(): unknown }) =>
  (response.json() as { error: { message: string } }).error.message;

describe('groups API', () => {
  let identity: IdentityTestApp;
  let revocations: RecordingRevocations;
  before(async () => {
    revocations = new RecordingRevocations();
    identity = await identityTestApp({ revocations });
  });
  after(() => identity.close());

  const create = (group: Record<string, unknown>, caller = 'admin') =>
    identity.request('POST', '/identity/v3/groups', caller, { group });
  const created = async (group: Record<string, unknown>, caller = 'admin') => {
    const response = await create(group, caller);
    assert.equal(response.statusCode, 201, response.body);
    return (response.json() as { group: Group }).group;
  };
  const user = async (name: string, extra: Record<string, unknown> = {}) => {
    const response = await identity.request('POST', '/identity/v3/users', 'admin', {
      user: { name, password: 'pw', email: `${name}@example.test`, ...extra },
    });
    assert.equal(response.statusCode, 201, response.body);
    return (response.json() as { user: User }).user;
  };
  const domain = async (name: string) => {
    const response = await identity.request('POST', '/identity/v3/domains', 'admin', { domain: { name } });
    return (response.json() as { domain: { id: string } }).domain.id;
  };
  const member = (method: string, groupId: string, userId: string, caller = 'admin') =>
    identity.request(method, `/identity/v3/groups/${groupId}/users/${userId}`, caller);

  test('creates, shows, lists and updates a group', async () => {
    const d = await domain('group-home');
    const group = await created({ name: 'ops', domain_id: d, description: 'operators', pager: 'on' });
    assert.deepEqual(group, {
      pager: 'on',
      id: group.id,
      name: 'ops',
      domain_id: d,
      description: 'operators',
      links: { self: `${BASE_URL}/v3/groups/${group.id}` },
    });
    assert.deepEqual(
      ((await identity.request('GET', `/identity/v3/groups/${group.id}`)).json() as { group: Group }).group,
      group,
    );
    const listed = (await identity.request('GET', `/identity/v3/groups?domain_id=${d}`)).json() as {
      groups: Group[];
    };
    assert.deepEqual(listed.groups, [group]);

    const first = await identity.request('PATCH', `/identity/v3/groups/${group.id}`, 'admin', {
      group: { name: 'ops2', description: 'changed' },
    });
    assert.deepEqual((first.json() as { group: Group }).group, {
      ...group,
      name: 'ops2',
      description: 'changed',
    });
    const second = await identity.request('PATCH', `/identity/v3/groups/${group.id}`, 'admin', {
      group: { name: 'ops3' },
    });
    assert.deepEqual((second.json() as { group: Group }).group, {
      ...group,
      name: 'ops3',
      description: 'changed',
    });
    const nulled = await identity.request('PATCH', `/identity/v3/groups/${group.id}`, 'admin', {
      group: { description: null },
    });
    assert.equal((nulled.json() as { group: Group }).group.description, null);
  });

  test('defaults the description to empty and the domain to default', async () => {
    const group = await created({ name: 'plain' });
    assert.equal(group.description, '');
    assert.equal(group.domain_id, 'default');
  });

  test('refuses duplicates, unknown domains, domain moves and bad input', async () => {
    await created({ name: 'twin' });
    const twin = await create({ name: 'twin' });
    assert.equal(twin.statusCode, 409);
    assert.equal(
      message(twin),
      'Conflict occurred attempting to store group - Duplicate entry found with name twin at domain ID default.',
    );
    const nowhere = await create({ name: 'lost', domain_id: 'nowhere' });
    assert.equal(nowhere.statusCode, 404);
    assert.equal(message(nowhere), 'Could not find domain: nowhere.');
    const group = await created({ name: 'stay' });
    const moved = await identity.request('PATCH', `/identity/v3/groups/${group.id}`, 'admin', {
      group: { domain_id: await domain('group-move') },
    });
    assert.equal(moved.statusCode, 400);
    assert.equal(message(moved), 'Cannot change Domain ID');
    for (const body of [{ name: '' }, { name: 'x', description: 5 }, {}]) {
      assert.equal((await create(body)).statusCode, 400, JSON.stringify(body));
    }
    const missing = await identity.request('GET', '/identity/v3/groups/nowhere');
    assert.equal(missing.statusCode, 404);
    assert.equal(message(missing), 'Could not find group: nowhere.');
  });

  test('adds, checks, lists and removes members as Tempest does', async () => {
    const group = await created({ name: 'members', domain_id: await domain('members-domain') });
    const users = [await user('m1'), await user('m2'), await user('m3')];
    for (const u of users) assert.equal((await member('PUT', group.id, u.id)).statusCode, 204);
    assert.equal(
      (await member('PUT', group.id, users[0].id)).statusCode,
      204,
      'adding twice changes nothing',
    );

    const listed = (await identity.request('GET', `/identity/v3/groups/${group.id}/users`)).json() as {
      users: User[];
    };
    const byName = (a: User, b: User) => a.name.localeCompare(b.name);
    assert.deepEqual([...listed.users].sort(byName), [...users].sort(byName));

    for (const u of users) {
      assert.equal((await member('HEAD', group.id, u.id)).statusCode, 204);
      assert.equal((await member('GET', group.id, u.id)).statusCode, 204);
      revocations.events.length = 0;
      assert.equal((await member('DELETE', group.id, u.id)).statusCode, 204);
      assert.deepEqual(revocations.events, [{ userId: u.id }]);
    }
    const empty = (await identity.request('GET', `/identity/v3/groups/${group.id}/users`)).json() as {
      users: User[];
    };
    assert.deepEqual(empty.users, []);

    const notMember = await member('GET', group.id, users[0].id);
    assert.equal(notMember.statusCode, 404);
    assert.equal(message(notMember), `User '${users[0].id}' not found in group '${group.id}'`);
    assert.equal((await member('DELETE', group.id, users[0].id)).statusCode, 404);
    const noUser = await member('PUT', group.id, 'nobody');
    assert.equal(noUser.statusCode, 404);
    assert.equal(message(noUser), 'Could not find user: nobody.');
    const noGroup = await member('PUT', 'nogroup', users[0].id);
    assert.equal(message(noGroup), 'Could not find group: nogroup.');
    assert.equal((await identity.request('GET', '/identity/v3/groups/nogroup/users')).statusCode, 404);
  });

  test('lists a user’s groups with their membership expiry, filtered by name', async () => {
    const u = await user('joiner');
    const g1 = await created({ name: 'j1', domain_id: await domain('joiner-domain') });
    const g2 = await created({ name: 'j2' });
    await member('PUT', g1.id, u.id);
    await member('PUT', g2.id, u.id);
    const listed = (await identity.request('GET', `/identity/v3/users/${u.id}/groups`)).json() as {
      groups: Group[];
    };
    const byName = (a: Group, b: Group) => a.name.localeCompare(b.name);
    assert.deepEqual(
      [...listed.groups].sort(byName),
      [g1, g2].map((g) => ({ ...g, membership_expires_at: null })),
    );
    const one = (await identity.request('GET', `/identity/v3/users/${u.id}/groups?name=j2`)).json() as {
      groups: Group[];
    };
    assert.deepEqual(
      one.groups.map((g) => g.id),
      [g2.id],
    );
    const unknown = await identity.request('GET', '/identity/v3/users/nobody/groups');
    assert.equal(unknown.statusCode, 404);
    assert.equal(message(unknown), 'Could not find user: nobody.');
  });

  test('filters a group’s users like the user list', async () => {
    const group = await created({ name: 'filtered-members' });
    const on = await user('member-on');
    const off = await user('member-off', { enabled: false });
    await member('PUT', group.id, on.id);
    await member('PUT', group.id, off.id);
    const names = async (query: string) =>
      (
        (await identity.request('GET', `/identity/v3/groups/${group.id}/users${query}`)).json() as {
          users: User[];
        }
      ).users
        .map((u) => u.name)
        .sort();
    assert.deepEqual(await names('?enabled=false'), ['member-off']);
    assert.deepEqual(await names('?name=member-on'), ['member-on']);
    assert.deepEqual(await names('?password_expires_at=lt:2100-01-01T00:00:00Z'), []);
  });

  test('deleting a group revokes its members’ tokens only when it held roles', async () => {
    const quiet = await created({ name: 'no-roles' });
    const loud = await created({ name: 'with-roles' });
    const u = await user('grouped');
    await member('PUT', quiet.id, u.id);
    await member('PUT', loud.id, u.id);
    await identity.db
      .insertInto('assignment')
      .values({
        type: 'GroupProject',
        actor_id: loud.id,
        target_id: identity.ids.demoProject,
        role_id: identity.ids.roles.member,
        inherited: 0,
      })
      .execute();
    revocations.events.length = 0;
    assert.equal((await identity.request('DELETE', `/identity/v3/groups/${quiet.id}`)).statusCode, 204);
    assert.deepEqual(revocations.events, []);
    assert.equal((await identity.request('DELETE', `/identity/v3/groups/${loud.id}`)).statusCode, 204);
    assert.deepEqual(revocations.events, [{ userId: u.id }]);
    assert.deepEqual(
      await identity.db.selectFrom('assignment').selectAll().where('actor_id', '=', loud.id).execute(),
      [],
    );
    assert.equal((await identity.request('GET', `/identity/v3/groups/${loud.id}`)).statusCode, 404);
    assert.equal((await identity.request('DELETE', `/identity/v3/groups/${loud.id}`)).statusCode, 404);
  });

  test('policy: members list their own groups but manage none', async () => {
    const group = await created({ name: 'member-policy' });
    await member('PUT', group.id, identity.ids.demoUser);
    assert.equal(
      (await identity.request('GET', `/identity/v3/users/${identity.ids.demoUser}/groups`, 'member'))
        .statusCode,
      200,
    );
    assert.equal((await identity.request('GET', '/identity/v3/groups', 'member')).statusCode, 403);
    assert.equal((await create({ name: 'by-member' }, 'member')).statusCode, 403);
    assert.equal((await member('PUT', group.id, identity.ids.demoUser, 'member')).statusCode, 403);
    assert.equal(
      (await identity.request('DELETE', `/identity/v3/groups/${group.id}`, 'member')).statusCode,
      403,
    );
  });

  test('policy: a domain admin manages groups and memberships within its domain only', async () => {
    const mine = await domain('group-admin-own');
    const theirs = await domain('group-admin-other');
    identity.as('group-domain-admin', {
      domainId: mine,
      domainName: 'group-admin-own',
      roles: ['admin', 'member', 'reader'],
    });
    const own = await created({ name: 'own-group' }, 'group-domain-admin');
    assert.equal(own.domain_id, mine);
    const foreign = await created({ name: 'foreign-group', domain_id: theirs });
    const ownUser = await user('own-user', { domain_id: mine });
    const foreignUser = await user('foreign-user', { domain_id: theirs });
    assert.equal((await member('PUT', own.id, ownUser.id, 'group-domain-admin')).statusCode, 204);
    assert.equal((await member('PUT', own.id, foreignUser.id, 'group-domain-admin')).statusCode, 403);
    assert.equal((await member('PUT', foreign.id, ownUser.id, 'group-domain-admin')).statusCode, 403);
    assert.equal((await create({ name: 'x', domain_id: theirs }, 'group-domain-admin')).statusCode, 403);
    const listed = (await identity.request('GET', '/identity/v3/groups', 'group-domain-admin')).json() as {
      groups: Group[];
    };
    assert.deepEqual(
      listed.groups.map((g) => g.id),
      [own.id],
    );
    assert.equal(
      (await member('PUT', foreign.id, ownUser.id)).statusCode,
      204,
      'a cloud admin may mix domains',
    );
  });
});
