import type { PolicyRule } from '../common/policy/types.js';
import { baseRules } from './policies/base.js';
import { catalogPolicies } from './policies/catalog.js';
import { credentialPolicies } from './policies/credentials.js';
import { domainConfigPolicies } from './policies/domain-configs.js';
import { endpointFilterPolicies } from './policies/endpoint-filter.js';
import { grantPolicies } from './policies/grants.js';
import { oauth1Policies } from './policies/oauth1.js';
import { projectPolicies } from './policies/projects.js';
import { rolePolicies } from './policies/roles.js';
import { tokenPolicies } from './policies/tokens.js';
import { trustPolicies } from './policies/trusts.js';
import { userPolicies } from './policies/users.js';

/**
 * Identity's default policy: every identity:* rule of Keystone Zed for the APIs Stratus serves
 * (not federation, OAuth1 beyond its consumers, limits or policy associations), under
 * Keystone's names so operators' overrides carry over.
 *
 * Keystone Zed ORs each new (scope-aware) rule with its deprecated one, which lets an admin of
 * any scope administer the whole cloud. We take the new rules alone, with security fixes Debian
 * ships for Zed, and read `role:X and system_scope:all` as `rule:cloud_admin`/`rule:cloud_reader`,
 * which also admit an admin on the admin project (see ./policies/base.ts). So: a project-scoped
 * admin does everything; a domain-scoped admin manages users, groups, projects and grants in its
 * own domain only; members and readers see themselves, their projects and their own credentials.
 *
 * Each family's file says what target its rules expect, as Keystone's API passes them.
 */
export const identityPolicies: PolicyRule[] = [
  ...baseRules,
  ...tokenPolicies,
  ...userPolicies,
  ...projectPolicies,
  ...rolePolicies,
  ...grantPolicies,
  ...catalogPolicies,
  ...credentialPolicies,
  ...trustPolicies,
  ...oauth1Policies,
  ...domainConfigPolicies,
  ...endpointFilterPolicies,
];
