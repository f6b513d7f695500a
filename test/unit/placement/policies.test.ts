import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPolicyEnforcer } from '../../../src/common/policy/index.js';
import { placementPolicies } from '../../../src/placement/policies.js';
import { contextFor, PROJECTS } from '../../helpers/fixed-callers.js';

const enforcer = createPolicyEnforcer(placementPolicies, {});
const admin = contextFor({ roles: ['admin', 'member', 'reader'] });
const service = contextFor({ roles: ['service'] });
const member = contextFor({ roles: ['member', 'reader'] });
const systemReader = contextFor({ roles: ['reader'], system: true, projectId: null });

test('admins and service users may do everything; project members nothing cloud-wide', () => {
  for (const { name } of placementPolicies.filter((rule) => rule.name.startsWith('placement:'))) {
    assert.ok(enforcer.check(name, {}, admin), name);
    assert.ok(enforcer.check(name, {}, service), name);
    if (name !== 'placement:usages') assert.ok(!enforcer.check(name, {}, member), name);
  }
});

test('system readers read but do not write', () => {
  assert.ok(enforcer.check('placement:resource_providers:list', {}, systemReader));
  assert.ok(enforcer.check('placement:allocation_candidates:list', {}, systemReader));
  assert.ok(!enforcer.check('placement:resource_providers:create', {}, systemReader));
  assert.ok(!enforcer.check('placement:allocations:update', {}, systemReader));
});

test('a project reader sees the usages of its own project only', () => {
  assert.ok(enforcer.check('placement:usages', { project_id: PROJECTS.one }, member));
  assert.ok(!enforcer.check('placement:usages', { project_id: PROJECTS.two }, member));
});
