import { canonicalNetwork, parseCidr } from '../ip-cidr.js';
import type { PortSpec, SecurityGroupRuleSpec } from '../network-driver.js';

/**
 * The firewall of one port, as Neutron's iptables firewall driver builds it: three chains per
 * address family, written as `iptables-save` prints rules (so what is in the kernel compares
 * equal to what would be written, and an unchanged port is not rewritten).
 *
 * - ingress (to the instance): established traffic, DHCP answers from its subnets (IPv4) or
 *   neighbour discovery and DHCPv6 (IPv6), the security group's ingress rules; all else dropped;
 * - egress (from the instance): DHCP requests, then the anti-spoofing chain, then established
 *   traffic and the egress rules; no DHCP server and (IPv6) no router advertisements from it;
 * - spoof: only the port's own MAC with its own addresses or its allowed address pairs.
 */
export interface PortChainRules {
  ingress: string[];
  egress: string[];
  spoof: string[];
}

const established = '-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN';
const invalid = '-m conntrack --ctstate INVALID -j DROP';

/** Protocol numbers iptables-save prints by name. */
const protocolNames: Record<string, string> = {
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '33': 'dccp',
  '47': 'gre',
  '50': 'esp',
  '51': 'ah',
  '58': 'ipv6-icmp',
  '112': 'vrrp',
  '132': 'sctp',
  '136': 'udplite',
};
const icmpv6Names = new Set(['icmp', 'icmpv6', 'ipv6-icmp', '58']);
const portProtocols = new Set(['tcp', 'udp', 'sctp', 'dccp']);

function protocolOf(rule: SecurityGroupRuleSpec): string | null {
  if (rule.protocol === null) return null;
  const name = rule.protocol.toLowerCase();
  if (rule.ethertype === 'IPv6' && icmpv6Names.has(name)) return 'ipv6-icmp';
  return protocolNames[name] ?? name;
}

/** `-s`/`-d` of a prefix as iptables-save prints it: the network address, nothing for "any". */
function addressMatch(flag: '-s' | '-d', prefix: string): string | null {
  const cidr = parseCidr(prefix);
  return cidr.prefixlen === 0 ? null : `${flag} ${canonicalNetwork(prefix)}`;
}

function protocolMatch(rule: SecurityGroupRuleSpec): string[] {
  const protocol = protocolOf(rule);
  if (protocol === null) return [];
  const { portRangeMin: min, portRangeMax: max } = rule;
  if (protocol === 'icmp' || protocol === 'ipv6-icmp') {
    if (min === null) return [`-p ${protocol}`];
    const type = max === null ? `${min}` : `${min}/${max}`;
    return protocol === 'icmp'
      ? [`-p icmp -m icmp --icmp-type ${type}`]
      : [`-p ipv6-icmp -m icmp6 --icmpv6-type ${type}`];
  }
  if (portProtocols.has(protocol) && min !== null) {
    const ports = max === null || max === min ? `${min}` : `${min}:${max}`;
    return [`-p ${protocol} -m ${protocol} --dport ${ports}`];
  }
  return [`-p ${protocol}`];
}

/** The rules a security group rule becomes (one per remote prefix; none for an empty remote group). */
function groupRuleLines(rule: SecurityGroupRuleSpec): string[] {
  const flag = rule.direction === 'ingress' ? '-s' : '-d';
  const peers =
    rule.remoteIpPrefixes === null
      ? [null]
      : rule.remoteIpPrefixes.map((prefix) => addressMatch(flag, prefix));
  return peers.map((peer) => [peer, ...protocolMatch(rule), '-j RETURN'].filter(Boolean).join(' '));
}

/** The IPv6 link-local address a MAC gives by EUI-64, as a /128. */
export function linkLocalOf(mac: string): string {
  const bytes = mac.split(':').map((byte) => parseInt(byte, 16));
  bytes[0] ^= 0x02;
  const eui = [...bytes.slice(0, 3), 0xff, 0xfe, ...bytes.slice(3)];
  const groups = [0, 2, 4, 6].map((i) => ((eui[i] << 8) | eui[i + 1]).toString(16));
  return `fe80::${groups.join(':')}/128`;
}

