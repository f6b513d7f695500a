import { ADMIN_OR_OWNER, ANY, rule } from './rule.js';

/**
 * neutron/conf/policies/security_group.py, the groups: the deprecated defaults in force (see
 * rule.ts). Reading is open to all; the handler shows a project only its own groups and those
 * shared with it, as Neutron's project-scoped query does.
 */
export const securityGroupPolicies = [
  rule('shared_security_group', 'True:%(shared)s', 'Definition of a shared security group'),
  rule('create_security_group', ADMIN_OR_OWNER),
  rule('get_security_group', ANY),
  rule('update_security_group', ADMIN_OR_OWNER),
  rule('delete_security_group', ADMIN_OR_OWNER),
];
