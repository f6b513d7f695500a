import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BASE_URL,
  identityTestApp,
  RecordingRevocations,
  type IdentityTestApp,
} from '../../../helpers/identity-app.js';
import { Fixtures } from '../assignments/fixtures.js';

interface Role {
  id: string;
  name: string;
  domain_id: string | null;
  description: string | null;
  options: Record<string, boolean>;
  links: { self: string };
  [extra: string]: unknown;
}

describe('roles API', () => {
  let identity: IdentityTestApp;
  let revocations: RecordingRevocations;
  let fixtures: Fixtures;
  before(async () => {
    revocations = new RecordingRevocations();
    identity = await identityTestApp({ revocations });
    fixtures = new Fixtures(identity.db);
  });
  after(() => identity.close());

  const create = async (role: Record<string, unknown>, caller = 'admin') =>
    identity.request('POST', '/identity/v3/roles', caller, { role });
  const message = (response: { json(): unknown }) =>
    (response.json() as { error: { message: string } }).error.message;

  test('creates a global role and shows it the same way everywhere', async () => {
    const created = await create({ name: 'observer', color: 'blue' });
    assert.equal(created.statusCode, 201);
    const role = (created.json() as { role: Role }).role;
    assert.deepEqual(role, {
      color: 'blue',
      id: role.id,
      name: 'observer',
      domain_id: null,
      description: null,
      options: {},
      links: { self: `${BASE_URL}/v3/roles/${role.id}` },
    });
    const shown = await identity.request('GET', `/identity/v3/roles/${role.id}`);
    assert.deepEqual((shown.json() as { role: Role }).role, role);
    const listed = (await identity.request('GET', '/identity/v3/roles')).json() as {
      roles: Role[];
      links: object;
    };
    assert.deepEqual(
      listed.roles.find((r) => r.id === role.id),
      role,
    );
    assert.deepEqual(listed.links, { self: `${BASE_URL}/v3/roles`, previous: null, next: null });
  });

  test('lists global roles unless asked for one domain, and filters by name', async () => {
    const domain = await fixtures.domain('roles-domain');
    const domainRole = (
      (await create({ name: 'dr', domain_id: domain, description: 'x' })).json() as { role: Role }
    ).role;
    assert.equal(domainRole.domain_id, domain);
    assert.equal(domainRole.description, 'x');
    const global = (await identity.request('GET', '/identity/v3/roles')).json() as { roles: Role[] };
    assert.ok(global.roles.every((role) => role.domain_id === null));
    assert.ok(global.roles.some((role) => role.name === 'admin'));
    const inDomain = (await identity.request('GET', `/identity/v3/roles?domain_id=${domain}`)).json() as {
      roles: Role[];
    };
    assert.deepEqual(inDomain.roles, [domainRole]);
    const byName = (await identity.request('GET', '/identity/v3/roles?name=reader')).json() as {
      roles: Role[];
    };
    assert.deepEqual(
      byName.roles.map((role) => role.name),
      ['reader'],
    );
    assert.deepEqual(
      ((await identity.request('GET', '/identity/v3/roles?name=dr')).json() as { roles: Role[] }).roles,
      [],
    );
  });

  test('a duplicate name is a 409 with Keystone’s message, per domain', async () => {
    const domain = await fixtures.domain('dup-domain');
    assert.equal((await create({ name: 'dup' })).statusCode, 201);
    const again = await create({ name: 'dup' });
    assert.equal(again.statusCode, 409);
    assert.equal(
      message(again),
      'Conflict occurred attempting to store role - Duplicate entry found with name dup.',
    );
    assert.equal((await create({ name: 'dup', domain_id: domain })).statusCode, 201);
    const inDomain = await create({ name: 'dup', domain_id: domain });
    assert.equal(inDomain.statusCode, 409);
    assert.equal(
      message(inDomain),
      `Conflict occurred attempting to store role - Duplicate entry found with name dup at domain ID ${domain}.`,
    );
  });

  test('updates a role; the id and domain cannot change, names stay unique', async () => {
    const role = ((await create({ name: 'before' })).json() as { role: Role }).role;
    const url = `/identity/v3/roles/${role.id}`;
    const updated = await identity.request('PATCH', url, 'admin', {
      role: { name: 'after', description: 'described', extra: 1 },
    });
    assert.equal(updated.statusCode, 200);
    assert.deepEqual((updated.json() as { role: Role }).role, {
      ...role,
      extra: 1,
      name: 'after',
      description: 'described',
    });
    const changeId = await identity.request('PATCH', url, 'admin', { role: { id: 'other' } });
    assert.equal(changeId.statusCode, 400);
    assert.equal(message(changeId), 'Cannot change ID');
    const changeDomain = await identity.request('PATCH', url, 'admin', { role: { domain_id: 'default' } });
    assert.equal(changeDomain.statusCode, 400);
    assert.equal(message(changeDomain), 'Update of `domain_id` is not allowed.');
    const taken = await identity.request('PATCH', url, 'admin', { role: { name: 'member' } });
    assert.equal(taken.statusCode, 409);
    assert.equal((await identity.request('PATCH', url, 'admin', { role: {} })).statusCode, 400);
  });

  test('an immutable role can only be made mutable, then changed or deleted', async () => {
    const role = ((await create({ name: 'frozen', options: { immutable: true } })).json() as { role: Role })
      .role;
    assert.deepEqual(role.options, { immutable: true });
    const url = `/identity/v3/roles/${role.id}`;
    const rename = await identity.request('PATCH', url, 'admin', { role: { name: 'thawed' } });
    assert.equal(rename.statusCode, 403);
    assert.equal(
      message(rename),
      `Unable to update immutable role resource: \`${role.id}. Set resource option "immutable" to false first.`,
    );
    const remove = await identity.request('DELETE', url);
    assert.equal(remove.statusCode, 403);
    assert.match(message(remove), /^Unable to delete immutable role resource/);
    const unset = await identity.request('PATCH', url, 'admin', { role: { options: { immutable: null } } });
    assert.equal(unset.statusCode, 200);
    assert.deepEqual((unset.json() as { role: Role }).role.options, {});
    assert.equal((await identity.request('DELETE', url)).statusCode, 204);
  });

  test('deleting a role removes its grants and implications and revokes tokens holding it', async () => {
    const role = ((await create({ name: 'doomed' })).json() as { role: Role }).role;
    const { adminUser, adminProject, roles } = identity.ids;
    await fixtures.grant('UserProject', adminUser, adminProject, role.id);
    await fixtures.grant('UserSystem', adminUser, 'system', role.id);
    await fixtures.imply(role.id, roles.reader);
    await fixtures.imply(roles.member, role.id);
    await identity.db
      .insertInto('application_credential')
      .values({
        id: 'cred',
        name: 'cred',
        user_id: adminUser,
        project_id: adminProject,
        secret_hash: 'x',
        description: null,
        expires_at: null,
        unrestricted: 0,
        created_at: '2026-01-01T00:00:00.000000Z',
      })
      .execute();
    const response = await identity.request('DELETE', `/identity/v3/roles/${role.id}`);
    assert.equal(response.statusCode, 204);
    const left = async (table: 'assignment' | 'application_credential') =>
      (await identity.db.selectFrom(table).selectAll().execute()).length;
    assert.equal(
      (await identity.db.selectFrom('assignment').selectAll().where('role_id', '=', role.id).execute())
        .length,
      0,
    );
    assert.ok((await left('assignment')) > 0, 'other grants stay');
    assert.equal(
      (
        await identity.db
          .selectFrom('implied_role')
          .selectAll()
          .where((eb) => eb.or([eb('prior_role_id', '=', role.id), eb('implied_role_id', '=', role.id)]))
          .execute()
      ).length,
      0,
    );
    assert.equal(await left('application_credential'), 0);
    assert.deepEqual(revocations.events.at(-1), { roleId: role.id });
    const gone = await identity.request('GET', `/identity/v3/roles/${role.id}`);
    assert.equal(gone.statusCode, 404);
    assert.equal(message(gone), `Could not find role: ${role.id}.`);
  });

  test('bad input is a 400 naming the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /role/],
      [{ role: {} }, /name/],
      [{ role: { name: '' } }, /name/],
      [{ role: { name: '   ' } }, /name/],
      [{ role: { name: 'x'.repeat(256) } }, /name/],
      [{ role: { name: 'x', options: { bogus: true } } }, /options/],
      [{ role: { name: 'x', options: { immutable: 'yes' } } }, /immutable/],
      [{ role: { name: 'x', description: 5 } }, /description/],
    ];
    for (const [body, field] of cases) {
      const response = await identity.request('POST', '/identity/v3/roles', 'admin', body);
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.match(message(response), field);
    }
  });

  test('only a cloud admin manages roles; a member may not even look', async () => {
    const refused = await create({ name: 'sneaky' }, 'member');
    assert.equal(refused.statusCode, 403);
    assert.equal((await identity.request('GET', '/identity/v3/roles', 'member')).statusCode, 403);
    const reader = identity.ids.roles.reader;
    assert.equal((await identity.request('GET', `/identity/v3/roles/${reader}`, 'member')).statusCode, 403);
    // Existence is not leaked before the policy check.
    assert.equal((await identity.request('GET', '/identity/v3/roles/missing', 'member')).statusCode, 403);
    assert.equal(
      (await identity.request('DELETE', `/identity/v3/roles/${reader}`, 'member')).statusCode,
      403,
    );
  });
});
