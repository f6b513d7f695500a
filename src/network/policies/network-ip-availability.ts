import { ADMIN, rule } from './rule.js';

/** neutron/conf/policies/network_ip_availability.py. */
export const networkIpAvailabilityPolicies = [
  rule('get_network_ip_availability', ADMIN, 'Get network IP availability'),
];