function familyRules(spec: PortSpec, family: 4 | 6): SecurityGroupRuleSpec[] {
  const ethertype = family === 4 ? 'IPv4' : 'IPv6';
  return spec.securityGroupRules.filter((rule) => rule.ethertype === ethertype);
}

/** The addresses (with their MAC) the port may send from, in one family. */
function allowedSources(spec: PortSpec, family: 4 | 6): { source: string; mac: string }[] {
  const own = spec.fixedIps.map(({ ip }) => ({ prefix: ip, mac: spec.mac }));
  const pairs = spec.allowedAddressPairs.map((pair) => ({ prefix: pair.ipAddress, mac: pair.macAddress }));
  const linkLocal =
    family === 6
      ? [spec.mac, ...pairs.map(({ mac }) => mac)].map((mac) => ({ prefix: linkLocalOf(mac), mac }))
      : [];
  const seen = new Set<string>();
  return [...own, ...pairs, ...linkLocal]
    .filter(({ prefix }) => parseCidr(prefix).version === family)
    .map(({ prefix, mac }) => ({ source: canonicalNetwork(prefix), mac: mac.toLowerCase() }))
    .filter(({ source, mac }) => !seen.has(`${source} ${mac}`) && seen.add(`${source} ${mac}`));
}

/** The port's chains in one address family; `spoofChain` is the name of its spoof chain. */
export function portChainRules(spec: PortSpec, family: 4 | 6, spoofChain: string): PortChainRules {
  const rules = familyRules(spec, family);
  const ingressRules = rules.filter((rule) => rule.direction === 'ingress').flatMap(groupRuleLines);
  const egressRules = rules.filter((rule) => rule.direction === 'egress').flatMap(groupRuleLines);
  const spoof = [
    ...allowedSources(spec, family).map(
      ({ source, mac }) => `-s ${source} -m mac --mac-source ${mac} -j RETURN`,
    ),
    '-j DROP',
  ];
  if (family === 4) {
    const subnets = [
      ...new Set(
        spec.fixedIps
          .filter(({ ip }) => !ip.includes(':'))
          .map(({ ip, prefixlen }) => canonicalNetwork(`${ip}/${prefixlen}`)),
      ),
    ];
    return {
      ingress: [
        established,
        ...subnets.map((subnet) => `-s ${subnet} -p udp -m udp --sport 67 --dport 68 -j RETURN`),
        ...ingressRules,
        invalid,
        '-j DROP',
      ],
      egress: [
        '-s 0.0.0.0/32 -d 255.255.255.255/32 -p udp -m udp --sport 68 --dport 67 -j RETURN',
        `-j ${spoofChain}`,
        '-p udp -m udp --sport 68 --dport 67 -j RETURN',
        '-p udp -m udp --sport 67 --dport 68 -j DROP',
        established,
        ...egressRules,
        invalid,
        '-j DROP',
      ],
      spoof,
    };
  }
  return {
    ingress: [
      established,
      // Multicast listener queries and neighbour discovery, and router advertisements.
      ...[130, 134, 135, 136].map((type) => `-p ipv6-icmp -m icmp6 --icmpv6-type ${type} -j RETURN`),
      '-d fe80::/64 -p udp -m udp --sport 547 --dport 546 -j RETURN',
      ...ingressRules,
      invalid,
      '-j DROP',
    ],
    egress: [
      // Before it has an address: multicast listener reports and duplicate address detection.
      ...[131, 135, 143].map(
        (type) => `-s ::/128 -d ff02::/16 -p ipv6-icmp -m icmp6 --icmpv6-type ${type} -j RETURN`,
      ),
      '-p ipv6-icmp -m icmp6 --icmpv6-type 134 -j DROP',
      `-j ${spoofChain}`,
      '-p ipv6-icmp -j RETURN',
      '-p udp -m udp --sport 546 --dport 547 -j RETURN',
      '-p udp -m udp --sport 547 --dport 546 -j DROP',
      established,
      ...egressRules,
      invalid,
      '-j DROP',
    ],
    spoof,
  };
}
