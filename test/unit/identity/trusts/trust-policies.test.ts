import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RequestContext } from '../../../../src/common/auth/context.js';
import { createPolicyEnforcer } from '../../../../src/common/policy/index.js';
import { identityPolicies } from '../../../../src/identity/policies.js';

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
    roleIds: roles,
    isAdminProject: false,
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

const onProject = { projectId: 'p', projectName: 'p', projectDomainId: 'default', isAdminProject: true };
const personas = {
  projectAdmin: caller('u-admin', onProject, ['admin', 'member', 'reader']),
  domainAdmin: caller('u-domadmin', { domainId: 'default', domainName: 'Default' }, ['admin']),
  systemReader: caller('u-sysreader', { system: true }, ['reader']),
  trustor: caller('u-trustor', onProject, ['member', 'reader']),
  trustee: caller('u-trustee', onProject, ['member', 'reader']),
  other: caller('u-other', onProject, ['member', 'reader']),
};
type Persona = keyof typeof personas;
const EVERYONE = Object.keys(personas) as Persona[];

const trust = { id: 't', trustor_user_id: 'u-trustor', trustee_user_id: 'u-trustee' };
const ANY_ADMIN: Persona[] = ['projectAdmin', 'domainAdmin'];
const READERS: Persona[] = [...ANY_ADMIN, 'systemReader'];

/** Keystone Zed's trust rules as Debian ships them: any admin, a system reader, or a party. */
const matrix: { action: string; target: Record<string, unknown>; allowed: Persona[] }[] = [
  { action: 'identity:create_trust', target: { target: { trust } }, allowed: ['trustor'] },
  { action: 'identity:list_trusts', target: {}, allowed: READERS },
  {
    action: 'identity:list_trusts_for_trustor',
    target: { target: { trust: { trustor_user_id: 'u-trustor' } } },
    allowed: [...READERS, 'trustor'],
  },
  {
    action: 'identity:list_trusts_for_trustee',
    target: { target: { trust: { trustee_user_id: 'u-trustee' } } },
    allowed: [...READERS, 'trustee'],
  },
  {
    action: 'identity:get_trust',
    target: { target: { trust } },
    allowed: [...READERS, 'trustor', 'trustee'],
  },
  {
    action: 'identity:list_roles_for_trust',
    target: { target: { trust } },
    allowed: [...READERS, 'trustor', 'trustee'],
  },
  {
    action: 'identity:get_role_for_trust',
    target: { target: { trust } },
    allowed: [...READERS, 'trustor', 'trustee'],
  },
  { action: 'identity:delete_trust', target: { target: { trust } }, allowed: [...ANY_ADMIN, 'trustor'] },
];

describe('trust policy', () => {
  const policy = createPolicyEnforcer(identityPolicies, {});
  for (const { action, target, allowed } of matrix) {
    it(`${action}: ${allowed.join(', ')}`, () => {
      for (const persona of EVERYONE) {
        const expected = allowed.includes(persona);
        assert.equal(policy.check(action, target, personas[persona]), expected, `${persona}`);
      }
    });
  }
});
