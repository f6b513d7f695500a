import { ADMIN, ANY, rule } from './rule.js';

/** neutron/conf/policies/agent.py and availability_zone.py, with the deprecated defaults in force. */
export const agentPolicies = [
  rule('get_agent', ADMIN, 'Get an agent'),
  rule('update_agent', ADMIN, 'Update an agent'),
  rule('delete_agent', ADMIN, 'Delete an agent'),
  rule('get_availability_zone', ANY, 'List availability zones'),
];
