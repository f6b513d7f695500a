import { rule } from './rule.js';

/** neutron/conf/policies/base.py: the rules the others are made of. */
export const basePolicies = [
  rule('context_is_admin', 'role:admin', 'Rule for cloud admin access'),
  rule('owner', 'project_id:%(project_id)s', 'Rule for resource owner access'),
  rule('admin_or_owner', 'rule:context_is_admin or rule:owner', 'Rule for admin or owner access'),
  rule('context_is_advsvc', 'role:advsvc', 'Rule for advsvc role access'),
  rule('admin_or_network_owner', 'rule:context_is_admin or project_id:%(network:project_id)s'),
  rule('admin_owner_or_network_owner', 'rule:owner or rule:admin_or_network_owner'),
  rule('network_owner', 'project_id:%(network:project_id)s'),
  rule('admin_only', 'rule:context_is_admin', 'Rule for admin-only access'),
  rule('regular_user', '@', 'Rule for regular user access'),
  // Neutron's `field:networks:shared=True`; the network view carries `shared` as this caller sees it.
  rule('shared', 'True:%(shared)s', 'Rule of shared network'),
  rule('external', 'True:%(router:external)s', 'Rule of external network'),
  rule('default', 'rule:admin_or_owner', 'Default access rule'),
];
