import { ADMIN_OR_OWNER, ANY, rule } from './rule.js';

/**
 * neutron/conf/policies/rbac.py with its deprecated defaults (in force): anyone shares what
 * they own with one project, only an admin with every project (`*`).
 */
export const rbacPolicies = [
  rule(
    'restrict_wildcard',
    "(not '*':%(target_tenant)s) or rule:admin_only",
    'Definition of a wildcard target_tenant',
  ),
  rule('create_rbac_policy', ANY, 'Create an RBAC policy'),
  rule(
    'create_rbac_policy:target_tenant',
    'rule:restrict_wildcard',
    'Specify target_tenant when creating an RBAC policy',
  ),
  rule('update_rbac_policy', ADMIN_OR_OWNER, 'Update an RBAC policy'),
  rule(
    'update_rbac_policy:target_tenant',
    `rule:restrict_wildcard and ${ADMIN_OR_OWNER}`,
    'Update target_tenant attribute of an RBAC policy',
  ),
  rule('get_rbac_policy', ADMIN_OR_OWNER, 'Get an RBAC policy'),
  rule('delete_rbac_policy', ADMIN_OR_OWNER, 'Delete an RBAC policy'),
];
