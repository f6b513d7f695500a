import { isIP } from 'node:net';
import type { NeutronSecurityGroupRule, NewSecurityGroupRule } from '../../common/clients/network-types.js';
import { BadRequest } from '../../common/http/errors.js';

/** A security group rule as Nova's API knows it: ingress only, a port range, a CIDR or a group. */
export interface NovaRule {
  id: string;
  parent_group_id: string;
  protocol: string | null;
  from_port: number | null;
  to_port: number | null;
  group_id: string | null;
  cidr: string;
}

/** A rule to add: a remote group or a CIDR, with protocol and ports when given. */
export interface NewNovaRule {
  parent_group_id?: string;
  group_id?: string;
  cidr?: string;
  protocol?: string;
  from_port?: number;
  to_port?: number;
}

/** oslo's `is_valid_cidr`: an address, a slash and a prefix length that fits its version. */
function isValidCidr(text: string): boolean {
  const [address, prefix, ...rest] = text.split('/');
  if (rest.length > 0 || prefix === undefined || !/^\d+$/.test(prefix)) return false;
  const version = isIP(address);
  return version !== 0 && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** `parse_cidr`: none means anywhere (`0.0.0.0/0`); a URL-quoted one is unquoted first. */
export function parseCidr(cidr: string | null | undefined): string {
  if (!cidr) return '0.0.0.0/0';
  let text: string;
  try {
    text = decodeURIComponent(cidr);
  } catch {
    throw new BadRequest(`${cidr} is not a valid IP network.`);
  }
  if (!isValidCidr(text)) throw new BadRequest(`${text} is not a valid IP network.`);
  return text;
}

/** `InvalidPortRange`. */
const invalidRange = (from: unknown, to: unknown, why: string) =>
  new BadRequest(`Invalid port range ${String(from)}:${String(to)}. ${why}`);

/** Python's `int()` of a string or number, or undefined where it raises. */
function pythonInt(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Math.trunc(value);
  if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/**
 * `_new_ingress_rule`: the rule Nova's API builds from a request. A rule from a group opens every
 * port of TCP/UDP (1-65535) or every ICMP type (-1) unless ports are given; a CIDR rule needs its
 * protocol and ports (null when missing: "Not enough parameters"). Ports are checked as Nova does.
 */
export function newIngressRule(args: {
  protocol?: string | null;
  fromPort?: unknown;
  toPort?: unknown;
  groupId?: string | null;
  cidr?: string | null;
}): NewNovaRule | null {
  const values: NewNovaRule = {};
  let from = args.fromPort ?? null;
  let to = args.toPort ?? null;
  const protocol = args.protocol ?? null;
  const upper = protocol ? protocol.toUpperCase() : '';
  if (args.groupId) {
    values.group_id = args.groupId;
    if (upper === 'ICMP' && from === null && to === null) [from, to] = [-1, -1];
    else if ((upper === 'TCP' || upper === 'UDP') && from === null && to === null) [from, to] = [1, 65535];
  } else if (args.cidr) {
    values.cidr = args.cidr;
  }
  if (protocol && from !== null && to !== null) {
    const fromPort = pythonInt(from);
    const toPort = pythonInt(to);
    if (fromPort === undefined || toPort === undefined) {
      throw new BadRequest(
        upper === 'ICMP'
          ? 'Invalid input received: Type and Code must be integers for ICMP protocol type'
          : 'Invalid input received: To and From ports must be integers',
      );
    }
    if (!['TCP', 'UDP', 'ICMP'].includes(upper)) throw new BadRequest(`Invalid IP protocol ${protocol}.`);
    if ((upper === 'TCP' || upper === 'UDP') && fromPort > toPort)
      throw invalidRange(fromPort, toPort, 'Former value cannot be greater than the later');
    if ((upper === 'TCP' || upper === 'UDP') && (fromPort < 1 || toPort > 65535))
      throw invalidRange(fromPort, toPort, `Valid ${upper} ports should be between 1-65535`);
    if (upper === 'ICMP' && (fromPort < -1 || fromPort > 255 || toPort < -1 || toPort > 255))
      throw invalidRange(fromPort, toPort, 'For ICMP, the type:code must be valid');
    values.protocol = protocol;
    values.from_port = fromPort;
    values.to_port = toPort;
  } else if (args.cidr) {
    return null;
  }
  return values;
}

/** The API's refusal of a whole-space prefix on a network other than anywhere (`10.0.0.0/0`). */
export function checkCidrPrefix(cidr: string): void {
  const [network, prefix] = cidr.split('/');
  if (network !== '0.0.0.0' && network !== '::' && prefix === '0')
    throw new BadRequest(`Bad prefix for network in cidr ${cidr}`);
}

/** `_rule_exists`: the group has a rule with the same remote, ports and protocol. */
export function ruleExists(rules: readonly NovaRule[], rule: NewNovaRule): boolean {
  const keys = ['group_id', 'cidr', 'from_port', 'to_port', 'protocol'] as const;
  return rules.some((existing) =>
    keys.every((key) => (existing[key] ?? undefined) === (rule[key] ?? undefined)),
  );
}

/**
 * `_convert_to_nova_security_group_rule_format`: a protocol without ports means all of them
 * (1-65535 for TCP/UDP, -1 otherwise); no prefix means anywhere.
 */
export function novaRuleOf(rule: NeutronSecurityGroupRule): NovaRule {
  const allPorts = rule.protocol !== null && rule.port_range_min === null && rule.port_range_max === null;
  const tcpOrUdp = ['TCP', 'UDP'].includes((rule.protocol ?? '').toUpperCase());
  return {
    id: rule.id,
    parent_group_id: rule.security_group_id,
    protocol: rule.protocol,
    from_port: allPorts ? (tcpOrUdp ? 1 : -1) : rule.port_range_min,
    to_port: allPorts ? (tcpOrUdp ? 65535 : -1) : rule.port_range_max,
    group_id: rule.remote_group_id,
    cidr: parseCidr(rule.remote_ip_prefix),
  };
}

/**
 * `_make_neutron_security_group_rules_list`: Nova's rules are ingress; the ethertype follows the
 * CIDR (IPv4 for a rule from a group), and -1 ports mean none.
 */
export function neutronRuleOf(rule: NewNovaRule & { parent_group_id: string }): NewSecurityGroupRule {
  return {
    direction: 'ingress',
    protocol: rule.protocol ?? null,
    ethertype: rule.cidr && isIP(rule.cidr.split('/')[0]) === 6 ? 'IPv6' : 'IPv4',
    remote_ip_prefix: rule.cidr ?? null,
    security_group_id: rule.parent_group_id,
    remote_group_id: rule.group_id ?? null,
    ...(rule.from_port !== undefined && rule.from_port !== -1 ? { port_range_min: rule.from_port } : {}),
    ...(rule.to_port !== undefined && rule.to_port !== -1 ? { port_range_max: rule.to_port } : {}),
  };
}
