import type { NetworkDeps } from '../deps.js';
import { SubnetHandler } from '../subnets/subnet-handler.js';
import {
  convertUnlessUnset,
  noneToEmptyListOrUnset,
  toCanonicalCidr,
  toCanonicalIp,
  toCanonicalPools,
  unlessUnset,
  validHostRoutes,
  validIpPools,
  validNameservers,
} from '../subnets/subnet-input.js';
import { IPV6_MODES } from '../subnets/subnet-validation.js';
import {
  ID_ATTRIBUTE,
  PROJECT_ATTRIBUTES,
  STANDARD_ATTRIBUTES,
  nameAttribute,
  type AttributeMap,
} from './engine/attributes.js';
import type { ResourceDefinition } from './engine/definition.js';
import {
  toBoolean,
  toInteger,
  validIpAddressOrNone,
  validNonNegative,
  validSubnetOrNone,
  validUuid,
  validUuidOrNone,
  validValues,
} from './engine/validators.js';

/**
 * neutron-lib's subnet definition, with default-subnetpools' `use_default_subnetpool`. An
 * attribute whose default is `undefined` is Neutron's ATTR_NOT_SPECIFIED: the handler tells
 * "left out" from "given as null" (a gateway of null is no gateway).
 */
export const SUBNET_ATTRIBUTES: AttributeMap = {
  ...ID_ATTRIBUTE,
  name: nameAttribute(),
  ip_version: {
    allowPost: true,
    allowPut: false,
    convert: toInteger,
    validate: validValues([4, 6]),
    sortKey: true,
  },
  network_id: { allowPost: true, allowPut: false, validate: validUuid, sortKey: true },
  subnetpool_id: {
    allowPost: true,
    allowPut: false,
    default: undefined,
    // `prefix_delegation` is IPv6 prefix delegation's pseudo pool, which Stratus does not offer.
    validate: unlessUnset(validUuidOrNone),
    sortKey: true,
  },
  prefixlen: {
    allowPost: true,
    allowPut: false,
    default: undefined,
    convert: convertUnlessUnset(toInteger),
    validate: unlessUnset(validNonNegative),
    visible: false,
  },
  cidr: {
    allowPost: true,
    allowPut: false,
    default: undefined,
    convert: toCanonicalCidr,
    validate: unlessUnset(validSubnetOrNone),
    sortKey: true,
  },
  gateway_ip: {
    allowPost: true,
    allowPut: true,
    default: undefined,
    convert: toCanonicalIp,
    validate: unlessUnset(validIpAddressOrNone),
    sortKey: true,
  },
  allocation_pools: {
    allowPost: true,
    allowPut: true,
    default: undefined,
    convert: toCanonicalPools,
    validate: validIpPools,
  },
  dns_nameservers: {
    allowPost: true,
    allowPut: true,
    default: undefined,
    convert: noneToEmptyListOrUnset,
    validate: validNameservers,
  },
  host_routes: {
    allowPost: true,
    allowPut: true,
    default: undefined,
    convert: noneToEmptyListOrUnset,
    validate: validHostRoutes,
  },
  ...PROJECT_ATTRIBUTES,
  enable_dhcp: { allowPost: true, allowPut: true, default: true, convert: toBoolean, sortKey: true },
  ipv6_ra_mode: {
    allowPost: true,
    allowPut: false,
    default: undefined,
    validate: unlessUnset(validValues(IPV6_MODES)),
    sortKey: true,
  },
  ipv6_address_mode: {
    allowPost: true,
    allowPut: false,
    default: undefined,
    validate: unlessUnset(validValues(IPV6_MODES)),
    sortKey: true,
  },
  ...STANDARD_ATTRIBUTES,
  // default-subnetpools
  use_default_subnetpool: {
    allowPost: true,
    allowPut: false,
    default: false,
    convert: toBoolean,
    visible: false,
  },
};

export function subnetsResource(deps: NetworkDeps): ResourceDefinition {
  const handler = new SubnetHandler(deps);
  return {
    singular: 'subnet',
    plural: 'subnets',
    path: '/subnets',
    attributes: SUBNET_ATTRIBUTES,
    notFound: { type: 'SubnetNotFound', message: (id) => `Subnet ${id} could not be found.` },
    allowBulk: true,
    handler,
    policyTarget: (call, record) => handler.policyTarget(call, record),
  };
}
