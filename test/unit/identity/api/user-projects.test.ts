import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { domainsForUser, projectsForUser } from '../../../../src/identity/assignments/index.js';
import { BASE_URL, identityTestApp, type IdentityTestApp } from '../../../helpers/identity-app.js';
import { Fixtures } from '../assignments/fixtures.js';

describe('the projects and domains of a user', () => {
  let identity: IdentityTestApp;
  let f: Fixtures;
  let user: string;
  let d1: string, d2: string;
  const projects: Record<string, string> = {};
  before(async () => {
    identity = await identityTestApp();
    f = new Fixtures(identity.db);
    d1 = await f.domain('d1');
    d2 = await f.domain('d2');
    user = await f.user('alice', d1);
    const group = await f.group('team', d1, [user]);
    for (const name of [
      'direct',
      'via-group',
      'tree',
      'domain-role-only',
      'domain-role-implies',
      'unrelated',
    ]) {
      projects[name] = await f.project(name, d1);
    }
    projects.below = await f.project('below', d1, projects.tree);
    projects['in-d2'] = await f.project('in-d2', d2);
    projects['in-d2-disabled'] = await f.project('in-d2-disabled', d2);
    await identity.db
      .updateTable('project')
      .set({ enabled: 0 })
      .where('id', '=', projects['in-d2-disabled'])
      .execute();

    const member = await f.role('p-member');
    const local = await f.role('local', d1);
    const localImplying = await f.role('local-implying', d1);
    await f.imply(localImplying, member);
    await f.grant('UserProject', user, projects.direct, member);
    await f.grant('GroupProject', group, projects['via-group'], member);
    await f.grant('UserProject', user, projects.tree, member, true);
    await f.grant('UserProject', user, projects['domain-role-only'], local);
    await f.grant('UserProject', user, projects['domain-role-implies'], localImplying);
    await f.grant('GroupDomain', group, d2, member, true);
    await f.grant('UserDomain', user, d1, member);
    await f.grant('UserDomain', user, d2, local);
  });
  after(() => identity.close());

  const names = (rows: { name: string }[]) => rows.map((row) => row.name).sort();
  const listed = async (query = '', caller = 'admin') => {
    const response = await identity.request('GET', `/identity/v3/users/${user}/projects${query}`, caller);
    assert.equal(response.statusCode, 200, response.body);
    return (response.json() as { projects: { name: string }[] }).projects;
  };

  test('projectsForUser: direct, via groups, inherited, through implied global roles', async () => {
    assert.deepEqual(names(await projectsForUser(identity.db, user)), [
      'below',
      'direct',
      'domain-role-implies',
      'in-d2',
      'in-d2-disabled',
      'via-group',
    ]);
    assert.deepEqual(await projectsForUser(identity.db, 'nobody'), []);
  });

  test('domainsForUser: domains with an effective role granted on them', async () => {
    assert.deepEqual(names(await domainsForUser(identity.db, user)), ['d1']);
  });

  test('GET /v3/users/{id}/projects shows them as projects, with filters', async () => {
    const all = await listed();
    assert.deepEqual(names(all), [
      'below',
      'direct',
      'domain-role-implies',
      'in-d2',
      'in-d2-disabled',
      'via-group',
    ]);
    const direct = all.find((project) => project.name === 'direct');
    assert.deepEqual(direct, {
      id: projects.direct,
      name: 'direct',
      domain_id: d1,
      description: '',
      enabled: true,
      parent_id: d1,
      is_domain: false,
      tags: [],
      options: {},
      links: { self: `${BASE_URL}/v3/projects/${projects.direct}` },
    });
    assert.deepEqual(names(await listed(`?domain_id=${d2}`)), ['in-d2', 'in-d2-disabled']);
    assert.deepEqual(names(await listed('?enabled=false')), ['in-d2-disabled']);
    assert.deepEqual(names(await listed('?name=direct')), ['direct']);
    assert.deepEqual(names(await listed('?name__startswith=in-')), ['in-d2', 'in-d2-disabled']);
  });

  test('a missing user is a 404; a user may list its own projects but not another’s', async () => {
    const missing = await identity.request('GET', '/identity/v3/users/nobody/projects');
    assert.equal(missing.statusCode, 404);
    assert.equal(
      (missing.json() as { error: { message: string } }).error.message,
      'Could not find user: nobody.',
    );
    assert.equal(
      (await identity.request('GET', `/identity/v3/users/${user}/projects`, 'member')).statusCode,
      403,
    );
    const own = await identity.request(
      'GET',
      `/identity/v3/users/${identity.ids.demoUser}/projects`,
      'member',
    );
    assert.equal(own.statusCode, 200);
    assert.deepEqual(names((own.json() as { projects: { name: string }[] }).projects), ['demo']);
  });
});
