import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RequestContext } from '../../../../src/common/auth/context.js';
import { Forbidden } from '../../../../src/common/http/errors.js';
import {
  createPolicyEnforcer,
  PolicySyntaxError,
  type PolicyRule,
} from '../../../../src/common/policy/index.js';

function context(overrides: Partial<RequestContext> = {}): RequestContext {
  return {
    token: 'token',
    userId: 'u1',
    userName: 'alice',
    userDomainId: 'default',
    userDomainName: 'Default',
    projectId: 'p1',
    projectName: 'demo',
    projectDomainId: 'default',
    projectDomainName: 'Default',
    domainId: null,
    domainName: null,
    system: false,
    roles: ['member', 'reader'],
    roleIds: ['r-member', 'r-reader'],
    isAdminProject: false,
    applicationCredentialId: null,
    accessRules: null,
    trustId: null,
    methods: ['password'],
    auditIds: ['audit'],
    expiresAt: new Date('2030-01-01T00:00:00Z'),
    serviceRoles: [],
    ...overrides,
  };
}

/** Checks one check string, written as the rule `probe`. */
function passes(check: string, target: Record<string, unknown> = {}, ctx = context()): boolean {
  return createPolicyEnforcer([{ name: 'probe', check, description: '' }], {}).check('probe', target, ctx);
}

describe('policy evaluation', () => {
  it('passes @ and an empty check string, refuses !', () => {
    assert.equal(passes('@'), true);
    assert.equal(passes(''), true);
    assert.equal(passes('!'), false);
  });

  it('compares role names case-insensitively', () => {
    assert.equal(passes('role:Member'), true);
    assert.equal(passes('role:admin'), false);
    assert.equal(passes('role:ADMIN', {}, context({ roles: ['Admin'] })), true);
    assert.equal(passes('role:%(wanted)s', { wanted: 'READER' }), true);
    assert.equal(passes('role:%(wanted)s', {}), false);
  });

  it('applies and, or, not with their precedence', () => {
    assert.equal(passes('role:admin or role:member and role:reader'), true);
    assert.equal(passes('(role:admin or role:member) and role:nobody'), false);
    assert.equal(passes('role:admin or role:member and role:nobody'), false);
    assert.equal(passes('not role:admin and role:member'), true);
    assert.equal(passes('not (role:admin or role:member)'), false);
  });

  it('substitutes target values, flat or nested', () => {
    assert.equal(passes('user_id:%(user_id)s', { user_id: 'u1' }), true);
    assert.equal(passes('user_id:%(user_id)s', { user_id: 'u2' }), false);
    assert.equal(passes('user_id:%(target.user.id)s', { target: { user: { id: 'u1' } } }), true);
    assert.equal(passes('user_id:%(target.user.id)s', { 'target.user.id': 'u1' }), true);
    assert.equal(passes('project_id:%(target.project.id)s', { target: { project: { id: 'p2' } } }), false);
  });

  it('fails a check whose target value is missing, or is an object', () => {
    assert.equal(passes('user_id:%(target.user.id)s', {}), false);
    assert.equal(passes('user_id:%(target.user)s', { target: { user: { id: 'u1' } } }), false);
    assert.equal(passes('not user_id:%(target.user.id)s', {}), true);
  });

  it('reads dotted credential paths into the rendered token', () => {
    const domainScoped = context({
      projectId: null,
      projectDomainId: null,
      domainId: 'd1',
      domainName: 'D1',
    });
    assert.equal(
      passes('token.domain.id:%(target.domain.id)s', { target: { domain: { id: 'd1' } } }, domainScoped),
      true,
    );
    assert.equal(passes('token.domain.id:%(target.domain.id)s', { target: { domain: { id: 'd1' } } }), false);
    assert.equal(passes('token.project.domain.id:default'), true);
    assert.equal(passes('token.user.domain.id:default'), true);
    assert.equal(passes('token.roles.name:reader'), true);
    assert.equal(passes('token.nothing.here:x'), false);
  });

  it('compares values as Python writes them: True, False, None', () => {
    assert.equal(passes('is_admin_project:True', {}, context({ isAdminProject: true })), true);
    assert.equal(passes('is_admin_project:True'), false);
    assert.equal(passes('is_admin_project:False'), true);
    assert.equal(passes('None:%(target.role.domain_id)s', { target: { role: { domain_id: null } } }), true);
    assert.equal(passes('None:%(target.role.domain_id)s', { target: { role: { domain_id: 'd1' } } }), false);
    assert.equal(passes('True:%(target.user.enabled)s', { target: { user: { enabled: true } } }), true);
    // oslo.policy's own quirk, kept: a credential that is None equals a target value that is None.
    assert.equal(passes('domain_id:%(target.domain_id)s', { target: { domain_id: null } }), true);
    assert.equal(passes('not domain_id:None'), false);
    assert.equal(passes("'alice':%(name)s", { name: 'alice' }), true);
  });

  it('matches a list credential when any element matches', () => {
    assert.equal(passes('roles:member'), true);
    assert.equal(passes('roles:Member'), false, 'generic checks are case-sensitive');
    assert.equal(passes('service_roles:service', {}, context({ serviceRoles: ['service'] })), true);
  });

  it('builds credentials the way Keystone does', () => {
    const system = context({ system: true, projectId: null, projectDomainId: null, roles: ['reader'] });
    assert.equal(passes('system_scope:all', {}, system), true);
    assert.equal(passes('system_scope:all'), false);
    assert.equal(passes('project_domain_id:default and user_domain_id:default and project_id:p1'), true);
    assert.equal(passes('is_admin:1'), false);
    const domainAdmin = context({ projectId: null, domainId: 'd1', roles: ['admin'], isAdminProject: true });
    assert.equal(
      passes('is_admin_project:True', {}, domainAdmin),
      false,
      'domain-scoped tokens are never admin project',
    );
  });
});

