import { rule } from './rule.js';

/**
 * neutron/conf/policies/subnet.py as Zed enforces it: each new default or-ed with its deprecated
 * rule (see rule.ts). A subnet is the network owner's to make; its own project may also change
 * or delete it (the new defaults' project member); anyone sees the subnets of a shared network.
 */
export const subnetPolicies = [
  rule('create_subnet', 'rule:admin_or_network_owner'),
  rule('get_subnet', 'rule:admin_or_owner or rule:shared'),
  rule('update_subnet', 'rule:admin_or_network_owner or (role:member and project_id:%(project_id)s)'),
  rule('delete_subnet', 'rule:admin_or_network_owner or (role:member and project_id:%(project_id)s)'),
];
