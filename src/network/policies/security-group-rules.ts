import { ADMIN_OR_OWNER, rule } from './rule.js';

/**
 * neutron/conf/policies/security_group.py, the rules: the deprecated defaults in force (see
 * rule.ts). `security_group:project_id` is the owner of the rule's group.
 */
export const securityGroupRulePolicies = [
  rule(
    'admin_or_sg_owner',
    'rule:context_is_admin or project_id:%(security_group:project_id)s',
    'Rule for admin or security group owner access',
  ),
  rule(
    'admin_owner_or_sg_owner',
    'rule:owner or rule:admin_or_sg_owner',
    'Rule for resource owner, admin or security group owner access',
  ),
  rule(
    'rule_default_sg',
    'True:%(belongs_to_default_sg)s',
    "Definition of a security group rule that belongs to the project's default security group",
  ),
  rule('create_security_group_rule', ADMIN_OR_OWNER),
  rule('get_security_group_rule', 'rule:admin_owner_or_sg_owner'),
  rule('delete_security_group_rule', ADMIN_OR_OWNER),
];
