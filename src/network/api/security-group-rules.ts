import type { NetworkDeps } from '../deps.js';
import { convertProtocol } from '../security-groups/protocols.js';
import { SecurityGroupRuleHandler } from '../security-groups/rule-handler.js';
import { convertEthertype, convertIpPrefix, convertPort } from '../security-groups/rule-validation.js';
import {
  ID_ATTRIBUTE,
  PROJECT_ATTRIBUTES,
  STANDARD_ATTRIBUTES,
  type AttributeMap,
} from './engine/attributes.js';
import type { ResourceDefinition } from './engine/definition.js';
import { toBoolean, validString, validValues } from './engine/validators.js';

/** An attribute set on create only, optional (null by default), sortable. */
const createOnly = (extra: Partial<AttributeMap[string]> = {}): AttributeMap[string] => ({
  allowPost: true,
  allowPut: false,
  default: null,
  sortKey: true,
  ...extra,
});

/**
 * neutron's securitygroup extension (rules) with security-groups-normalized-cidr,
 * security-groups-remote-address-group and security-groups-rules-belongs-to-default-sg.
 */
export const SECURITY_GROUP_RULE_ATTRIBUTES: AttributeMap = {
  ...ID_ATTRIBUTE,
  security_group_id: { allowPost: true, allowPut: false, validate: validString(36), sortKey: true },
  remote_group_id: createOnly(),
  direction: {
    allowPost: true,
    allowPut: false,
    validate: validValues(['ingress', 'egress']),
    sortKey: true,
  },
  protocol: createOnly({ convert: convertProtocol }),
  port_range_min: createOnly({ convert: convertPort }),
  port_range_max: createOnly({ convert: convertPort }),
  ethertype: createOnly({
    default: 'IPv4',
    convert: convertEthertype,
    validate: validValues(['IPv4', 'IPv6']),
  }),
  remote_ip_prefix: createOnly({ convert: convertIpPrefix }),
  ...PROJECT_ATTRIBUTES,
  ...STANDARD_ATTRIBUTES,
  description: { ...STANDARD_ATTRIBUTES.description, allowPut: false },
  normalized_cidr: { allowPost: false, allowPut: false, sortKey: true },
  remote_address_group_id: createOnly(),
  belongs_to_default_sg: {
    allowPost: false,
    allowPut: false,
    convert: (value) => (value === null ? null : toBoolean(value)),
  },
};

export function securityGroupRulesResource(deps: NetworkDeps): ResourceDefinition {
  const handler = new SecurityGroupRuleHandler(deps);
  return {
    singular: 'security_group_rule',
    plural: 'security_group_rules',
    path: '/security-group-rules',
    attributes: SECURITY_GROUP_RULE_ATTRIBUTES,
    notFound: {
      type: 'SecurityGroupRuleNotFound',
      message: (id) => `Security group rule ${id} does not exist`,
    },
    allowBulk: true,
    // Rules are created and deleted, never updated (upstream's plugin has no update).
    operations: ['list', 'show', 'create', 'delete'],
    handler,
    policyTarget: (_call, record) => handler.policyTarget(record),
  };
}
