import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE_URL, identityTestApp, type IdentityTestApp } from '../../../helpers/identity-app.js';
import { Fixtures } from '../assignments/fixtures.js';

type Assignment = Record<string, unknown>;

// The scenario and the expected answers were taken from a real Keystone (Zed).
describe('GET /v3/role_assignments', () => {
  let identity: IdentityTestApp;
  let D: string, P: string, C: string, U: string, G: string;
  let R1: string, R2: string, DR: string, DR0: string;
  before(async () => {
    identity = await identityTestApp();
    const f = new Fixtures(identity.db);
    D = await f.domain('asg-dom');
    P = await f.project('asg-p', D);
    C = await f.project('asg-c', D, P);
    U = await f.user('asg-u', D);
    G = await f.group('asg-g', D, [U]);
    R1 = await f.role('asg-test1');
    R2 = await f.role('asg-test2');
    DR = await f.role('asg-dr', D);
    DR0 = await f.role('asg-dr0', 'default');
    await f.imply(R1, R2);
    await f.imply(DR, R2);
    await f.imply(DR, DR0);
    await f.grant('UserProject', U, P, R1);
    await f.grant('GroupDomain', G, D, R2);
    await f.grant('UserDomain', U, D, R2, true);
    await f.grant('GroupProject', G, P, DR, true);
    await f.grant('GroupSystem', G, 'system', R1);
    await f.grant('UserDomain', U, D, DR0);
  });
  after(() => identity.close());

  const url = (path: string) => `${BASE_URL}/v3/${path}`;
  const list = async (query: string, caller = 'admin') => {
    const path = `role_assignments${query ? `?${query}` : ''}`;
    const response = await identity.request('GET', `/identity/v3/${path}`, caller);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json() as { role_assignments: Assignment[]; links: { self: string } };
    assert.equal(body.links.self, `${BASE_URL}/v3/${path}`);
    return body.role_assignments;
  };
  /** JSON with keys in order, so equal assignments sort together whatever their key order. */
  const canonical = (value: unknown): string =>
    value && typeof value === 'object'
      ? `{${Object.keys(value)
          .sort()
          .map((key) => `${key}:${canonical((value as Record<string, unknown>)[key])}`)
          .join(',')}}`
      : JSON.stringify(value);
  const sorted = (items: Assignment[]) => [...items].sort((a, b) => canonical(a).localeCompare(canonical(b)));
  const assertSame = (actual: Assignment[], expected: Assignment[]) =>
    assert.deepEqual(sorted(actual), sorted(expected));
  const refuse = async (query: string, message: string) => {
    const response = await identity.request('GET', `/identity/v3/role_assignments?${query}`);
    assert.equal(response.statusCode, 400, query);
    assert.equal((response.json() as { error: { message: string } }).error.message, message);
  };

  test('direct assignments of a user, inherited ones marked', async () => {
    assertSame(await list(`user.id=${U}`), [
      {
        links: { assignment: url(`projects/${P}/users/${U}/roles/${R1}`) },
        scope: { project: { id: P } },
        user: { id: U },
        role: { id: R1 },
      },
      {
        links: { assignment: url(`OS-INHERIT/domains/${D}/users/${U}/roles/${R2}/inherited_to_projects`) },
        scope: { domain: { id: D }, 'OS-INHERIT:inherited_to': 'projects' },
        user: { id: U },
        role: { id: R2 },
      },
      {
        links: { assignment: url(`domains/${D}/users/${U}/roles/${DR0}`) },
        scope: { domain: { id: D } },
        user: { id: U },
        role: { id: DR0 },
      },
    ]);
  });

  const groupOnDomain = () => ({
    links: { assignment: url(`domains/${D}/groups/${G}/roles/${R2}`) },
    scope: { domain: { id: D } },
    group: { id: G },
    role: { id: R2 },
  });
  const groupInheritedOnProject = () => ({
    links: { assignment: url(`OS-INHERIT/projects/${P}/groups/${G}/roles/${DR}/inherited_to_projects`) },
    scope: { project: { id: P }, 'OS-INHERIT:inherited_to': 'projects' },
    group: { id: G },
    role: { id: DR },
  });
  const groupOnSystem = () => ({
    links: { assignment: url(`system/groups/${G}/roles/${R1}`) },
    scope: { system: { all: true } },
    group: { id: G },
    role: { id: R1 },
  });

  test('direct assignments of a group, system ones included', async () => {
    assertSame(await list(`group.id=${G}`), [groupOnDomain(), groupInheritedOnProject(), groupOnSystem()]);
    // An unknown scope.system value is no filter, as Keystone.
    assertSame(await list(`scope.system=xyz&group.id=${G}`), [
      groupOnDomain(),
      groupInheritedOnProject(),
      groupOnSystem(),
    ]);
    // Keystone lists system assignments with the inherited ones too.
    assertSame(await list(`scope.OS-INHERIT:inherited_to=projects&group.id=${G}`), [
      groupInheritedOnProject(),
      groupOnSystem(),
    ]);
    assertSame(await list(`scope.system=all&group.id=${G}`), [groupOnSystem()]);
  });

  test('include_names names every entity, with its domain', async () => {
    const dom = { id: D, name: 'asg-dom' };
    assertSame(await list(`scope.domain.id=${D}&include_names=1`), [
      {
        links: { assignment: url(`domains/${D}/users/${U}/roles/${DR0}`) },
        scope: { domain: dom },
        user: { id: U, name: 'asg-u', domain: dom },
        role: { id: DR0, name: 'asg-dr0', domain: { id: 'default', name: 'Default' } },
      },
      {
        links: { assignment: url(`OS-INHERIT/domains/${D}/users/${U}/roles/${R2}/inherited_to_projects`) },
        scope: { domain: dom, 'OS-INHERIT:inherited_to': 'projects' },
        user: { id: U, name: 'asg-u', domain: dom },
        role: { id: R2, name: 'asg-test2' },
      },
      {
        links: { assignment: url(`domains/${D}/groups/${G}/roles/${R2}`) },
        scope: { domain: dom },
        group: { id: G, name: 'asg-g', domain: dom },
        role: { id: R2, name: 'asg-test2' },
      },
    ]);
    assertSame(await list(`scope.system=all&group.id=${G}&include_names`), [
      {
        ...groupOnSystem(),
        group: { id: G, name: 'asg-g', domain: dom },
        role: { id: R1, name: 'asg-test1' },
      },
    ]);
  });

  const inheritedFromDomainOn = (project: string) => ({
    links: { assignment: url(`OS-INHERIT/domains/${D}/users/${U}/roles/${R2}/inherited_to_projects`) },
    scope: { project: { id: project }, 'OS-INHERIT:inherited_to': 'projects' },
    user: { id: U },
    role: { id: R2 },
  });
  const impliedByGroupInheritance = () => ({
    links: {
      membership: url(`groups/${G}/users/${U}`),
      assignment: url(`OS-INHERIT/projects/${P}/groups/${G}/roles/${DR}/inherited_to_projects`),
      prior_role: url(`prior_role/${R2}/implies/${DR}`),
    },
    scope: { project: { id: C }, 'OS-INHERIT:inherited_to': 'projects' },
    user: { id: U },
    role: { id: R2 },
  });

  test('effective: groups expanded, inheritance spread, implied roles added, domain roles dropped', async () => {
    assertSame(await list(`user.id=${U}&effective`), [
      {
        links: { assignment: url(`projects/${P}/users/${U}/roles/${R1}`) },
        scope: { project: { id: P } },
        user: { id: U },
        role: { id: R1 },
      },
      inheritedFromDomainOn(C),
      inheritedFromDomainOn(P),
      {
        links: {
          membership: url(`groups/${G}/users/${U}`),
          assignment: url(`domains/${D}/groups/${G}/roles/${R2}`),
        },
        scope: { domain: { id: D } },
        user: { id: U },
        role: { id: R2 },
      },
      impliedByGroupInheritance(),
      {
        links: {
          assignment: url(`projects/${P}/users/${U}/roles/${R1}`),
          prior_role: url(`prior_role/${R2}/implies/${R1}`),
        },
        scope: { project: { id: P } },
        user: { id: U },
        role: { id: R2 },
      },
    ]);
  });

  test('effective on one project, with names', async () => {
    const dom = { id: D, name: 'asg-dom' };
    const named = (a: Assignment) => ({
      ...a,
      scope: { project: { id: C, name: 'asg-c', domain: dom }, 'OS-INHERIT:inherited_to': 'projects' },
      user: { id: U, name: 'asg-u', domain: dom },
      role: { id: R2, name: 'asg-test2' },
    });
    assertSame(await list(`effective&scope.project.id=${C}&include_names`), [
      named(inheritedFromDomainOn(C)),
      named(impliedByGroupInheritance()),
    ]);
    assertSame(await list(`effective&scope.project.id=${C}&role.id=${R1}`), []);
  });

  test('include_subtree lists the assignments on the project and below it', async () => {
    assertSame(await list(`include_subtree&scope.project.id=${P}`), [
      {
        links: { assignment: url(`projects/${P}/users/${U}/roles/${R1}`) },
        scope: { project: { id: P } },
        user: { id: U },
        role: { id: R1 },
      },
      groupInheritedOnProject(),
    ]);
    assertSame(await list(`effective&include_subtree&scope.project.id=${P}`), [
      {
        links: { assignment: url(`projects/${P}/users/${U}/roles/${R1}`) },
        scope: { project: { id: P } },
        user: { id: U },
        role: { id: R1 },
      },
      inheritedFromDomainOn(P),
      inheritedFromDomainOn(C),
      impliedByGroupInheritance(),
      {
        links: {
          assignment: url(`projects/${P}/users/${U}/roles/${R1}`),
          prior_role: url(`prior_role/${R2}/implies/${R1}`),
        },
        scope: { project: { id: P } },
        user: { id: U },
        role: { id: R2 },
      },
    ]);
    const missing = await identity.request(
      'GET',
      '/identity/v3/role_assignments?include_subtree=1&scope.project.id=nope',
    );
    assert.equal(missing.statusCode, 404);
    await refuse(
      'include_subtree=1',
      'scope.project.id must be specified if include_subtree is also specified',
    );
  });

  test('contradicting filters are refused with Keystone’s messages', async () => {
    await refuse(`scope.domain.id=${D}&scope.project.id=${P}`, 'Specify a domain or project, not both');
    await refuse(`scope.domain.id=${D}&scope.system=all`, 'Specify system or domain, not both');
    await refuse(`scope.system=all&scope.project.id=${P}`, 'Specify system or project, not both');
    await refuse(`user.id=${U}&group.id=${G}`, 'Specify a user or group, not both');
    await refuse(
      `effective&group.id=${G}`,
      'Combining effective and group filter will always result in an empty list.',
    );
    await refuse(
      `effective&scope.domain.id=${D}&scope.OS-INHERIT:inherited_to=projects`,
      'Combining effective, domain and inherited filters will always result in an empty list.',
    );
    const unknownUser = await identity.request(
      'GET',
      '/identity/v3/role_assignments?user.id=nobody&effective',
    );
    assert.equal(unknownUser.statusCode, 404);
    assert.deepEqual(await list('user.id=nobody'), []);
  });

  test('a domain-scoped reader sees its domain’s assignments only; a member sees none', async () => {
    identity.as('domain-reader', {
      userId: U,
      userDomainId: D,
      domainId: D,
      domainName: 'asg-dom',
      roles: ['reader'],
    });
    const seen = await list('', 'domain-reader');
    assert.ok(seen.length > 0);
    for (const assignment of seen) {
      const scope = assignment.scope as { domain?: { id: string }; project?: { id: string } };
      assert.ok(scope.domain?.id === D || scope.project?.id === P || scope.project?.id === C);
    }
    const response = await identity.request('GET', '/identity/v3/role_assignments', 'member');
    assert.equal(response.statusCode, 403);
  });
});
