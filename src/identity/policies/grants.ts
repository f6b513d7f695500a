import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

/** The caller's domain (domain-scoped token) holds both the actor and the target of a grant. */
function grantInCallersDomain(role: string): string {
  return [
    `(role:${role} and domain_id:%(target.user.domain_id)s and domain_id:%(target.project.domain_id)s)`,
    `(role:${role} and domain_id:%(target.user.domain_id)s and domain_id:%(target.domain.id)s)`,
    `(role:${role} and domain_id:%(target.group.domain_id)s and domain_id:%(target.project.domain_id)s)`,
    `(role:${role} and domain_id:%(target.group.domain_id)s and domain_id:%(target.domain.id)s)`,
  ].join(' or ');
}

/** The granted role is global, or specific to the caller's domain. */
const ROLE_GLOBAL_OR_IN_CALLERS_DOMAIN =
  '(domain_id:%(target.role.domain_id)s or None:%(target.role.domain_id)s)';

/**
 * Role grants (including OS-INHERIT), system grants and role assignments.
 *
 * Targets, as Keystone's API builds them:
 * - Grants on /v3/{projects,domains}/{id}/{users,groups}/{id}/roles[/{role_id}] and their
 *   OS-INHERIT forms: `{target: {role, user | group, project | domain}}`, the stored rows (role
 *   absent for list_grants; for revoke_grant a user or group that no longer exists is left out).
 *   A global role's domain_id must be present as null.
 * - System grants (/v3/system/{users,groups}/{id}/roles[/{role_id}]): `{}` is enough (Keystone
 *   passes `{target: {user | group, role}}`).
 * - list_role_assignments: `{target: {domain_id}}` only when the token is domain-scoped, else `{}`.
 * - list_role_assignments_for_tree (include_subtree): `{target: {project}}`, the project named
 *   by scope.project.id.
 */
export const grantPolicies: PolicyRule[] = [
  rule(
    'identity:check_grant',
    `rule:cloud_reader or (${grantInCallersDomain('reader')}) and ${ROLE_GLOBAL_OR_IN_CALLERS_DOMAIN}`,
    'Check a role grant between a target (domain or project) and an actor (user or group), OS-INHERIT too.',
  ),
  rule(
    'identity:list_grants',
    `rule:cloud_reader or ${grantInCallersDomain('reader')}`,
    'List roles granted to an actor on a target, OS-INHERIT too.',
  ),
  rule(
    'identity:create_grant',
    `rule:cloud_admin or (${grantInCallersDomain('admin')}) and ${ROLE_GLOBAL_OR_IN_CALLERS_DOMAIN}`,
    'Create a role grant between a target and an actor, OS-INHERIT too.',
  ),
  rule(
    'identity:revoke_grant',
    `rule:cloud_admin or (${grantInCallersDomain('admin')}) and ${ROLE_GLOBAL_OR_IN_CALLERS_DOMAIN}`,
    'Revoke a role grant between a target and an actor, OS-INHERIT too.',
  ),

  rule(
    'identity:list_system_grants_for_user',
    'rule:cloud_reader',
    'List all grants a specific user has on the system.',
  ),
  rule(
    'identity:check_system_grant_for_user',
    'rule:cloud_reader',
    'Check if a user has a role on the system.',
  ),
  rule('identity:create_system_grant_for_user', 'rule:cloud_admin', 'Grant a user a role on the system.'),
  rule(
    'identity:revoke_system_grant_for_user',
    'rule:cloud_admin',
    'Remove a role from a user on the system.',
  ),
  rule(
    'identity:list_system_grants_for_group',
    'rule:cloud_reader',
    'List all grants a specific group has on the system.',
  ),
  rule(
    'identity:check_system_grant_for_group',
    'rule:cloud_reader',
    'Check if a group has a role on the system.',
  ),
  rule('identity:create_system_grant_for_group', 'rule:cloud_admin', 'Grant a group a role on the system.'),
  rule(
    'identity:revoke_system_grant_for_group',
    'rule:cloud_admin',
    'Remove a role from a group on the system.',
  ),

  rule(
    'identity:list_role_assignments',
    // The `not None` guard keeps a project-scoped caller (domain_id None) from matching a
    // target whose domain_id is None too.
    'rule:cloud_reader or (role:reader and domain_id:%(target.domain_id)s and not None:%(target.domain_id)s)',
    'List role assignments.',
  ),
  rule(
    'identity:list_role_assignments_for_tree',
    'rule:cloud_reader or ' +
      '(role:reader and domain_id:%(target.project.domain_id)s and not None:%(target.project.domain_id)s) or ' +
      '(role:admin and project_id:%(target.project.id)s)',
    'List all role assignments for a given tree of hierarchical projects.',
  ),
];
