import { ADMIN, ADMIN_OR_OWNER, ANY, rule } from './rule.js';

/** neutron/conf/policies/subnetpool.py as Zed enforces it (the deprecated defaults; see rule.ts). */
export const subnetPoolPolicies = [
  // Neutron's `field:subnetpools:shared=True`; the pool's view carries `shared` as this caller sees it.
  rule('shared_subnetpools', 'True:%(shared)s', 'Definition of a shared subnetpool'),
  rule('create_subnetpool', ANY),
  rule('create_subnetpool:shared', ADMIN),
  rule('create_subnetpool:is_default', ADMIN),
  rule('get_subnetpool', 'rule:admin_or_owner or rule:shared_subnetpools'),
  rule('update_subnetpool', ADMIN_OR_OWNER),
  rule('update_subnetpool:is_default', ADMIN),
  rule('delete_subnetpool', ADMIN_OR_OWNER),
];
