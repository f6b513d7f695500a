import type { NetworkDeps } from '../deps.js';
import type { ApiRecord } from './engine/definition.js';
import type { FilterMatcher } from './engine/list-results.js';
import { PortHandler } from '../ports/port-handler.js';
import {
  checkAllowedAddressPairs,
  toCanonicalFixedIps,
  toSanitizedMac,
  validExtraDhcpOpts,
  validFixedIps,
} from '../ports/port-input.js';
import { convertUnlessUnset, unlessUnset } from '../subnets/subnet-input.js';
import { badRequest } from '../errors.js';
import { pythonText } from './engine/validators.js';
import {
  ID_ATTRIBUTE,
  PROJECT_ATTRIBUTES,
  STANDARD_ATTRIBUTES,
  adminStateAttribute,
  nameAttribute,
  type AttributeMap,
} from './engine/attributes.js';
import type { ResourceDefinition } from './engine/definition.js';
import type { RegisteredResource } from './routes.js';
import {
  noneToEmptyList,
  toBoolean,
  toLowercase,
  validDict,
  validListOf,
  validMacAddress,
  validString,
  validUuid,
  validValues,
} from './engine/validators.js';

/** portbindings' VNIC_TYPES. */
const VNIC_TYPES = [
  'normal',
  'direct',
  'macvtap',
  'baremetal',
  'direct-physical',
  'virtio-forwarder',
  'smart-nic',
  'vdpa',
  'accelerator-direct',
  'accelerator-direct-physical',
  'remote-managed',
];

/**
 * neutron-lib's port definition with the extensions Stratus implements on it: binding,
 * allowed-address-pairs, port-security, security-group, extra_dhcp_opt, dns-integration and
 * ip_allocation. An attribute whose default is `undefined` is Neutron's ATTR_NOT_SPECIFIED.
 */
export const PORT_ATTRIBUTES: AttributeMap = {
  ...ID_ATTRIBUTE,
  name: nameAttribute(),
  network_id: { allowPost: true, allowPut: false, validate: validUuid, sortKey: true },
  admin_state_up: adminStateAttribute(),
  mac_address: {
    allowPost: true,
    allowPut: true,
    default: undefined,
    convert: toSanitizedMac,
    validate: unlessUnset(validMacAddress),
    enforcePolicy: true,
    sortKey: true,
  },
  fixed_ips: {
    allowPost: true,
    allowPut: true,
    default: undefined,
    convert: toCanonicalFixedIps,
    validate: validFixedIps,
    enforcePolicy: true,
  },
  device_id: {
    allowPost: true,
    allowPut: true,
    default: '',
    validate: validString(255),
    enforcePolicy: true,
    sortKey: true,
  },
  device_owner: {
    allowPost: true,
    allowPut: true,
    default: '',
    validate: validString(255),
    enforcePolicy: true,
    sortKey: true,
  },
  ...PROJECT_ATTRIBUTES,
  status: { allowPost: false, allowPut: false, sortKey: true },
  ...STANDARD_ATTRIBUTES,
  // binding
  'binding:vif_type': { allowPost: false, allowPut: false, enforcePolicy: true },
  'binding:vif_details': { allowPost: false, allowPut: false, enforcePolicy: true, filter: false },
  'binding:vnic_type': {
    allowPost: true,
    allowPut: true,
    default: 'normal',
    validate: validValues(VNIC_TYPES),
    enforcePolicy: true,
  },
  'binding:host_id': {
    allowPost: true,
    allowPut: true,
    default: undefined,
    // neutron-lib does not validate it: null unbinds, as an empty host does.
    convert: (value) => (value === null ? '' : value),
    validate: unlessUnset(validString(255)),
    enforcePolicy: true,
  },
  'binding:profile': {
    allowPost: true,
    allowPut: true,
    default: undefined,
    validate: unlessUnset(validDict()),
    enforcePolicy: true,
    filter: false,
  },
  // allowed-address-pairs
  allowed_address_pairs: {
    allowPost: true,
    allowPut: true,
    default: undefined,
    convert: convertUnlessUnset(noneToEmptyList),
    validate: (value) => (checkAllowedAddressPairs(value), null),
    enforcePolicy: true,
    filter: false,
  },
  // port-security
  port_security_enabled: {
    allowPost: true,
    allowPut: true,
    default: undefined,
    convert: convertUnlessUnset(toBoolean),
    enforcePolicy: true,
  },
  // security-group
  security_groups: {
    allowPost: true,
    allowPut: true,
    default: undefined,
    convert: convertUnlessUnset(noneToEmptyList),
    validate: unlessUnset(validListOf(validUuid)),
  },
  // extra_dhcp_opt
  extra_dhcp_opts: {
    allowPost: true,
    allowPut: true,
    default: null,
    validate: validExtraDhcpOpts,
    filter: false,
  },
  // dns-integration
  dns_name: {
    allowPost: true,
    allowPut: true,
    default: '',
    convert: toLowercase,
    validate: validString(255),
  },
  dns_assignment: { allowPost: false, allowPut: false, filter: false },
  // ip_allocation
  ip_allocation: { allowPost: false, allowPut: false },
};

/** `?fixed_ips=ip_address=10.0.0.3`, `?fixed_ips=subnet_id=<id>`, `?fixed_ips=ip_address_substr=10.0`. */
const FIXED_IP_FILTER_KEYS = ['ip_address', 'subnet_id', 'ip_address_substr'];

/**
 * The `fixed_ips` filter as Neutron reads it (convert_kvp_list_to_dict): each value is
 * `key=value`; a port matches when, for every key asked, one of its fixed IPs has one of the
 * values asked for that key.
 */
export const fixedIpsFilter: FilterMatcher = (record: ApiRecord, values: unknown[]) => {
  const wanted = new Map<string, string[]>();
  for (const value of values) {
    const text = String(value);
    const at = text.indexOf('=');
    const key = text.slice(0, at).trim();
    if (at < 0 || key === '')
      throw badRequest(
        `Invalid input for operation: '${pythonText(value)}' is not of the form <key>=[value].`,
      );
    if (!FIXED_IP_FILTER_KEYS.includes(key))
      throw badRequest(`${pythonText([key])} is invalid attribute for filtering`);
    wanted.set(key, [...(wanted.get(key) ?? []), text.slice(at + 1).trim()]);
  }
  const fixedIps = (record.fixed_ips as { subnet_id: string; ip_address: string }[] | undefined) ?? [];
  return [...wanted].every(([key, accepted]) =>
    fixedIps.some((fixed) =>
      key === 'ip_address_substr'
        ? accepted.some((part) => fixed.ip_address.includes(part))
        : accepted.includes(fixed[key as 'ip_address' | 'subnet_id']),
    ),
  );
};

export function portsResource(deps: NetworkDeps): RegisteredResource {
  const handler = new PortHandler(deps);
  const definition: ResourceDefinition = {
    singular: 'port',
    plural: 'ports',
    path: '/ports',
    attributes: PORT_ATTRIBUTES,
    notFound: { type: 'PortNotFound', message: (id) => `Port ${id} could not be found.` },
    allowBulk: true,
    handler,
    policyTarget: (call, record) => handler.policyTarget(call, record),
  };
  return { definition, options: { filterMatchers: { fixed_ips: fixedIpsFilter } } };
}