describe('createPolicyEnforcer', () => {
  const rules: PolicyRule[] = [
    { name: 'admin_required', check: 'role:admin', description: '' },
    { name: 'owner', check: 'user_id:%(user_id)s', description: '' },
    { name: 'thing:get', check: 'rule:admin_required or rule:owner', description: 'Show a thing.' },
    { name: 'thing:delete', check: 'rule:admin_required', description: 'Delete a thing.' },
  ];

  it('follows rule: references, and fails closed on unknown ones', () => {
    const policy = createPolicyEnforcer(rules, { 'thing:list': 'rule:nonexistent or role:nobody' });
    assert.equal(policy.check('thing:get', { user_id: 'u1' }, context()), true);
    assert.equal(policy.check('thing:get', { user_id: 'u2' }, context()), false);
    assert.equal(policy.check('thing:get', { user_id: 'u2' }, context({ roles: ['admin'] })), true);
    assert.equal(policy.check('thing:list', {}, context()), false);
  });

  it('lets an override replace a default or add a new named rule', () => {
    const policy = createPolicyEnforcer(rules, {
      'thing:delete': 'rule:owner or rule:helpdesk',
      helpdesk: 'role:helpdesk',
      'thing:new': '',
    });
    assert.equal(policy.check('thing:delete', { user_id: 'u1' }, context()), true);
    assert.equal(policy.check('thing:delete', { user_id: 'u2' }, context({ roles: ['admin'] })), false);
    assert.equal(policy.check('thing:delete', { user_id: 'u2' }, context({ roles: ['HelpDesk'] })), true);
    assert.equal(policy.check('thing:new', {}, context()), true);
    assert.equal(createPolicyEnforcer(rules, {}).check('thing:delete', { user_id: 'u1' }, context()), false);
  });

  it('refuses an action it has no rule for', () => {
    const policy = createPolicyEnforcer(rules, {});
    assert.equal(policy.check('thing:unknown', {}, context({ roles: ['admin'] })), false);
    assert.throws(() => policy.enforce('thing:unknown', {}, context({ roles: ['admin'] })), Forbidden);
  });

  it("throws Forbidden with Keystone's message from enforce", () => {
    const policy = createPolicyEnforcer(rules, {});
    policy.enforce('thing:get', { user_id: 'u1' }, context());
    assert.throws(
      () => policy.enforce('thing:delete', {}, context()),
      (error: unknown) => {
        assert.ok(error instanceof Forbidden);
        assert.equal(error.status, 403);
        assert.equal(error.message, 'You are not authorized to perform the requested action: thing:delete.');
        return true;
      },
    );
  });

  it('refuses at creation a rule that does not parse, naming it, defaults and overrides alike', () => {
    assert.throws(() => createPolicyEnforcer([{ name: 'bad', check: 'role:a or', description: '' }], {}), {
      name: 'PolicySyntaxError',
      message: /Policy rule "bad" is not valid/,
    });
    assert.throws(
      () => createPolicyEnforcer(rules, { 'thing:get': '(role:admin' }),
      (error: unknown) => {
        assert.ok(error instanceof PolicySyntaxError);
        assert.match(error.message, /"thing:get"/);
        return true;
      },
    );
  });

  it('refuses rules that refer to each other in a loop, and a rule defined twice', () => {
    assert.throws(
      () => createPolicyEnforcer(rules, { admin_required: 'rule:thing:get' }),
      /loop: .*admin_required/,
    );
    assert.throws(() => createPolicyEnforcer(rules, { a: 'rule:a' }), /loop: a -> a/);
    assert.throws(() => createPolicyEnforcer([...rules, rules[0]], {}), /"admin_required" is defined twice/);
  });
});
