import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RequestContext } from '../../../src/common/auth/context.js';
import { createPolicyEnforcer, parseCheck } from '../../../src/common/policy/index.js';
import { identityPolicies } from '../../../src/identity/policies.js';

/** A caller; project-scoped unless a domain or the system is given. */
function caller(userId: string, scope: Partial<RequestContext>, roles: string[]): RequestContext {
  return {
    token: userId,
    userId,
    userName: userId,
    userDomainId: 'default',
    userDomainName: 'Default',
    projectId: null,
    projectName: null,
    projectDomainId: null,
    projectDomainName: null,
    domainId: null,
    domainName: null,
    system: false,
    roles,
    roleIds: roles.map((role) => `id-${role}`),
    // As Keystone with no admin project configured: every project-scoped token is on it. The
    // domain-scoped persona below carries it too, to prove domain scope turns it off.
    isAdminProject: true,
    applicationCredentialId: null,
    accessRules: null,
    trustId: null,
    methods: ['password'],
    auditIds: ['audit'],
    expiresAt: new Date('2030-01-01T00:00:00Z'),
    serviceRoles: [],
    ...scope,
  };
}

const onProject = (projectId: string) => ({ projectId, projectName: projectId, projectDomainId: 'default' });
const ALL_ROLES = ['admin', 'member', 'reader'];

const personas = {
  cloudAdmin: caller('u-admin', onProject('p-admin'), ALL_ROLES),
  systemAdmin: caller('u-sysadmin', { system: true }, ALL_ROLES),
  systemReader: caller('u-sysreader', { system: true }, ['reader']),
  domainAdminA: caller(
    'u-domadmin',
    { domainId: 'dom-a', domainName: 'A', userDomainId: 'dom-a' },
    ALL_ROLES,
  ),
  member: caller('u-member', onProject('p-demo'), ['member', 'reader']),
  reader: caller('u-reader', onProject('p-demo'), ['reader']),
  service: caller('u-nova', onProject('p-service'), ['service']),
};
type Persona = keyof typeof personas;

const user = (id: string, domain_id: string) => ({ id, name: id, domain_id, enabled: true });
const project = (id: string, domain_id: string) => ({ id, name: id, domain_id, enabled: true });
const group = (id: string, domain_id: string) => ({ id, name: id, domain_id });
const userA = user('u-a', 'dom-a');
const userB = user('u-b', 'dom-b');
const self = user('u-member', 'default');
const otherUser = user('u-other', 'default');
const projectA = project('p-a', 'dom-a');
const projectB = project('p-b', 'dom-b');
const demo = project('p-demo', 'default');
const groupA = group('g-a', 'dom-a');
const globalRole = { id: 'id-member', name: 'member', domain_id: null };
const roleOfB = { id: 'r-b', name: 'b-only', domain_id: 'dom-b' };

const ADMINS: Persona[] = ['cloudAdmin', 'systemAdmin'];
const CLOUD_READERS: Persona[] = [...ADMINS, 'systemReader'];
const EVERYONE = Object.keys(personas) as Persona[];

