import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createPolicyEnforcer } from '../../../src/common/policy/index.js';
import { imagePolicies } from '../../../src/image/policies.js';
import { contextFor, PROJECTS } from '../../helpers/fixed-callers.js';

const policy = createPolicyEnforcer(imagePolicies, {});
const member = contextFor({ projectId: PROJECTS.one });
const reader = contextFor({ projectId: PROJECTS.one, roles: ['reader'] });
const other = contextFor({ projectId: PROJECTS.two });
const admin = contextFor({ projectId: PROJECTS.admin, roles: ['admin', 'member', 'reader'] });

/** An image target as the API builds it: project_id is the owner, member_id the caller's project on a share. */
const target = (visibility: string, memberId: string | null = null) => ({
  owner: PROJECTS.one,
  project_id: PROJECTS.one,
  visibility,
  member_id: memberId,
});

describe("Glance Zed's default image policies", () => {
  test('every rule parses, names are unique, and admin is context_is_admin', () => {
    assert.equal(new Set(imagePolicies.map((rule) => rule.name)).size, imagePolicies.length);
    assert.equal(policy.check('context_is_admin', {}, admin), true);
    assert.equal(policy.check('context_is_admin', {}, member), false);
  });

  test('get_image: readers of the owner, everyone on public, community and shared-with-them images', () => {
    assert.equal(policy.check('get_image', target('private'), reader), true);
    assert.equal(policy.check('get_image', target('private'), other), false);
    assert.equal(policy.check('get_image', target('public'), other), true);
    assert.equal(policy.check('get_image', target('community'), other), true);
    assert.equal(policy.check('get_image', target('private', PROJECTS.two), other), true);
    assert.equal(policy.check('get_image', target('private'), admin), true);
  });

  test('changes need the member role on the owning project; publicize needs an admin', () => {
    for (const rule of [
      'modify_image',
      'delete_image',
      'upload_image',
      'deactivate',
      'reactivate',
      'add_member',
    ]) {
      assert.equal(policy.check(rule, target('shared'), member), true, rule);
      assert.equal(policy.check(rule, target('shared'), reader), false, rule);
      assert.equal(policy.check(rule, target('public'), other), false, rule);
      assert.equal(policy.check(rule, target('shared'), admin), true, rule);
    }
    assert.equal(policy.check('publicize_image', target('shared'), member), false);
    assert.equal(policy.check('publicize_image', target('shared'), admin), true);
    assert.equal(policy.check('communitize_image', target('shared'), member), true);
  });

  test('add_image: a member creates images owned by its own project only', () => {
    const own = { project_id: PROJECTS.one, owner: PROJECTS.one, visibility: 'private' };
    const foreign = { project_id: PROJECTS.two, owner: PROJECTS.two, visibility: 'private' };
    assert.equal(policy.check('add_image', own, member), true);
    assert.equal(policy.check('add_image', foreign, member), false);
    assert.equal(policy.check('add_image', own, reader), false);
    assert.equal(policy.check('add_image', foreign, admin), true);
  });

  test("modify_member is the member project's, not the owner's", () => {
    assert.equal(policy.check('modify_member', target('shared', PROJECTS.two), other), true);
    assert.equal(policy.check('modify_member', target('shared'), member), false);
  });

  test('download needs the member role; a reader may look but not download', () => {
    assert.equal(policy.check('download_image', target('public'), other), true);
    assert.equal(policy.check('download_image', target('private'), reader), false);
  });
});
