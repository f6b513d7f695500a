import type { NetworkDeps } from '../deps.js';
import { FloatingIpHandler } from '../floating-ips/floating-ip-handler.js';
import {
  ID_ATTRIBUTE,
  PROJECT_ATTRIBUTES,
  STANDARD_ATTRIBUTES,
  type AttributeMap,
} from './engine/attributes.js';
import type { ResourceDefinition } from './engine/definition.js';
import {
  toLowercase,
  validIpAddressOrNone,
  validString,
  validUuid,
  validUuidOrNone,
  type Converter,
} from './engine/validators.js';

/** dns-integration's `convert_string_to_case_insensitive`. */
const caseInsensitive: Converter = (value) => (typeof value === 'string' ? toLowercase(value) : value);

/** neutron-lib's floating IP definition (l3) with dns-integration and fip-port-details. */
export const FLOATING_IP_ATTRIBUTES: AttributeMap = {
  ...ID_ATTRIBUTE,
  floating_ip_address: {
    allowPost: true,
    allowPut: false,
    default: null,
    validate: validIpAddressOrNone,
    sortKey: true,
    enforcePolicy: true,
  },
  // Input only: the external subnet to take the address from.
  subnet_id: { allowPost: true, allowPut: false, default: null, validate: validUuidOrNone, visible: false },
  floating_network_id: { allowPost: true, allowPut: false, validate: validUuid, sortKey: true },
  router_id: { allowPost: false, allowPut: false, sortKey: true },
  port_id: { allowPost: true, allowPut: true, default: null, validate: validUuidOrNone },
  fixed_ip_address: {
    allowPost: true,
    allowPut: true,
    default: null,
    validate: validIpAddressOrNone,
    sortKey: true,
  },
  ...PROJECT_ATTRIBUTES,
  status: { allowPost: false, allowPut: false, sortKey: true },
  ...STANDARD_ATTRIBUTES,
  // dns-integration
  dns_name: {
    allowPost: true,
    allowPut: false,
    default: '',
    convert: caseInsensitive,
    validate: validString(255),
  },
  dns_domain: {
    allowPost: true,
    allowPut: false,
    default: '',
    convert: caseInsensitive,
    validate: validString(255),
  },
  // fip-port-details
  port_details: { allowPost: false, allowPut: false, filter: false },
};

export function floatingIpsResource(deps: NetworkDeps): ResourceDefinition {
  return {
    singular: 'floatingip',
    plural: 'floatingips',
    path: '/floatingips',
    attributes: FLOATING_IP_ATTRIBUTES,
    notFound: { type: 'FloatingIPNotFound', message: (id) => `Floating IP ${id} could not be found` },
    allowBulk: true,
    handler: new FloatingIpHandler(deps),
  };
}
