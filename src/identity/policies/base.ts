import type { PolicyRule } from '../../common/policy/types.js';

/** A default rule; the name is Keystone's, so operators' policy overrides keep working. */
export function rule(name: string, check: string, description: string): PolicyRule {
  return { name, check, description };
}

/**
 * Named rules the identity rules build on. Keystone's own (admin_required, owner, ...) keep
 * their names and meaning for overrides that use them. `cloud_admin` and `cloud_reader` are
 * ours: Keystone's new defaults say `role:admin and system_scope:all` for cloud-wide power, but
 * Tempest and the `openstack` CLI act as cloud admin with a project-scoped admin token, so an
 * admin on the admin project counts as well. A domain-scoped token is never on the admin
 * project, so a domain admin stays a domain admin.
 */
export const baseRules: PolicyRule[] = [
  rule(
    'cloud_admin',
    '(role:admin and system_scope:all) or (role:admin and is_admin_project:True)',
    'Administers the whole cloud: a system admin, or an admin on the admin project.',
  ),
  rule(
    'cloud_reader',
    '(role:reader and system_scope:all) or (role:admin and is_admin_project:True)',
    'Reads the whole cloud: a system reader, or an admin on the admin project.',
  ),
  rule('admin_required', 'role:admin or is_admin:1', 'Holds the admin role on any scope (legacy rule).'),
  rule('service_role', 'role:service', 'A service user.'),
  rule('service_or_admin', 'rule:admin_required or rule:service_role', 'A service user or any admin.'),
  rule('owner', 'user_id:%(user_id)s', 'The user named in the request path.'),
  rule('admin_or_owner', 'rule:admin_required or rule:owner', 'Any admin, or the user named in the path.'),
  rule('token_subject', 'user_id:%(target.token.user_id)s', 'The user the subject token belongs to.'),
  rule(
    'admin_or_token_subject',
    'rule:admin_required or rule:token_subject',
    'Any admin, or the owner of the subject token.',
  ),
  rule(
    'service_admin_or_token_subject',
    'rule:service_or_admin or rule:token_subject',
    'A service user, any admin, or the owner of the subject token.',
  ),
];
