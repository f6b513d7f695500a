import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { effectiveRoles, roleNamesById, type RoleScope } from '../../../../src/identity/assignments/index.js';
import { Fixtures } from './fixtures.js';

describe('effectiveRoles (the roles a token gets)', () => {
  let f: Fixtures;
  let domain: string;
  let user: string;
  beforeEach(async () => {
    f = await Fixtures.inMemory();
    domain = await f.domain('d1');
    user = await f.user('alice', domain);
  });

  const names = async (scope: RoleScope, userId = user) =>
    (await effectiveRoles(f.db, userId, scope)).map((role) => role.name).sort();

  test('a role granted to the user on the project', async () => {
    const project = await f.project('p', domain);
    const member = await f.role('member');
    await f.grant('UserProject', user, project, member);
    assert.deepEqual(await effectiveRoles(f.db, user, { kind: 'project', projectId: project }), [
      { id: member, name: 'member', domain_id: null },
    ]);
    assert.deepEqual(await names({ kind: 'project', projectId: await f.project('other', domain) }), []);
  });

  test('roles granted to the groups the user is in, and not to other groups', async () => {
    const project = await f.project('p', domain);
    await f.grant('GroupProject', await f.group('g1', domain, [user]), project, await f.role('viewer'));
    await f.grant('GroupProject', await f.group('g2', domain), project, await f.role('other'));
    assert.deepEqual(await names({ kind: 'project', projectId: project }), ['viewer']);
  });

  test('an inherited domain grant reaches every project of the domain, not the domain itself', async () => {
    const parent = await f.project('parent', domain);
    const child = await f.project('child', domain, parent);
    const elsewhere = await f.project('elsewhere', await f.domain('d2'));
    await f.grant('UserDomain', user, domain, await f.role('inherited'), true);
    assert.deepEqual(await names({ kind: 'project', projectId: parent }), ['inherited']);
    assert.deepEqual(await names({ kind: 'project', projectId: child }), ['inherited']);
    assert.deepEqual(await names({ kind: 'project', projectId: elsewhere }), []);
    assert.deepEqual(await names({ kind: 'domain', domainId: domain }), []);
  });

  test('an inherited project grant reaches the projects below it, at any depth, not the project', async () => {
    const top = await f.project('top', domain);
    const middle = await f.project('middle', domain, top);
    const leaf = await f.project('leaf', domain, middle);
    const group = await f.group('g', domain, [user]);
    await f.grant('GroupProject', group, top, await f.role('from-top'), true);
    await f.grant('UserProject', user, middle, await f.role('from-middle'), true);
    assert.deepEqual(await names({ kind: 'project', projectId: top }), []);
    assert.deepEqual(await names({ kind: 'project', projectId: middle }), ['from-top']);
    assert.deepEqual(await names({ kind: 'project', projectId: leaf }), ['from-middle', 'from-top']);
  });

  test('implied roles are added transitively, and a cycle does not loop', async () => {
    const project = await f.project('p', domain);
    const [a, b, c] = [await f.role('a'), await f.role('b'), await f.role('c')];
    await f.imply(a, b);
    await f.imply(b, c);
    await f.imply(c, a);
    await f.imply(c, c);
    await f.grant('UserProject', user, project, a);
    assert.deepEqual(await names({ kind: 'project', projectId: project }), ['a', 'b', 'c']);
  });

  test('a domain-specific role is left out but gives the global roles it implies', async () => {
    const project = await f.project('p', domain);
    const domainRole = await f.role('domain-role', domain);
    const otherDomainRole = await f.role('other-domain-role', domain);
    await f.imply(domainRole, otherDomainRole);
    await f.imply(otherDomainRole, await f.role('global'));
    await f.grant('UserProject', user, project, domainRole);
    await f.grant('UserDomain', user, domain, domainRole);
    assert.deepEqual(await names({ kind: 'project', projectId: project }), ['global']);
    assert.deepEqual(await names({ kind: 'domain', domainId: domain }), ['global']);
  });

  test('domain scope counts the grants on the domain, from the user and its groups', async () => {
    const group = await f.group('g', domain, [user]);
    await f.grant('UserDomain', user, domain, await f.role('direct'));
    await f.grant('GroupDomain', group, domain, await f.role('via-group'));
    await f.grant('UserProject', user, await f.project('p', domain), await f.role('on-project'));
    assert.deepEqual(await names({ kind: 'domain', domainId: domain }), ['direct', 'via-group']);
  });

  test('system scope counts system grants of the user and its groups, with implied roles', async () => {
    const [admin, member, reader] = [await f.role('admin'), await f.role('member'), await f.role('reader')];
    await f.imply(admin, member);
    await f.imply(member, reader);
    await f.grant('GroupSystem', await f.group('ops', domain, [user]), 'system', member);
    assert.deepEqual(await names({ kind: 'system' }), ['member', 'reader']);
    await f.grant('UserSystem', user, 'system', admin);
    assert.deepEqual(await names({ kind: 'system' }), ['admin', 'member', 'reader']);
    assert.deepEqual(await names({ kind: 'system' }, await f.user('bob', domain)), []);
  });

  test('roleNamesById names the roles it knows', async () => {
    const a = await f.role('a');
    assert.deepEqual([...(await roleNamesById(f.db, [a, a, 'missing']))], [[a, 'a']]);
  });
});
