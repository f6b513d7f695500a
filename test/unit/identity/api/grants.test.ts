import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  identityTestApp,
  RecordingRevocations,
  type IdentityTestApp,
} from '../../../helpers/identity-app.js';
import { Fixtures } from '../assignments/fixtures.js';

describe('role grants API', () => {
  let identity: IdentityTestApp;
  let revocations: RecordingRevocations;
  let f: Fixtures;
  let domain: string;
  let project: string;
  let child: string;
  let user: string;
  let other: string;
  let group: string;
  let role: string;
  before(async () => {
    revocations = new RecordingRevocations();
    identity = await identityTestApp({ revocations });
    f = new Fixtures(identity.db);
    domain = await f.domain('grants');
    project = await f.project('p', domain);
    child = await f.project('c', domain, project);
    user = await f.user('u', domain);
    other = await f.user('v', domain);
    group = await f.group('g', domain, [user, other]);
    role = await f.role('grantable');
  });
  after(() => identity.close());
  beforeEach(() => {
    revocations.events.length = 0;
  });

  const v3 = (path: string) => `/identity/v3/${path}`;
  const message = (response: { json(): unknown }) =>
    (response.json() as { error: { message: string } }).error.message;
  const roleIds = async (path: string) => {
    const response = await identity.request('GET', v3(path));
    assert.equal(response.statusCode, 200, response.body);
    return (response.json() as { roles: { id: string }[] }).roles.map((r) => r.id);
  };
  const status = async (method: string, path: string, caller = 'admin') =>
    (await identity.request(method, v3(path), caller)).statusCode;

  /** The grant, list, check, revoke cycle every grant family supports. */
  async function cycle(collection: string, listed = true) {
    const one = `${collection}/${role}${collection.startsWith('OS-INHERIT') ? '/inherited_to_projects' : ''}`;
    const base = collection.startsWith('OS-INHERIT') ? `${collection}/inherited_to_projects` : collection;
    assert.equal(await status('PUT', one), 204);
    assert.equal(await status('PUT', one), 204, 'granting again changes nothing');
    if (listed) assert.deepEqual(await roleIds(base), [role]);
    assert.equal(await status('HEAD', one), 204);
    assert.equal(await status('GET', one), 204);
    assert.equal(await status('DELETE', one), 204);
    const missing = await identity.request('GET', v3(one));
    assert.equal(missing.statusCode, 404);
    assert.match(
      message(missing),
      new RegExp(`^Could not find role assignment with role: ${role}, user or group: `),
    );
    assert.equal(await status('HEAD', one), 404);
    assert.equal(await status('DELETE', one), 404);
    if (listed) assert.deepEqual(await roleIds(base), []);
  }

  test('a user on a project; removing it revokes the user’s tokens there', async () => {
    await cycle(`projects/${project}/users/${user}/roles`);
    assert.deepEqual(revocations.events, [{ userId: user, projectId: project }]);
  });

  test('a group on a project; removing it revokes every member’s tokens there', async () => {
    await cycle(`projects/${project}/groups/${group}/roles`);
    assert.deepEqual(
      revocations.events.sort((a, b) => (a.userId ?? '').localeCompare(b.userId ?? '')),
      [user, other].sort().map((userId) => ({ userId, projectId: project })),
    );
  });

  test('a user and a group on a domain', async () => {
    await cycle(`domains/${domain}/users/${user}/roles`);
    assert.deepEqual(revocations.events, [{ userId: user, domainId: domain }]);
    await cycle(`domains/${domain}/groups/${group}/roles`);
    assert.equal(revocations.events.length, 3);
  });

  test('a user and a group on the system', async () => {
    await cycle(`system/users/${user}/roles`);
    assert.deepEqual(revocations.events, [{ userId: user }]);
    await cycle(`system/groups/${group}/roles`);
    assert.equal(revocations.events.length, 3);
  });

  test('inherited grants on a domain (listed) and on a project (no list, as Keystone)', async () => {
    await cycle(`OS-INHERIT/domains/${domain}/users/${user}/roles`);
    await cycle(`OS-INHERIT/domains/${domain}/groups/${group}/roles`);
    assert.deepEqual(revocations.events[0], { userId: user, domainId: domain });
    revocations.events.length = 0;
    await cycle(`OS-INHERIT/projects/${project}/users/${user}/roles`, false);
    assert.deepEqual(revocations.events, [{ userId: user, projectId: child }], 'the projects below');
    await cycle(`OS-INHERIT/projects/${project}/groups/${group}/roles`, false);
    assert.equal(
      await status('GET', `OS-INHERIT/projects/${project}/users/${user}/roles/inherited_to_projects`),
      404,
    );
  });

  test('inherited and direct grants are apart', async () => {
    assert.equal(
      await status('PUT', `OS-INHERIT/domains/${domain}/users/${user}/roles/${role}/inherited_to_projects`),
      204,
    );
    assert.deepEqual(await roleIds(`domains/${domain}/users/${user}/roles`), []);
    assert.equal(await status('GET', `domains/${domain}/users/${user}/roles/${role}`), 404);
    assert.equal(
      await status(
        'DELETE',
        `OS-INHERIT/domains/${domain}/users/${user}/roles/${role}/inherited_to_projects`,
      ),
      204,
    );
  });

  test('what is missing is named, the role first', async () => {
    const cases: [string, string, string][] = [
      ['PUT', `projects/${project}/users/nobody/roles/${role}`, 'Could not find user: nobody.'],
      ['PUT', `projects/nowhere/users/${user}/roles/${role}`, 'Could not find project: nowhere.'],
      ['PUT', `projects/nowhere/users/nobody/roles/none`, 'Could not find role: none.'],
      ['GET', `projects/${project}/groups/nogroup/roles`, 'Could not find group: nogroup.'],
      ['PUT', `domains/nodomain/users/${user}/roles/none`, 'Could not find domain: nodomain.'],
      ['PUT', `system/users/${user}/roles/none`, 'Could not find role: none.'],
      [
        'PUT',
        `OS-INHERIT/domains/nodomain/users/${user}/roles/${role}/inherited_to_projects`,
        'Could not find domain: nodomain.',
      ],
      [
        'PUT',
        `OS-INHERIT/projects/${project}/users/${user}/roles/none/inherited_to_projects`,
        'Could not find role: none.',
      ],
      [
        'DELETE',
        `projects/${project}/users/nobody/roles/${role}`,
        `Could not find role assignment with role: ${role}, user or group: nobody, project, domain, or system: ${project}.`,
      ],
    ];
    for (const [method, path, expected] of cases) {
      const response = await identity.request(method, v3(path));
      assert.equal(response.statusCode, 404, `${method} ${path}`);
      assert.equal(message(response), expected);
    }
  });

  test('a domain-specific role only on projects of its domain, never on the system', async () => {
    const domainRole = await f.role('local', domain);
    const foreignProject = identity.ids.demoProject;
    const mismatch = await identity.request(
      'PUT',
      v3(`projects/${foreignProject}/users/${user}/roles/${domainRole}`),
    );
    assert.equal(mismatch.statusCode, 403);
    assert.equal(
      message(mismatch),
      `Project ${foreignProject} must be in the same domain as the role ${domainRole} being assigned.`,
    );
    assert.equal(await status('PUT', `projects/${project}/users/${user}/roles/${domainRole}`), 204);
    const system = await identity.request('PUT', v3(`system/users/${user}/roles/${domainRole}`));
    assert.equal(system.statusCode, 400);
    assert.equal(
      message(system),
      `Role ${domainRole} is a domain-specific role. Unable to use a domain-specific role in a system assignment.`,
    );
    assert.equal(await status('DELETE', `projects/${project}/users/${user}/roles/${domainRole}`), 204);
  });

  test('a member cannot grant; a domain admin grants only within its domain', async () => {
    assert.equal(await status('PUT', `projects/${project}/users/${user}/roles/${role}`, 'member'), 403);
    assert.equal(await status('GET', `projects/${project}/users/${user}/roles`, 'member'), 403);
    assert.equal(await status('PUT', `system/users/${user}/roles/${role}`, 'member'), 403);

    identity.as('domain-admin', {
      userId: other,
      userDomainId: domain,
      domainId: domain,
      domainName: 'grants',
      roles: ['admin', 'member', 'reader'],
    });
    assert.equal(await status('PUT', `projects/${project}/users/${user}/roles/${role}`, 'domain-admin'), 204);
    assert.deepEqual(await roleIds(`projects/${project}/users/${user}/roles`), [role]);
    assert.equal(
      await status('DELETE', `projects/${project}/users/${user}/roles/${role}`, 'domain-admin'),
      204,
    );
    const { demoProject, demoUser } = identity.ids;
    assert.equal(
      await status('PUT', `projects/${demoProject}/users/${user}/roles/${role}`, 'domain-admin'),
      403,
    );
    assert.equal(
      await status('PUT', `projects/${project}/users/${demoUser}/roles/${role}`, 'domain-admin'),
      403,
    );
    const foreignRole = await f.role('foreign', 'default');
    assert.equal(
      await status('PUT', `domains/${domain}/users/${user}/roles/${foreignRole}`, 'domain-admin'),
      403,
    );
    assert.equal(await status('PUT', `system/users/${user}/roles/${role}`, 'domain-admin'), 403);
  });
});
