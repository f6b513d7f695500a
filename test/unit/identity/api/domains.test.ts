import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BASE_URL,
  identityTestApp,
  RecordingRevocations,
  type IdentityTestApp,
} from '../../../helpers/identity-app.js';

interface Domain {
  id: string;
  name: string;
  description: string | null;
  enabled: boolean;
  tags: string[];
  options: Record<string, unknown>;
  links: { self: string };
  [attribute: string]: unknown;
}

const message = (response: { json(): unknown }) =>
  (response.json() as { error: { message: string } }).error.message;

describe('domains API', () => {
  let identity: IdentityTestApp;
  let revocations: RecordingRevocations;
  before(async () => {
    revocations = new RecordingRevocations();
    identity = await identityTestApp({ revocations });
  });
  after(() => identity.close());

  const create = async (domain: Record<string, unknown>, caller = 'admin') =>
    identity.request('POST', '/identity/v3/domains', caller, { domain });
  const created = async (domain: Record<string, unknown>) => {
    const response = await create(domain);
    assert.equal(response.statusCode, 201, response.body);
    return (response.json() as { domain: Domain }).domain;
  };
  const list = async (query = '', caller = 'admin') =>
    ((await identity.request('GET', `/identity/v3/domains${query}`, caller)).json() as { domains: Domain[] })
      .domains;

  test('creates a domain and shows it the same way in show and list', async () => {
    const domain = await created({ name: 'shapes', color: 'blue', 'weird-key': 1 });
    assert.deepEqual(domain, {
      color: 'blue',
      weird_key: 1,
      id: domain.id,
      name: 'shapes',
      description: '',
      enabled: true,
      tags: [],
      options: {},
      links: { self: `${BASE_URL}/v3/domains/${domain.id}` },
    });
    assert.match(domain.id, /^[0-9a-f]{32}$/);
    const shown = await identity.request('GET', `/identity/v3/domains/${domain.id}`);
    assert.deepEqual((shown.json() as { domain: Domain }).domain, domain);
    assert.deepEqual(
      (await list()).find((d) => d.id === domain.id),
      domain,
    );
  });

  test('keeps a null description and tags given at creation', async () => {
    const domain = await created({ name: 'nulls', description: null, tags: ['a', ' b '] });
    assert.equal(domain.description, null);
    assert.deepEqual(domain.tags, ['a', 'b']);
    const shown = (await identity.request('GET', `/identity/v3/domains/${domain.id}`)).json() as {
      domain: Domain;
    };
    assert.equal(shown.domain.description, null);
  });

  test('takes an explicit id when it is a UUID in hex', async () => {
    const id = 'a'.repeat(32);
    assert.equal((await created({ name: 'explicit', explicit_domain_id: id })).id, id);
    const bad = await create({ name: 'explicit2', explicit_domain_id: 'not-a-uuid' });
    assert.equal(bad.statusCode, 400);
    assert.equal(message(bad), 'Domain ID does not conform to required UUID format.');
  });

  test('filters the list by name, enabled and inexact name', async () => {
    const on = await created({ name: 'filter-on' });
    const off = await created({ name: 'filter-off', enabled: false });
    assert.deepEqual(
      (await list('?name=filter-on')).map((d) => d.id),
      [on.id],
    );
    const disabled = (await list('?enabled=false')).map((d) => d.id);
    assert.ok(disabled.includes(off.id) && !disabled.includes(on.id));
    assert.deepEqual(
      (await list('?enabled=0')).map((d) => d.id),
      disabled,
    );
    const enabled = (await list('?enabled=true')).map((d) => d.id);
    assert.ok(enabled.includes(on.id) && !enabled.includes(off.id));
    assert.deepEqual((await list('?name__icontains=FILTER-')).map((d) => d.name).sort(), [
      'filter-off',
      'filter-on',
    ]);
  });

  test('refuses a second domain with the same name with Keystone’s 409', async () => {
    await created({ name: 'twice' });
    const again = await create({ name: 'twice' });
    assert.equal(again.statusCode, 409);
    assert.equal(
      message(again),
      'Conflict occurred attempting to store project - it is not permitted to have two projects acting as ' +
        'domains with the same name: twice.',
    );
  });

  test('answers bad input with 400 naming the field', async () => {
    for (const [body, field] of [
      [{ name: '' }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'a'.repeat(65) }, 'name'],
      [{ name: 'x', enabled: 'true' }, 'enabled'],
      [{ name: 'x', tags: ['a,b'] }, 'tags'],
      [{ name: 'x', tags: ['a', 'a'] }, 'tags'],
      [{ description: 'no name' }, 'name'],
    ] as const) {
      const response = await create(body);
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.match(message(response), new RegExp(field));
    }
    const domain = await created({ name: 'update-empty' });
    const empty = await identity.request('PATCH', `/identity/v3/domains/${domain.id}`, 'admin', {
      domain: {},
    });
    assert.equal(empty.statusCode, 400);
  });

  test('updates attributes; disabling revokes the domain’s tokens', async () => {
    const domain = await created({ name: 'to-update', description: 'old', color: 'red' });
    revocations.events.length = 0;
    const response = await identity.request('PATCH', `/identity/v3/domains/${domain.id}`, 'admin', {
      domain: { name: 'updated', description: 'new', size: 2, enabled: false },
    });
    assert.equal(response.statusCode, 200);
    const updated = (response.json() as { domain: Domain }).domain;
    assert.deepEqual(
      { ...updated },
      { ...domain, name: 'updated', description: 'new', size: 2, enabled: false },
    );
    assert.deepEqual(revocations.events, [{ domainId: domain.id }]);
    revocations.events.length = 0;
    await identity.request('PATCH', `/identity/v3/domains/${domain.id}`, 'admin', {
      domain: { description: 'x' },
    });
    assert.deepEqual(revocations.events, [], 'an update of a disabled domain revokes nothing');
  });

  test('an enabled domain cannot be deleted', async () => {
    const domain = await created({ name: 'still-on' });
    const response = await identity.request('DELETE', `/identity/v3/domains/${domain.id}`);
    assert.equal(response.statusCode, 403);
    assert.equal(message(response), 'Cannot delete a domain that is enabled, please disable it first.');
  });

  test('deleting a disabled domain deletes everything in it', async () => {
    const domain = await created({ name: 'doomed' });
    const post = async (path: string, body: object) => {
      const response = await identity.request('POST', `/identity/v3/${path}`, 'admin', body);
      assert.equal(response.statusCode, 201, response.body);
      return (Object.values(response.json() as object)[0] as { id: string }).id;
    };
    const top = await post('projects', { project: { name: 'top', domain_id: domain.id, tags: ['t'] } });
    const child = await post('projects', {
      project: { name: 'child', domain_id: domain.id, parent_id: top },
    });
    const user = await post('users', { user: { name: 'u', domain_id: domain.id, password: 'secret' } });
    const group = await post('groups', { group: { name: 'g', domain_id: domain.id } });
    const role = await post('roles', { role: { name: 'local', domain_id: domain.id } });
    const outsider = identity.ids.demoUser;
    await identity.db
      .insertInto('assignment')
      .values([
        {
          type: 'UserProject',
          actor_id: outsider,
          target_id: child,
          role_id: identity.ids.roles.member,
          inherited: 0,
        },
        {
          type: 'UserDomain',
          actor_id: outsider,
          target_id: domain.id,
          role_id: identity.ids.roles.reader,
          inherited: 0,
        },
        {
          type: 'UserProject',
          actor_id: user,
          target_id: identity.ids.demoProject,
          role_id: role,
          inherited: 0,
        },
        {
          type: 'GroupProject',
          actor_id: group,
          target_id: top,
          role_id: identity.ids.roles.member,
          inherited: 0,
        },
      ])
      .execute();
    await identity.db
      .insertInto('user_group_membership')
      .values({ user_id: outsider, group_id: group })
      .execute();

    await identity.request('PATCH', `/identity/v3/domains/${domain.id}`, 'admin', {
      domain: { enabled: false },
    });
    revocations.events.length = 0;
    const deleted = await identity.request('DELETE', `/identity/v3/domains/${domain.id}`);
    assert.equal(deleted.statusCode, 204);
    assert.deepEqual(revocations.events, [{ domainId: domain.id }]);

    for (const path of [
      `domains/${domain.id}`,
      `projects/${top}`,
      `projects/${child}`,
      `users/${user}`,
      `groups/${group}`,
    ]) {
      const response = await identity.request('GET', `/identity/v3/${path}`);
      assert.equal(response.statusCode, 404, path);
    }
    const remaining = await identity.db
      .selectFrom('assignment')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('actor_id', 'in', [user, group]),
          eb('target_id', 'in', [top, child, domain.id]),
          eb('role_id', '=', role),
        ]),
      )
      .execute();
    assert.deepEqual(remaining, []);
    assert.equal(
      (await identity.db.selectFrom('role').select('id').where('id', '=', role).execute()).length,
      0,
      'the domain’s own role is gone',
    );
    assert.equal(
      (
        await identity.db
          .selectFrom('user_group_membership')
          .selectAll()
          .where('group_id', '=', group)
          .execute()
      ).length,
      0,
    );
    assert.equal(
      (await identity.db.selectFrom('password').selectAll().where('user_id', '=', user).execute()).length,
      0,
      'the user’s passwords are gone',
    );
    assert.equal(
      (await identity.db.selectFrom('project_tag').selectAll().where('project_id', '=', top).execute())
        .length,
      0,
    );
    const demoRoles = await identity.db
      .selectFrom('assignment')
      .selectAll()
      .where('actor_id', '=', outsider)
      .execute();
    assert.ok(demoRoles.length > 0, 'grants of users outside the domain elsewhere stay');
  });

  test('an immutable domain takes no change but clearing the option', async () => {
    const domain = await created({ name: 'frozen', options: { immutable: true } });
    assert.deepEqual(domain.options, { immutable: true });
    const patch = (body: object) =>
      identity.request('PATCH', `/identity/v3/domains/${domain.id}`, 'admin', { domain: body });
    const refused = await patch({ description: 'x' });
    assert.equal(refused.statusCode, 403);
    assert.equal(
      message(refused),
      `Unable to update immutable domain resource: \`${domain.id}. Set resource option "immutable" to false first.`,
    );
    assert.equal((await patch({ enabled: false })).statusCode, 403);
    const cleared = await patch({ options: { immutable: null } });
    assert.equal(cleared.statusCode, 200);
    assert.deepEqual((cleared.json() as { domain: Domain }).domain.options, {});
  });

  test('unknown domains are 404 with Keystone’s message', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const response = await identity.request(
        method,
        '/identity/v3/domains/nowhere',
        'admin',
        method === 'PATCH' ? { domain: { description: 'x' } } : undefined,
      );
      assert.equal(response.statusCode, 404, method);
      assert.equal(message(response), 'Could not find domain: nowhere.');
    }
  });

  test('policy: members see their own domain only and change nothing', async () => {
    const other = await created({ name: 'elsewhere' });
    assert.equal((await identity.request('GET', '/identity/v3/domains/default', 'member')).statusCode, 200);
    assert.equal(
      (await identity.request('GET', `/identity/v3/domains/${other.id}`, 'member')).statusCode,
      403,
    );
    assert.equal((await identity.request('GET', '/identity/v3/domains', 'member')).statusCode, 403);
    assert.equal((await create({ name: 'by-member' }, 'member')).statusCode, 403);
    assert.equal(
      (
        await identity.request('PATCH', '/identity/v3/domains/default', 'member', {
          domain: { description: 'x' },
        })
      ).statusCode,
      403,
    );
    assert.equal(
      (await identity.request('DELETE', `/identity/v3/domains/${other.id}`, 'member')).statusCode,
      403,
    );
  });

  test('policy: a domain admin reads its domain, not others, and cannot create domains', async () => {
    const mine = await created({ name: 'admins-own' });
    const theirs = await created({ name: 'not-admins' });
    identity.as('domain-admin', {
      domainId: mine.id,
      domainName: mine.name,
      roles: ['admin', 'member', 'reader'],
    });
    assert.equal(
      (await identity.request('GET', `/identity/v3/domains/${mine.id}`, 'domain-admin')).statusCode,
      200,
    );
    assert.equal(
      (await identity.request('GET', `/identity/v3/domains/${theirs.id}`, 'domain-admin')).statusCode,
      403,
    );
    assert.equal((await create({ name: 'by-domain-admin' }, 'domain-admin')).statusCode, 403);
  });
});
