import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BASE_URL,
  identityTestApp,
  RecordingRevocations,
  type IdentityTestApp,
} from '../../../helpers/identity-app.js';

interface Project {
  id: string;
  name: string;
  domain_id: string | null;
  description: string | null;
  enabled: boolean;
  parent_id: string | null;
  is_domain: boolean;
  tags: string[];
  options: Record<string, unknown>;
  links: { self: string };
  parents?: unknown;
  subtree?: unknown;
  [attribute: string]: unknown;
}

const message = (response: { json(): unknown }) =>
  (response.json() as { error: { message: string } }).error.message;

describe('projects API', () => {
  let identity: IdentityTestApp;
  let revocations: RecordingRevocations;
  before(async () => {
    revocations = new RecordingRevocations();
    identity = await identityTestApp({ revocations });
  });
  after(() => identity.close());

  const create = (project: Record<string, unknown>, caller = 'admin') =>
    identity.request('POST', '/identity/v3/projects', caller, { project });
  const created = async (project: Record<string, unknown>, caller = 'admin') => {
    const response = await create(project, caller);
    assert.equal(response.statusCode, 201, response.body);
    return (response.json() as { project: Project }).project;
  };
  const show = async (id: string, query = '', caller = 'admin') =>
    (await identity.request('GET', `/identity/v3/projects/${id}${query}`, caller)).json() as {
      project: Project;
    };
  const list = async (query = '', caller = 'admin') =>
    (
      (await identity.request('GET', `/identity/v3/projects${query}`, caller)).json() as {
        projects: Project[];
      }
    ).projects;
  const patch = (id: string, project: Record<string, unknown>, caller = 'admin') =>
    identity.request('PATCH', `/identity/v3/projects/${id}`, caller, { project });
  const domain = async (name: string) => {
    const response = await identity.request('POST', '/identity/v3/domains', 'admin', { domain: { name } });
    return (response.json() as { domain: { id: string } }).domain.id;
  };

  test('creates a top-level project whose parent is its domain, shown alike in show and list', async () => {
    const project = await created({ name: 'top', description: 'd', tags: ['a', 'c', 'b'], owner: 'me' });
    assert.deepEqual(project, {
      owner: 'me',
      id: project.id,
      name: 'top',
      domain_id: 'default',
      description: 'd',
      enabled: true,
      parent_id: 'default',
      is_domain: false,
      tags: ['a', 'c', 'b'],
      options: {},
      links: { self: `${BASE_URL}/v3/projects/${project.id}` },
    });
    const shown = (await show(project.id)).project;
    assert.deepEqual({ ...shown, tags: [...shown.tags].sort() }, { ...project, tags: ['a', 'b', 'c'] });
    assert.deepEqual(
      (await list()).find((p) => p.id === project.id),
      shown,
    );
  });

  test('creates children in the parent’s domain only', async () => {
    const other = await domain('projects-other');
    const parent = await created({ name: 'parent' });
    const child = await created({ name: 'child', parent_id: parent.id });
    assert.equal(child.parent_id, parent.id);
    assert.equal(child.domain_id, 'default');

    const crossing = await create({ name: 'crossing', parent_id: parent.id, domain_id: other });
    assert.equal(crossing.statusCode, 400);
    assert.equal(
      message(crossing),
      `Cannot create project, since it specifies its domain_id ${other}, but specifies a parent in a different ` +
        'domain (default).',
    );
    const wrongDomainParent = await create({ name: 'x', parent_id: 'default', domain_id: other });
    assert.equal(wrongDomainParent.statusCode, 400);
    assert.match(message(wrongDomainParent), /is acting as a domain/);
    const noParent = await create({ name: 'x', parent_id: 'nowhere' });
    assert.equal(noParent.statusCode, 400);
    assert.equal(message(noParent), 'Could not find project: nowhere.');
    const noDomain = await create({ name: 'x', domain_id: 'nowhere' });
    assert.equal(noDomain.statusCode, 400);
    assert.equal(message(noDomain), 'Could not find domain: nowhere.');
  });

  test('refuses a duplicate name in a domain with Keystone’s 409; other domains may reuse it', async () => {
    await created({ name: 'dup' });
    const again = await create({ name: 'dup' });
    assert.equal(again.statusCode, 409);
    assert.match(
      message(again),
      /^Conflict occurred attempting to store project - it is not permitted to have two projects with either the same name or same id in the same domain: name is dup, project id [0-9a-f]{32}\.$/,
    );
    await created({ name: 'dup', domain_id: await domain('dup-domain') });
  });

  test('answers bad input with 400 naming the field', async () => {
    for (const [body, field] of [
      [{ name: '' }, 'name'],
      [{ name: 'a'.repeat(65) }, 'name'],
      [{ name: 'x', enabled: 1 }, 'enabled'],
      [{ name: 'x', parent_id: 'bad id!' }, 'parent_id'],
      [{ name: 'x', tags: Array.from({ length: 81 }, (_, i) => `t${i}`) }, 'tags'],
      [{ name: 'x', options: { unknown: true } }, 'options'],
    ] as const) {
      const response = await create(body);
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.match(message(response), new RegExp(field));
    }
  });

  test('a project acting as a domain is a domain', async () => {
    const project = await created({ name: 'project-domain', is_domain: true, domain_id: null });
    assert.equal(project.is_domain, true);
    assert.equal(project.domain_id, null);
    assert.equal(project.parent_id, null);
    assert.ok((await list('?is_domain=true')).some((p) => p.id === project.id));
    assert.ok(!(await list()).some((p) => p.id === project.id));
    const domains = (await identity.request('GET', '/identity/v3/domains')).json() as {
      domains: { id: string }[];
    };
    assert.ok(domains.domains.some((d) => d.id === project.id));
    assert.deepEqual((await show(project.id)).project, project);

    revocations.events.length = 0;
    const disabled = await patch(project.id, { enabled: false });
    assert.equal(disabled.statusCode, 200);
    assert.deepEqual(revocations.events, [{ domainId: project.id }]);
    assert.equal((await identity.request('DELETE', `/identity/v3/projects/${project.id}`)).statusCode, 204);
    assert.equal((await identity.request('GET', `/identity/v3/domains/${project.id}`)).statusCode, 404);
  });

  test('updates name, description and attributes, echoing attributes as `extra` like Keystone', async () => {
    const project = await created({ name: 'before', description: 'old' });
    const response = await patch(project.id, { name: 'after', description: 'new', cost: 3 });
    assert.equal(response.statusCode, 200);
    const updated = (response.json() as { project: Project }).project;
    assert.deepEqual(updated, { ...project, name: 'after', description: 'new', cost: 3, extra: { cost: 3 } });
    assert.deepEqual((await show(project.id)).project, {
      ...project,
      name: 'after',
      description: 'new',
      cost: 3,
    });
  });

  test('refuses to move a project or change what it is', async () => {
    const project = await created({ name: 'fixed' });
    const other = await created({ name: 'fixed-other' });
    const moved = await patch(project.id, { parent_id: other.id });
    assert.equal(moved.statusCode, 403);
    assert.equal(message(moved), 'Update of `parent_id` is not allowed.');
    assert.equal(
      (await patch(project.id, { parent_id: 'default' })).statusCode,
      200,
      'the same parent is fine',
    );
    const domainMove = await patch(project.id, { domain_id: await domain('fixed-domain') });
    assert.equal(domainMove.statusCode, 400);
    assert.equal(message(domainMove), 'Cannot change Domain ID');
    const flip = await patch(project.id, { is_domain: true });
    assert.equal(flip.statusCode, 400);
    assert.equal(message(flip), 'Update of `is_domain` is not allowed.');
    const renamed = await patch(project.id, { id: other.id });
    assert.equal(renamed.statusCode, 400);
    assert.equal(message(renamed), 'Cannot change ID');
  });

  test('keeps the hierarchy consistent when enabling and disabling', async () => {
    const parent = await created({ name: 'h-parent' });
    const child = await created({ name: 'h-child', parent_id: parent.id });
    const blocked = await patch(parent.id, { enabled: false });
    assert.equal(blocked.statusCode, 403);
    assert.equal(
      message(blocked),
      `Cannot disable project ${parent.id} since its subtree contains enabled projects.`,
    );

    revocations.events.length = 0;
    assert.equal((await patch(child.id, { enabled: false })).statusCode, 200);
    assert.equal((await patch(parent.id, { enabled: false })).statusCode, 200);
    assert.deepEqual(revocations.events, [{ projectId: child.id }, { projectId: parent.id }]);

    const enableChild = await patch(child.id, { enabled: true });
    assert.equal(enableChild.statusCode, 403);
    assert.equal(message(enableChild), `Cannot enable project ${child.id} since it has disabled parents`);
    const under = await create({ name: 'h-under', parent_id: parent.id });
    assert.equal(under.statusCode, 400);
    assert.equal(
      message(under),
      `cannot create a project in a branch containing a disabled project: ${parent.id}`,
    );
  });

  test('limits the depth of the tree', async () => {
    let parent = await created({ name: 'depth-1' });
    for (let level = 2; level <= 5; level++)
      parent = await created({ name: `depth-${level}`, parent_id: parent.id });
    const tooDeep = await create({ name: 'depth-6', parent_id: parent.id });
    assert.equal(tooDeep.statusCode, 403);
    assert.equal(message(tooDeep), `Max hierarchy depth reached for ${parent.id} branch.`);
  });

  test('deletes leaves only, with their grants; deleting revokes the project’s tokens', async () => {
    const parent = await created({ name: 'del-parent' });
    const child = await created({ name: 'del-child', parent_id: parent.id, tags: ['x'] });
    const notLeaf = await identity.request('DELETE', `/identity/v3/projects/${parent.id}`);
    assert.equal(notLeaf.statusCode, 403);
    assert.equal(
      message(notLeaf),
      `Cannot delete the project ${parent.id} since it is not a leaf in the hierarchy. Use the cascade option if ` +
        'you want to delete a whole subtree.',
    );
    await identity.db
      .insertInto('assignment')
      .values({
        type: 'UserProject',
        actor_id: identity.ids.demoUser,
        target_id: child.id,
        role_id: identity.ids.roles.member,
        inherited: 0,
      })
      .execute();
    await identity.db
      .updateTable('user')
      .set({ default_project_id: child.id })
      .where('id', '=', identity.ids.demoUser)
      .execute();
    revocations.events.length = 0;
    assert.equal((await identity.request('DELETE', `/identity/v3/projects/${child.id}`)).statusCode, 204);
    assert.deepEqual(revocations.events, [{ projectId: child.id }]);
    assert.equal((await identity.request('GET', `/identity/v3/projects/${child.id}`)).statusCode, 404);
    assert.deepEqual(
      await identity.db.selectFrom('assignment').selectAll().where('target_id', '=', child.id).execute(),
      [],
    );
    const demo = await identity.db
      .selectFrom('user')
      .select('default_project_id')
      .where('id', '=', identity.ids.demoUser)
      .executeTakeFirstOrThrow();
    assert.equal(demo.default_project_id, null);
    assert.equal((await identity.request('DELETE', `/identity/v3/projects/${parent.id}`)).statusCode, 204);
  });

  test('filters the list by name, domain, enabled, parent and tags', async () => {
    const d = await domain('filters');
    const p1 = await created({ name: 'f1', domain_id: d, enabled: false, tags: ['red', 'blue'] });
    const p2 = await created({ name: 'f2', domain_id: d, tags: ['red'] });
    const p3 = await created({ name: 'f3', domain_id: d, parent_id: p2.id, tags: ['green'] });
    const ids = async (query: string) => (await list(query)).map((p) => p.id).sort();
    const sorted = (...projects: Project[]) => projects.map((p) => p.id).sort();
    assert.deepEqual(await ids(`?domain_id=${d}`), sorted(p1, p2, p3));
    assert.deepEqual(await ids(`?domain_id=${d}&name=f2`), sorted(p2));
    assert.deepEqual(await ids(`?domain_id=${d}&enabled=false`), sorted(p1));
    assert.deepEqual(await ids(`?parent_id=${d}`), sorted(p1, p2));
    assert.deepEqual(await ids(`?parent_id=${p2.id}`), sorted(p3));
    assert.deepEqual(await ids(`?domain_id=${d}&tags=red,blue`), sorted(p1));
    assert.deepEqual(await ids(`?domain_id=${d}&tags-any=blue,green`), sorted(p1, p3));
    assert.deepEqual(await ids(`?domain_id=${d}&not-tags=red,blue`), sorted(p2, p3));
    assert.deepEqual(await ids(`?domain_id=${d}&not-tags-any=red`), sorted(p3));
    assert.deepEqual(await ids(`?domain_id=${d}&name__startswith=f`), sorted(p1, p2, p3));
    assert.deepEqual(await ids(`?domain_id=${d}&is_domain=true`), []);
  });

  test('shows parents and subtree as ids or as lists of what the caller may see', async () => {
    const d = await domain('tree');
    const a = await created({ name: 'a', domain_id: d });
    const b = await created({ name: 'b', domain_id: d, parent_id: a.id });
    const c = await created({ name: 'c', domain_id: d, parent_id: b.id });
    const e = await created({ name: 'e', domain_id: d, parent_id: b.id });

    assert.deepEqual((await show(c.id, '?parents_as_ids')).project.parents, {
      [b.id]: { [a.id]: { [d]: null } },
    });
    assert.deepEqual((await show(a.id, '?subtree_as_ids')).project.subtree, {
      [b.id]: { [c.id]: null, [e.id]: null },
    });
    assert.deepEqual((await show(d, '?subtree_as_ids')).project.subtree, {
      [a.id]: { [b.id]: { [c.id]: null, [e.id]: null } },
    });
    assert.equal((await show(c.id, '?subtree_as_ids')).project.subtree, null);
    assert.equal((await show(d, '?parents_as_ids')).project.parents, null);
    assert.equal((await show(c.id, '?parents_as_ids=0')).project.parents, undefined);

    // The admin caller has roles on a and c only.
    await identity.db
      .insertInto('assignment')
      .values(
        [a.id, c.id].map((target) => ({
          type: 'UserProject' as const,
          actor_id: identity.ids.adminUser,
          target_id: target,
          role_id: identity.ids.roles.reader,
          inherited: 0,
        })),
      )
      .execute();
    const parents = (await show(c.id, '?parents_as_list')).project.parents as { project: Project }[];
    assert.deepEqual(
      parents.map((p) => p.project.id),
      [a.id],
    );
    assert.deepEqual(parents[0].project, (await show(a.id)).project);
    const subtree = (await show(a.id, '?subtree_as_list')).project.subtree as { project: Project }[];
    assert.deepEqual(
      subtree.map((p) => p.project.id),
      [c.id],
    );

    const both = await identity.request(
      'GET',
      `/identity/v3/projects/${a.id}?parents_as_list&parents_as_ids`,
    );
    assert.equal(both.statusCode, 400);
    assert.equal(
      message(both),
      'Cannot use parents_as_list and parents_as_ids query params at the same time.',
    );
    const both2 = await identity.request(
      'GET',
      `/identity/v3/projects/${a.id}?subtree_as_list&subtree_as_ids`,
    );
    assert.equal(
      message(both2),
      'Cannot use subtree_as_list and subtree_as_ids query params at the same time.',
    );
  });

  test('unknown projects are 404 with Keystone’s message', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const response = await identity.request(
        method,
        '/identity/v3/projects/nowhere',
        'admin',
        method === 'PATCH' ? { project: { description: 'x' } } : undefined,
      );
      assert.equal(response.statusCode, 404, method);
      assert.equal(message(response), 'Could not find project: nowhere.');
    }
  });

  test('policy: a member sees its own project only and changes nothing', async () => {
    const other = await created({ name: 'member-other' });
    assert.equal(
      (await identity.request('GET', `/identity/v3/projects/${identity.ids.demoProject}`, 'member'))
        .statusCode,
      200,
    );
    assert.equal(
      (await identity.request('GET', `/identity/v3/projects/${other.id}`, 'member')).statusCode,
      403,
    );
    assert.equal((await identity.request('GET', '/identity/v3/projects', 'member')).statusCode, 403);
    assert.equal((await create({ name: 'by-member' }, 'member')).statusCode, 403);
    assert.equal((await patch(identity.ids.demoProject, { description: 'x' }, 'member')).statusCode, 403);
    assert.equal(
      (await identity.request('DELETE', `/identity/v3/projects/${other.id}`, 'member')).statusCode,
      403,
    );
  });

  test('policy: a domain admin manages projects of its own domain only', async () => {
    const mine = await domain('da-mine');
    const theirs = await domain('da-theirs');
    const foreign = await created({ name: 'foreign', domain_id: theirs });
    identity.as('project-domain-admin', {
      domainId: mine,
      domainName: 'da-mine',
      roles: ['admin', 'member', 'reader'],
    });
    const own = await created({ name: 'own' }, 'project-domain-admin');
    assert.equal(own.domain_id, mine, 'the domain comes from the token’s scope');
    assert.equal(
      (await create({ name: 'there', domain_id: theirs }, 'project-domain-admin')).statusCode,
      403,
    );
    assert.equal((await patch(foreign.id, { description: 'x' }, 'project-domain-admin')).statusCode, 403);
    assert.equal(
      (await identity.request('GET', `/identity/v3/projects/${foreign.id}`, 'project-domain-admin'))
        .statusCode,
      403,
    );
    assert.deepEqual(
      (await list('', 'project-domain-admin')).map((p) => p.id),
      [own.id],
    );
    assert.deepEqual(await list(`?domain_id=${theirs}`, 'project-domain-admin'), []);
  });
});