/** Who may do what: the personas listed pass, every other persona is refused. */
const matrix: { action: string; on: string; target: Record<string, unknown>; allowed: Persona[] }[] = [
  // Users
  {
    action: 'identity:get_user',
    on: 'itself',
    target: { user_id: self.id, target: { user: self } },
    allowed: [...CLOUD_READERS, 'member'],
  },
  {
    action: 'identity:get_user',
    on: 'another user of its domain',
    target: { target: { user: otherUser } },
    allowed: CLOUD_READERS,
  },
  {
    action: 'identity:get_user',
    on: 'a user of domain A',
    target: { target: { user: userA } },
    allowed: [...CLOUD_READERS, 'domainAdminA'],
  },
  {
    action: 'identity:get_user',
    on: 'a user of domain B',
    target: { target: { user: userB } },
    allowed: CLOUD_READERS,
  },
  { action: 'identity:list_users', on: 'the cloud', target: {}, allowed: CLOUD_READERS },
  {
    action: 'identity:list_users',
    on: 'domain A',
    target: { target: { domain_id: 'dom-a' } },
    allowed: [...CLOUD_READERS, 'domainAdminA'],
  },
  {
    action: 'identity:list_users',
    on: 'a null domain',
    target: { target: { domain_id: null } },
    allowed: CLOUD_READERS,
  },
  {
    action: 'identity:create_user',
    on: 'domain A',
    target: { target: { user: userA } },
    allowed: [...ADMINS, 'domainAdminA'],
  },
  { action: 'identity:create_user', on: 'domain B', target: { target: { user: userB } }, allowed: ADMINS },
  {
    action: 'identity:update_user',
    on: 'itself',
    target: { user_id: self.id, target: { user: self } },
    allowed: ADMINS,
  },
  {
    action: 'identity:delete_user',
    on: 'a user of domain A',
    target: { target: { user: userA } },
    allowed: [...ADMINS, 'domainAdminA'],
  },
  { action: 'identity:list_projects_for_user', on: 'itself', target: {}, allowed: EVERYONE },
  // Groups
  {
    action: 'identity:create_group',
    on: 'domain A',
    target: { target: { group: groupA } },
    allowed: [...ADMINS, 'domainAdminA'],
  },
  { action: 'identity:list_groups', on: 'the cloud', target: {}, allowed: CLOUD_READERS },
  {
    action: 'identity:list_groups',
    on: 'domain A',
    target: { target: { group: { domain_id: 'dom-a' } } },
    allowed: [...CLOUD_READERS, 'domainAdminA'],
  },
  {
    action: 'identity:add_user_to_group',
    on: 'both in domain A',
    target: { target: { user: userA, group: groupA } },
    allowed: [...ADMINS, 'domainAdminA'],
  },
  {
    action: 'identity:add_user_to_group',
    on: 'a user of domain B',
    target: { target: { user: userB, group: groupA } },
    allowed: ADMINS,
  },
  {
    action: 'identity:list_groups_for_user',
    on: 'itself',
    target: { user_id: self.id, target: { user: self } },
    allowed: [...CLOUD_READERS, 'member'],
  },
  // Domains and projects
  { action: 'identity:list_domains', on: 'the cloud', target: {}, allowed: CLOUD_READERS },
  { action: 'identity:create_domain', on: 'the cloud', target: {}, allowed: ADMINS },
  {
    action: 'identity:get_domain',
    on: 'domain A',
    target: { target: { domain: { id: 'dom-a' } } },
    allowed: [...CLOUD_READERS, 'domainAdminA'],
  },
  {
    action: 'identity:get_domain',
    on: 'its project’s domain',
    target: { target: { domain: { id: 'default' } } },
    allowed: [...CLOUD_READERS, 'member', 'reader', 'service'],
  },
  {
    action: 'identity:get_project',
    on: 'its own project',
    target: { target: { project: demo } },
    allowed: [...CLOUD_READERS, 'member', 'reader'],
  },
  {
    action: 'identity:get_project',
    on: 'a project of domain A',
    target: { target: { project: projectA } },
    allowed: [...CLOUD_READERS, 'domainAdminA'],
  },
  { action: 'identity:list_projects', on: 'the cloud', target: {}, allowed: CLOUD_READERS },
  {
    action: 'identity:list_projects',
    on: 'domain A',
    target: { target: { domain_id: 'dom-a' } },
    allowed: [...CLOUD_READERS, 'domainAdminA'],
  },
  {
    action: 'identity:list_user_projects',
    on: 'itself',
    target: { user_id: self.id, target: { user: self } },
    allowed: [...CLOUD_READERS, 'member'],
  },
  {
    action: 'identity:create_project',
    on: 'domain A',
    target: { target: { project: projectA } },
    allowed: [...ADMINS, 'domainAdminA'],
  },
  {
    action: 'identity:create_project',
    on: 'domain B',
    target: { target: { project: projectB } },
    allowed: ADMINS,
  },
  {
    action: 'identity:delete_project',
    on: 'its own project',
    target: { target: { project: demo } },
    allowed: ADMINS,
  },
  {
    action: 'identity:create_project_tag',
    on: 'its own project',
    target: { target: { project: demo } },
    allowed: ADMINS,
  },
  {
    action: 'identity:list_project_tags',
    on: 'its own project',
    target: { target: { project: demo } },
    allowed: [...CLOUD_READERS, 'member', 'reader'],
  },
  // Roles and grants
  { action: 'identity:list_roles', on: 'the cloud', target: {}, allowed: [...CLOUD_READERS, 'domainAdminA'] },
  { action: 'identity:create_role', on: 'the cloud', target: {}, allowed: ADMINS },
  { action: 'identity:create_implied_role', on: 'the cloud', target: {}, allowed: ADMINS },
  {
    action: 'identity:create_grant',
    on: 'a user and project of domain A',
    target: { target: { user: userA, project: projectA, role: globalRole } },
    allowed: [...ADMINS, 'domainAdminA'],
  },
  {
    action: 'identity:create_grant',
    on: 'a group and domain A',
    target: { target: { group: groupA, domain: { id: 'dom-a' }, role: globalRole } },
    allowed: [...ADMINS, 'domainAdminA'],
  },
  {
    action: 'identity:create_grant',
    on: 'a project of domain B',
    target: { target: { user: userA, project: projectB, role: globalRole } },
    allowed: ADMINS,
  },
  {
    action: 'identity:create_grant',
    on: 'a role of domain B',
    target: { target: { user: userA, project: projectA, role: roleOfB } },
    allowed: ADMINS,
  },
  {
    action: 'identity:create_grant',
    on: 'itself on its project',
    target: { target: { user: self, project: demo, role: globalRole } },
    allowed: ADMINS,
  },
  {
    action: 'identity:revoke_grant',
    on: 'a user and project of domain A',
    target: { target: { user: userA, project: projectA, role: globalRole } },
    allowed: [...ADMINS, 'domainAdminA'],
  },
  {
    action: 'identity:list_grants',
    on: 'a user and project of domain A',
    target: { target: { user: userA, project: projectA } },
    allowed: [...CLOUD_READERS, 'domainAdminA'],
  },
  {
    action: 'identity:check_grant',
    on: 'a user and project of domain B',
    target: { target: { user: userB, project: projectB, role: globalRole } },
    allowed: CLOUD_READERS,
  },
  { action: 'identity:create_system_grant_for_user', on: 'a user', target: {}, allowed: ADMINS },
  { action: 'identity:list_system_grants_for_group', on: 'a group', target: {}, allowed: CLOUD_READERS },
  { action: 'identity:list_role_assignments', on: 'the cloud', target: {}, allowed: CLOUD_READERS },
  {
    action: 'identity:list_role_assignments',
    on: 'domain A',
    target: { target: { domain_id: 'dom-a' } },
    allowed: [...CLOUD_READERS, 'domainAdminA'],
  },
  {
    action: 'identity:list_role_assignments_for_tree',
    on: 'a project of domain A',
    target: { target: { project: projectA } },
    allowed: [...CLOUD_READERS, 'domainAdminA'],
  },
  // Catalog
  { action: 'identity:list_regions', on: 'the cloud', target: {}, allowed: EVERYONE },
  { action: 'identity:create_region', on: 'the cloud', target: {}, allowed: ADMINS },
  { action: 'identity:list_services', on: 'the cloud', target: {}, allowed: CLOUD_READERS },
  { action: 'identity:update_endpoint', on: 'the cloud', target: {}, allowed: ADMINS },
  // Credentials
  {
    action: 'identity:create_credential',
    on: 'its own',
    target: { target: { credential: { user_id: self.id } } },
    allowed: [...ADMINS, 'member'],
  },
  {
    action: 'identity:get_credential',
    on: 'its own',
    target: { target: { credential: { user_id: self.id } } },
    allowed: [...CLOUD_READERS, 'member'],
  },
  {
    action: 'identity:delete_credential',
    on: 'another user’s',
    target: { target: { credential: { user_id: otherUser.id } } },
    allowed: ADMINS,
  },
  {
    action: 'identity:ec2_list_credentials',
    on: 'its own',
    target: { user_id: self.id },
    allowed: [...CLOUD_READERS, 'member'],
  },
  {
    action: 'identity:ec2_create_credential',
    on: 'its own (member)',
    target: { user_id: self.id, target: { credential: { user_id: self.id } } },
    allowed: [...ADMINS, 'member'],
  },
  {
    action: 'identity:ec2_create_credential',
    on: 'its own (reader)',
    target: { user_id: 'u-reader', target: { credential: { user_id: 'u-reader' } } },
    allowed: ADMINS,
  },
  {
    action: 'identity:ec2_get_credential',
    on: 'its own',
    target: { target: { credential: { user_id: self.id } } },
    allowed: [...CLOUD_READERS, 'member'],
  },
  {
    action: 'identity:create_application_credential',
    on: 'its own',
    target: { user_id: self.id },
    allowed: ['member'],
  },
  {
    action: 'identity:list_application_credentials',
    on: 'its own',
    target: { user_id: self.id },
    allowed: [...CLOUD_READERS, 'member'],
  },
  {
    action: 'identity:delete_application_credential',
    on: 'its own',
    target: { user_id: self.id, target: { user_id: self.id } },
    allowed: [...ADMINS, 'member'],
  },
  {
    action: 'identity:get_application_credential',
    on: 'another user’s',
    target: { user_id: otherUser.id, target: { user_id: otherUser.id } },
    allowed: CLOUD_READERS,
  },
  {
    action: 'identity:delete_access_rule',
    on: 'its own',
    target: { user_id: self.id, target: { user: self } },
    allowed: [...ADMINS, 'member'],
  },
  // Tokens and revocations
  {
    action: 'identity:validate_token',
    on: 'its own token',
    target: { target: { token: { user_id: self.id } } },
    allowed: [...CLOUD_READERS, 'member', 'service'],
  },
  {
    action: 'identity:check_token',
    on: 'another user’s token',
    target: { target: { token: { user_id: otherUser.id } } },
    allowed: CLOUD_READERS,
  },
  {
    action: 'identity:revoke_token',
    on: 'its own token',
    target: { target: { token: { user_id: self.id } } },
    allowed: [...ADMINS, 'member'],
  },
  {
    action: 'identity:list_revoke_events',
    on: 'the cloud',
    target: {},
    allowed: [...ADMINS, 'domainAdminA', 'service'],
  },
  {
    action: 'identity:ec2tokens_validate',
    on: 'a signature',
    target: {},
    allowed: [...ADMINS, 'domainAdminA', 'service'],
  },
  { action: 'identity:get_auth_catalog', on: 'itself', target: {}, allowed: EVERYONE },
];

