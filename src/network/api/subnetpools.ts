import type { NetworkDeps } from '../deps.js';
import { SubnetPoolHandler } from '../subnetpools/subnetpool-handler.js';
import { convertUnlessUnset, unlessUnset } from '../subnets/subnet-input.js';
import {
  ID_ATTRIBUTE,
  PROJECT_ATTRIBUTES,
  STANDARD_ATTRIBUTES,
  type AttributeMap,
} from './engine/attributes.js';
import type { ResourceDefinition } from './engine/definition.js';
import {
  toBoolean,
  toInteger,
  validListOf,
  validNonNegative,
  validNotEmptyString,
  validSubnet,
  validUuidOrNone,
} from './engine/validators.js';

const prefixLength = () => ({
  allowPost: true,
  allowPut: true,
  default: undefined,
  convert: convertUnlessUnset(toInteger),
  validate: unlessUnset(validNonNegative),
  sortKey: true,
});

/** neutron-lib's subnetpool definition, with address-scope's `address_scope_id`. */
export const SUBNETPOOL_ATTRIBUTES: AttributeMap = {
  ...ID_ATTRIBUTE,
  name: { allowPost: true, allowPut: true, validate: validNotEmptyString(255), sortKey: true },
  ...PROJECT_ATTRIBUTES,
  prefixes: { allowPost: true, allowPut: true, validate: validListOf(validSubnet) },
  default_quota: prefixLength(),
  ip_version: { allowPost: false, allowPut: false, sortKey: true },
  default_prefixlen: prefixLength(),
  min_prefixlen: prefixLength(),
  max_prefixlen: prefixLength(),
  is_default: {
    allowPost: true,
    allowPut: true,
    default: false,
    convert: toBoolean,
    sortKey: true,
    enforcePolicy: true,
  },
  shared: {
    allowPost: true,
    allowPut: false,
    default: false,
    convert: toBoolean,
    sortKey: true,
    enforcePolicy: true,
  },
  ...STANDARD_ATTRIBUTES,
  // address-scope
  address_scope_id: {
    allowPost: true,
    allowPut: true,
    default: undefined,
    validate: unlessUnset(validUuidOrNone),
    sortKey: true,
  },
};

export function subnetPoolsResource(deps: NetworkDeps): ResourceDefinition {
  return {
    singular: 'subnetpool',
    plural: 'subnetpools',
    path: '/subnetpools',
    attributes: SUBNETPOOL_ATTRIBUTES,
    notFound: { type: 'SubnetPoolNotFound', message: (id) => `Subnet pool ${id} could not be found.` },
    allowBulk: true,
    handler: new SubnetPoolHandler(deps),
  };
}
