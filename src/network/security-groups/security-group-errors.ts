import { NeutronError } from '../errors.js';

/**
 * The security group exceptions of neutron/extensions/securitygroup.py, with their messages:
 * InvalidInput ones answer 400, NotFound 404, InUse 409.
 */
const invalid = (type: string, message: string) => new NeutronError(400, type, message);
const inUse = (type: string, message: string) => new NeutronError(409, type, message);

export const securityGroupNotFound = (id: string) =>
  new NeutronError(404, 'SecurityGroupNotFound', `Security group ${id} does not exist`);

export const securityGroupRuleNotFound = (id: string) =>
  new NeutronError(404, 'SecurityGroupRuleNotFound', `Security group rule ${id} does not exist`);

export const addressGroupNotFound = (id: string) =>
  new NeutronError(404, 'AddressGroupNotFound', `Address group ${id} could not be found.`);

export const securityGroupInUse = (id: string) => inUse('SecurityGroupInUse', `Security Group ${id} in use.`);

export const cannotRemoveDefault = () =>
  inUse('SecurityGroupCannotRemoveDefault', 'Insufficient rights for removing default security group.');

export const cannotUpdateDefault = () =>
  inUse('SecurityGroupCannotUpdateDefault', 'Updating default security group not allowed.');

export const defaultAlreadyExists = () =>
  inUse('SecurityGroupDefaultAlreadyExists', 'Default security group already exists.');

export const ruleExists = (ruleId: string) =>
  inUse('SecurityGroupRuleExists', `Security group rule already exists. Rule id is ${ruleId}.`);

export const invalidPortRange = () =>
  invalid('SecurityGroupInvalidPortRange', 'For TCP/UDP protocols, port_range_min must be <= port_range_max');

export const invalidPortValue = (port: string | number) =>
  invalid('SecurityGroupInvalidPortValue', `Invalid value for port ${port}`);

export const invalidProtocolForPort = (protocol: number, validProtocols: string) =>
  invalid(
    'SecurityGroupInvalidProtocolForPort',
    `Ports cannot be specified for protocol ${protocol}. Ports are only supported for ${validProtocols}.`,
  );

export const invalidIcmpValue = (field: string, attr: string, value: number) =>
  invalid(
    'SecurityGroupInvalidIcmpValue',
    `Invalid value for ICMP ${field} (${attr}) ${value}. It must be 0 to 255.`,
  );

export const missingIcmpType = (value: number) =>
  invalid(
    'SecurityGroupMissingIcmpType',
    `ICMP code (port-range-max) ${value} is provided but ICMP type (port-range-min) is missing.`,
  );

export const protocolRequiredWithPorts = () =>
  invalid('SecurityGroupProtocolRequiredWithPorts', 'Must also specify protocol if port range is given.');

export const ethertypeConflictWithProtocol = (ethertype: string, protocol: string) =>
  invalid(
    'SecurityGroupEthertypeConflictWithProtocol',
    `Invalid ethertype ${ethertype} for protocol ${protocol}.`,
  );

export const ruleParameterConflict = (ethertype: string, cidr: string) =>
  invalid('SecurityGroupRuleParameterConflict', `Conflicting value ethertype ${ethertype} for CIDR ${cidr}`);

export const multipleRemoteEntities = () =>
  invalid(
    'SecurityGroupMultipleRemoteEntites',
    'Only one of remote_ip_prefix or remote_group_id or remote_address_group_id may be provided.',
  );

export const invalidEthertype = (ethertype: string) =>
  invalid(
    'SecurityGroupRuleInvalidEtherType',
    `Security group rule for ethertype '${ethertype}' not supported. Allowed values are ['IPv4', 'IPv6'].`,
  );

/** neutron-lib's InvalidCIDR, for a `remote_ip_prefix` that is no prefix. */
export const invalidCidr = (input: string) =>
  invalid('InvalidCIDR', `Invalid CIDR ${input} given as IP prefix.`);
