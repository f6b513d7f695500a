import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addImpliedRoles,
  listRoleAssignments,
  type AssignmentRef,
} from '../../../../src/identity/assignments/index.js';
import { Fixtures } from './fixtures.js';

const summary = (refs: AssignmentRef[]) =>
  refs
    .map((ref) => `${ref.userId ?? ref.groupId}@${ref.projectId ?? ref.domainId ?? 'system'}:${ref.roleId}`)
    .sort();

describe('listRoleAssignments', () => {
  test('effective without a user expands a group to each member and inheritance to each project below', async () => {
    const f = await Fixtures.inMemory();
    const domain = await f.domain('d');
    const top = await f.project('top', domain);
    const mid = await f.project('mid', domain, top);
    const leaf = await f.project('leaf', domain, mid);
    const [ann, bob] = [await f.user('ann', domain), await f.user('bob', domain)];
    const group = await f.group('g', domain, [ann, bob]);
    const role = await f.role('r');
    await f.grant('GroupProject', group, top, role, true);
    const refs = await listRoleAssignments(f.db, { effective: true });
    assert.deepEqual(
      summary(refs),
      [
        `${ann}@${leaf}:${role}`,
        `${ann}@${mid}:${role}`,
        `${bob}@${leaf}:${role}`,
        `${bob}@${mid}:${role}`,
      ].sort(),
    );
    assert.deepEqual(refs[0].indirect, { groupId: group, projectId: top });
    // Filtered to a project, only what reaches it.
    assert.deepEqual(
      summary(await listRoleAssignments(f.db, { effective: true, projectId: mid, userId: ann })),
      [`${ann}@${mid}:${role}`],
    );
    assert.deepEqual(await listRoleAssignments(f.db, { effective: true, projectId: top, userId: ann }), []);
  });

  test('direct listing filters by role and keeps inherited grants where they were made', async () => {
    const f = await Fixtures.inMemory();
    const domain = await f.domain('d');
    const user = await f.user('u', domain);
    const [a, b] = [await f.role('a'), await f.role('b')];
    await f.grant('UserDomain', user, domain, a, true);
    await f.grant('UserSystem', user, 'system', b);
    assert.deepEqual(await listRoleAssignments(f.db, { roleId: a }), [
      { userId: user, domainId: domain, roleId: a, inherited: true },
    ]);
    assert.deepEqual(await listRoleAssignments(f.db, { userId: user, inherited: false }), [
      { userId: user, system: true, roleId: b },
    ]);
  });
});

describe('addImpliedRoles', () => {
  test('adds implied roles transitively, recording the prior role, and stops on cycles', () => {
    const implications = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'c']],
    ]);
    const base: AssignmentRef = { userId: 'u', projectId: 'p', roleId: 'a' };
    const refs = addImpliedRoles([base], implications);
    assert.deepEqual(refs[0], base);
    assert.deepEqual(new Set(refs.map((ref) => ref.roleId)), new Set(['a', 'b', 'c']));
    assert.ok(refs.slice(1).every((ref) => ref.indirect?.roleId !== undefined));
    assert.ok(refs.length < 10);
  });
});
