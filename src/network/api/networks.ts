import type { NetworkDeps } from '../deps.js';
import { NetworkHandler } from '../networks/network-handler.js';
import {
  ID_ATTRIBUTE,
  PROJECT_ATTRIBUTES,
  STANDARD_ATTRIBUTES,
  adminStateAttribute,
  nameAttribute,
  validStringList,
  type AttributeMap,
} from './engine/attributes.js';
import type { ResourceDefinition } from './engine/definition.js';
import {
  toBoolean,
  toIntegerOrNone,
  validRange,
  validString,
  validStringOrNone,
  validValues,
  type Validator,
} from './engine/validators.js';

const optionalRange =
  (min: number, max: number): Validator =>
  (value) =>
    value === null ? null : validRange(min, max)(value);

/** neutron-lib's network definition with the extensions Stratus implements on it. */
export const NETWORK_ATTRIBUTES: AttributeMap = {
  ...ID_ATTRIBUTE,
  name: nameAttribute(),
  subnets: { allowPost: false, allowPut: false, default: [] },
  admin_state_up: adminStateAttribute(),
  status: { allowPost: false, allowPut: false, sortKey: true },
  ...PROJECT_ATTRIBUTES,
  shared: { allowPost: true, allowPut: true, default: false, convert: toBoolean, enforcePolicy: true },
  ...STANDARD_ATTRIBUTES,
  // external-net
  'router:external': {
    allowPost: true,
    allowPut: true,
    default: false,
    convert: toBoolean,
    enforcePolicy: true,
  },
  // provider
  'provider:network_type': {
    allowPost: true,
    allowPut: true,
    default: undefined,
    validate: (value) =>
      value === undefined ? null : validValues(['flat', 'vlan', 'vxlan', 'local'])(value),
    enforcePolicy: true,
  },
  'provider:physical_network': {
    allowPost: true,
    allowPut: true,
    default: undefined,
    validate: (value) => (value === undefined ? null : validStringOrNone(64)(value)),
    enforcePolicy: true,
  },
  'provider:segmentation_id': {
    allowPost: true,
    allowPut: true,
    default: undefined,
    convert: (value) => (value === undefined ? undefined : toIntegerOrNone(value)),
    validate: (value) => (value === undefined ? null : optionalRange(0, 16777215)(value)),
    enforcePolicy: true,
  },
  // net-mtu, net-mtu-writable
  mtu: {
    allowPost: true,
    allowPut: true,
    default: null,
    convert: toIntegerOrNone,
    validate: optionalRange(68, 9216),
  },
  // port-security
  port_security_enabled: {
    allowPost: true,
    allowPut: true,
    default: true,
    convert: toBoolean,
    enforcePolicy: true,
  },
  // network_availability_zone
  availability_zone_hints: { allowPost: true, allowPut: false, default: [], validate: validStringList },
  availability_zones: { allowPost: false, allowPut: false },
  // address-scope
  ipv4_address_scope: { allowPost: false, allowPut: false },
  ipv6_address_scope: { allowPost: false, allowPut: false },
  // l2_adjacency
  l2_adjacency: { allowPost: false, allowPut: false },
  // auto-allocated-topology
  is_default: { allowPost: true, allowPut: true, default: false, convert: toBoolean, enforcePolicy: true },
  // dns-integration
  dns_domain: { allowPost: true, allowPut: true, default: '', validate: validString(255) },
};

export function networksResource(deps: NetworkDeps): ResourceDefinition {
  const handler = new NetworkHandler(deps);
  return {
    singular: 'network',
    plural: 'networks',
    path: '/networks',
    attributes: NETWORK_ATTRIBUTES,
    notFound: { type: 'NetworkNotFound', message: (id) => `Network ${id} could not be found.` },
    allowBulk: true,
    handler,
  };
}
