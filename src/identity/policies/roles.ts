import type { PolicyRule } from '../../common/policy/types.js';
import { rule } from './base.js';

/**
 * A domain admin grants roles in its domain, so it must be able to read them (upstream allowed
 * this in 2024.2, bug 2059780; Zed's new defaults forgot it). `not domain_id:None` means "the
 * token is domain-scoped".
 */
const CLOUD_READER_OR_DOMAIN_SCOPED_READER = 'rule:cloud_reader or (role:reader and not domain_id:None)';

/**
 * Roles, domain-specific roles and implied roles (role inferences).
 *
 * Targets: get_role, update_role, delete_role and the *_domain_role rules take
 * `{role_id, target: {role}}` (the stored role; `create_*` the request body's role). list_roles
 * and list_domain_roles take `{}`. The implied role rules take `{prior_role_id, implied_role_id,
 * target: {prior_role, implied_role}}`; list_role_inference_rules takes `{}`.
 */
export const rolePolicies: PolicyRule[] = [
  rule('identity:get_role', CLOUD_READER_OR_DOMAIN_SCOPED_READER, 'Show role details.'),
  rule('identity:list_roles', CLOUD_READER_OR_DOMAIN_SCOPED_READER, 'List roles.'),
  rule('identity:create_role', 'rule:cloud_admin', 'Create role.'),
  rule('identity:update_role', 'rule:cloud_admin', 'Update role.'),
  rule('identity:delete_role', 'rule:cloud_admin', 'Delete role.'),
  rule('identity:get_domain_role', 'rule:cloud_reader', 'Show domain role.'),
  rule('identity:list_domain_roles', 'rule:cloud_reader', 'List domain roles.'),
  rule('identity:create_domain_role', 'rule:cloud_admin', 'Create domain role.'),
  rule('identity:update_domain_role', 'rule:cloud_admin', 'Update domain role.'),
  rule('identity:delete_domain_role', 'rule:cloud_admin', 'Delete domain role.'),

  rule(
    'identity:get_implied_role',
    'rule:cloud_reader',
    'Get information about an association between two roles.',
  ),
  rule('identity:list_implied_roles', 'rule:cloud_reader', 'List the roles a prior role implies.'),
  rule('identity:create_implied_role', 'rule:cloud_admin', 'Create an association between two roles.'),
  rule('identity:delete_implied_role', 'rule:cloud_admin', 'Delete the association between two roles.'),
  rule(
    'identity:list_role_inference_rules',
    'rule:cloud_reader',
    'List all associations between two roles in the system.',
  ),
  rule('identity:check_implied_role', 'rule:cloud_reader', 'Check an association between two roles.'),
];
