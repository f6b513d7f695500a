import { ANY, rule } from './rule.js';

/**
 * Services (Nova, the network service's own parts) act on any port: Zed through the advsvc
 * role, later releases through the service role (Nova binds ports with it), which Stratus's
 * services hold; both are kept.
 */
const SERVICE = 'rule:context_is_advsvc or role:service';
/** Zed's RULE_ADVSVC or RULE_ADMIN_OR_NET_OWNER, with the service role. */
const ADVSVC_OR_NETWORK_OWNER = `${SERVICE} or rule:admin_or_network_owner`;
/** Port bindings are the cloud's business: admins (Zed) and services. */
const ADMIN_OR_SERVICE = 'rule:context_is_admin or role:service';

/**
 * neutron/conf/policies/port.py as Zed enforces it: each new default or-ed with its deprecated
 * rule (see rule.ts). Anyone may make a port on a network it may use (a shared one too), but
 * only the network's owner chooses its addresses, MAC and address pairs; a port is seen and
 * deleted by its owner and the network's owner, changed by its owner.
 */
export const portPolicies = [
  // Neutron's `field:port:device_owner=~^network:`; the port's policy target carries the test.
  rule('network_device', 'True:%(network_device)s', 'Definition of port with network device_owner'),
  rule('create_port', ANY),
  rule('create_port:device_owner', `not rule:network_device or ${ADVSVC_OR_NETWORK_OWNER}`),
  rule('create_port:mac_address', ADVSVC_OR_NETWORK_OWNER),
  rule('create_port:fixed_ips', `${ADVSVC_OR_NETWORK_OWNER} or rule:shared`),
  rule('create_port:fixed_ips:ip_address', ADVSVC_OR_NETWORK_OWNER),
  rule('create_port:fixed_ips:subnet_id', `${ADVSVC_OR_NETWORK_OWNER} or rule:shared`),
  rule('create_port:port_security_enabled', ADVSVC_OR_NETWORK_OWNER),
  rule('create_port:binding:host_id', ADMIN_OR_SERVICE),
  rule('create_port:binding:profile', ADMIN_OR_SERVICE),
  rule('create_port:binding:vnic_type', ANY),
  rule('create_port:allowed_address_pairs', 'rule:admin_or_network_owner'),
  rule('create_port:allowed_address_pairs:mac_address', 'rule:admin_or_network_owner'),
  rule('create_port:allowed_address_pairs:ip_address', 'rule:admin_or_network_owner'),
  rule('get_port', `${SERVICE} or rule:admin_owner_or_network_owner`),
  rule('get_port:binding:vif_type', ADMIN_OR_SERVICE),
  rule('get_port:binding:vif_details', ADMIN_OR_SERVICE),
  rule('get_port:binding:host_id', ADMIN_OR_SERVICE),
  rule('get_port:binding:profile', ADMIN_OR_SERVICE),
  rule('update_port', `rule:admin_or_owner or ${SERVICE}`),
  rule('update_port:device_owner', `not rule:network_device or ${ADVSVC_OR_NETWORK_OWNER}`),
  rule('update_port:mac_address', `rule:context_is_admin or ${SERVICE}`),
  rule('update_port:fixed_ips', ADVSVC_OR_NETWORK_OWNER),
  rule('update_port:fixed_ips:ip_address', ADVSVC_OR_NETWORK_OWNER),
  rule('update_port:fixed_ips:subnet_id', `${ADVSVC_OR_NETWORK_OWNER} or rule:shared`),
  rule('update_port:port_security_enabled', ADVSVC_OR_NETWORK_OWNER),
  rule('update_port:binding:host_id', ADMIN_OR_SERVICE),
  rule('update_port:binding:profile', ADMIN_OR_SERVICE),
  rule('update_port:binding:vnic_type', `rule:admin_or_owner or ${SERVICE}`),
  rule('update_port:allowed_address_pairs', 'rule:admin_or_network_owner'),
  rule('update_port:allowed_address_pairs:mac_address', 'rule:admin_or_network_owner'),
  rule('update_port:allowed_address_pairs:ip_address', 'rule:admin_or_network_owner'),
  rule('delete_port', `${SERVICE} or rule:admin_owner_or_network_owner`),
];
