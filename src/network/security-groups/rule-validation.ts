import { pythonText } from '../api/engine/validators.js';
import { canonicalNetwork, formatCidr, parseCidr } from '../drivers/ip-cidr.js';
import {
  ICMP,
  IPV6_ICMP,
  IPV6_ONLY_PROTOCOLS,
  PORT_PROTOCOL_NAMES,
  PORT_PROTOCOLS,
  canonicalProtocol,
  protocolKey,
  protocolNumber,
} from './protocols.js';
import type { RuleValues } from './rule-records.js';
import {
  ethertypeConflictWithProtocol,
  invalidCidr,
  invalidEthertype,
  invalidIcmpValue,
  invalidPortRange,
  invalidPortValue,
  invalidProtocolForPort,
  missingIcmpType,
  multipleRemoteEntities,
  protocolRequiredWithPorts,
  ruleParameterConflict,
} from './security-group-errors.js';

/** convert_ethertype_to_case_insensitive: `ipv4` is `IPv4`. */
export function convertEthertype(value: unknown): string {
  if (typeof value === 'string') {
    for (const ethertype of ['IPv4', 'IPv6'])
      if (ethertype.toLowerCase() === value.toLowerCase()) return ethertype;
  }
  throw invalidEthertype(pythonText(value));
}

/** convert_validate_port_value: null, or an integer 0-65535 (or its text). */
export function convertPort(value: unknown): number | null {
  if (value === null) return null;
  const number = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number === 'number' && Number.isInteger(number) && number >= 0 && number <= 65535) return number;
  throw invalidPortValue(pythonText(value));
}

/**
 * convert_ip_prefix_to_cidr: empty is none; an address or prefix is written as netaddr writes
 * it, with its prefix length (`10.0.0.5` -> `10.0.0.5/32`, host bits kept, IPv6 shortened).
 */
export function convertIpPrefix(value: unknown): string | null {
  if (value === null || value === '' || value === undefined) return null;
  try {
    if (typeof value !== 'string') throw new Error('not text');
    return formatCidr(parseCidr(value.trim()));
  } catch {
    throw invalidCidr(String(value));
  }
}

/** Neutron's _validate_port_range, on a rule whose protocol is already canonical. */
function validatePortRange(protocol: string | null, min: number | null, max: number | null): void {
  if (min === null && max === null) return;
  if (protocol === null) throw protocolRequiredWithPorts();
  const number = protocolNumber(protocol)!;
  if (PORT_PROTOCOLS.has(number)) {
    if (min === 0 || max === 0) throw invalidPortValue(0);
    if (min === null || max === null || min > max) throw invalidPortRange();
  } else if (number === ICMP || number === IPV6_ICMP) {
    for (const [value, field, attr] of [
      [min, 'type', 'port_range_min'],
      [max, 'code', 'port_range_max'],
    ] as const) {
      if (value !== null && (value < 0 || value > 255)) throw invalidIcmpValue(field, attr, value);
    }
    if (min === null && max !== null) throw missingIcmpType(max);
  } else {
    throw invalidProtocolForPort(number, PORT_PROTOCOL_NAMES);
  }
}

/** The values a rule create takes, after the attribute converters ran. */
export type RuleInput = Omit<RuleValues, 'normalized_cidr'>;

/**
 * Neutron's _validate_base_security_group_rule_attributes: the legacy IPv6 ICMP protocol made
 * canonical, the whole port range 1-65535 taken as no range, ports only where the protocol has
 * them (ICMP type and code 0-255), the prefix of the rule's IP version and protocol, and at
 * most one kind of remote. Returns the rule as it is stored, with its normalized CIDR.
 */
export function validateRule(input: RuleInput): RuleValues {
  const protocol = canonicalProtocol(input.protocol, input.ethertype);
  let min = input.port_range_min;
  let max = input.port_range_max;
  if (min === 1 && max === 65535) min = max = null;
  validatePortRange(protocol, min, max);
  if (input.remote_ip_prefix !== null) {
    const version = parseCidr(input.remote_ip_prefix).version;
    if (input.ethertype !== `IPv${version}`)
      throw ruleParameterConflict(input.ethertype, input.remote_ip_prefix);
  }
  if (protocol !== null && IPV6_ONLY_PROTOCOLS.has(protocol) && input.ethertype === 'IPv4') {
    throw ethertypeConflictWithProtocol(input.ethertype, protocol);
  }
  const remotes = [input.remote_ip_prefix, input.remote_group_id, input.remote_address_group_id];
  if (remotes.filter((remote) => remote).length > 1) throw multipleRemoteEntities();
  return {
    ...input,
    protocol,
    port_range_min: min,
    port_range_max: max,
    normalized_cidr: input.remote_ip_prefix === null ? null : canonicalNetwork(input.remote_ip_prefix),
  };
}

const ANY_ADDRESS = new Set(['0.0.0.0/0', '::/0']);

/**
 * What makes two rules the same (Neutron's _rule_to_key): direction, ethertype, ports,
 * protocol by number, remotes and group; a prefix of every address is the same as none.
 */
export function ruleKey(rule: RuleValues | Record<string, unknown>): string {
  const text = (value: unknown) => (value === null || value === undefined ? '+' : String(value));
  const prefix = rule.remote_ip_prefix as string | null;
  return [
    text(rule.direction),
    text(rule.ethertype),
    text(rule.port_range_max),
    text(rule.port_range_min),
    protocolKey(rule.protocol as string | null, rule.ethertype as string),
    text(rule.remote_group_id),
    text(rule.remote_address_group_id),
    prefix === null || ANY_ADDRESS.has(prefix) ? '+' : prefix,
    text(rule.security_group_id),
  ].join('_');
}
