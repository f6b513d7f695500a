import { ADMIN, ADMIN_OR_OWNER, ANY, rule } from './rule.js';

/** neutron/conf/policies/router.py (the deprecated rules, in force as in network.ts). */
export const routerPolicies = [
  rule('create_router', ANY),
  rule('create_router:distributed', ADMIN),
  rule('create_router:ha', ADMIN),
  rule('create_router:external_gateway_info', ADMIN_OR_OWNER),
  rule('create_router:external_gateway_info:network_id', ADMIN_OR_OWNER),
  rule('create_router:external_gateway_info:enable_snat', ADMIN),
  rule('create_router:external_gateway_info:external_fixed_ips', ADMIN),
  rule('get_router', ADMIN_OR_OWNER),
  rule('get_router:distributed', ADMIN),
  rule('get_router:ha', ADMIN),
  rule('update_router', ADMIN_OR_OWNER),
  rule('update_router:distributed', ADMIN),
  rule('update_router:ha', ADMIN),
  rule('update_router:external_gateway_info', ADMIN_OR_OWNER),
  rule('update_router:external_gateway_info:network_id', ADMIN_OR_OWNER),
  rule('update_router:external_gateway_info:enable_snat', ADMIN),
  rule('update_router:external_gateway_info:external_fixed_ips', ADMIN),
  rule('delete_router', ADMIN_OR_OWNER),
  rule('add_router_interface', ADMIN_OR_OWNER),
  rule('remove_router_interface', ADMIN_OR_OWNER),
  rule('add_extraroutes', ADMIN_OR_OWNER),
  rule('remove_extraroutes', ADMIN_OR_OWNER),
];