describe('identity default policy', () => {
  const policy = createPolicyEnforcer(identityPolicies, {});

  for (const { action, on, target, allowed } of matrix) {
    it(`${action} on ${on}: ${allowed.join(', ')}`, () => {
      for (const persona of EVERYONE) {
        const expected = allowed.includes(persona);
        assert.equal(
          policy.check(action, target, personas[persona]),
          expected,
          `${persona} ${expected ? 'allowed' : 'refused'}`,
        );
      }
    });
  }

  it('lets a project-scoped admin do every identity action that needs no particular owner', () => {
    // Only the user itself: an application credential's owner, a trust's trustor.
    const ownerOnly = new Set(['identity:create_application_credential', 'identity:create_trust']);
    const broadTarget = {
      target: { user: userA, group: groupA, project: projectA, role: globalRole, domain: { id: 'dom-a' } },
    };
    for (const { name } of identityPolicies) {
      if (!name.startsWith('identity:') || ownerOnly.has(name)) continue;
      assert.equal(policy.check(name, broadTarget, personas.cloudAdmin), true, name);
    }
  });

  it('gives an admin of a non-admin project no cloud-wide power once an admin project is configured', () => {
    const projectAdmin = { ...personas.cloudAdmin, projectId: 'p-demo', isAdminProject: false };
    assert.equal(policy.check('identity:list_users', {}, projectAdmin), false);
    assert.equal(
      policy.check('identity:create_project', { target: { project: projectB } }, projectAdmin),
      false,
    );
    assert.equal(
      policy.check('identity:create_project_tag', { target: { project: demo } }, projectAdmin),
      true,
    );
  });

  it('has unique Keystone-style names, a description and a parsable check for every rule', () => {
    const names = identityPolicies.map((r) => r.name);
    assert.equal(new Set(names).size, names.length);
    for (const { name, check, description } of identityPolicies) {
      assert.match(name, /^(identity:[a-z0-9_]+|[a-z_]+)$/);
      assert.ok(description.length > 0, name);
      parseCheck(name, check);
    }
  });

  it('keeps every rule an operator may override under its Keystone name', () => {
    const names = new Set(identityPolicies.map((r) => r.name));
    for (const name of [
      'admin_required',
      'service_role',
      'service_or_admin',
      'owner',
      'admin_or_owner',
      'token_subject',
      'identity:get_user',
      'identity:create_grant',
      'identity:list_role_assignments_for_tree',
      'identity:ec2_delete_credential',
      'identity:s3tokens_validate',
      'identity:revocation_list',
      'identity:update_project_tags',
      'identity:check_system_grant_for_group',
      'identity:get_access_rule',
    ]) {
      assert.ok(names.has(name), name);
    }
  });
});
