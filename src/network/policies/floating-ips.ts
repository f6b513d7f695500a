import { ADMIN, ADMIN_OR_OWNER, ANY, rule } from './rule.js';

/** neutron/conf/policies/floatingip.py and floatingip_port_forwarding.py (the deprecated rules in force). */
export const floatingIpPolicies = [
  rule('create_floatingip', ANY),
  rule('create_floatingip:floating_ip_address', ADMIN),
  rule('get_floatingip', ADMIN_OR_OWNER),
  rule('update_floatingip', ADMIN_OR_OWNER),
  rule('delete_floatingip', ADMIN_OR_OWNER),
];
