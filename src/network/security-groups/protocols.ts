import { pythonText } from '../api/engine/validators.js';
import { NeutronError } from '../errors.js';

/** neutron-lib's IP_PROTOCOL_MAP, in its order (the order upstream's messages list them). */
export const IP_PROTOCOL_MAP: Readonly<Record<string, number>> = {
  ah: 51,
  dccp: 33,
  egp: 8,
  esp: 50,
  gre: 47,
  hopopt: 0,
  icmp: 1,
  igmp: 2,
  ip: 0,
  ipip: 4,
  'ipv6-encap': 41,
  'ipv6-frag': 44,
  'ipv6-icmp': 58,
  // The legacy name of IPv6 ICMP, kept by the API for old clients.
  icmpv6: 58,
  'ipv6-nonxt': 59,
  'ipv6-opts': 60,
  'ipv6-route': 43,
  ospf: 89,
  pgm: 113,
  rsvp: 46,
  sctp: 132,
  tcp: 6,
  udp: 17,
  udplite: 136,
  vrrp: 112,
};

export const ICMP = 1;
export const IPV6_ICMP = 58;

/** Protocols whose rules may name ports (Neutron's SG_PORT_PROTO_NUMS). */
export const PORT_PROTOCOLS = new Set([33, 132, 6, 17, 136]);
/** How upstream's message names them: `DCCP, SCTP, TCP, UDP, UDPLITE`. */
export const PORT_PROTOCOL_NAMES = 'DCCP, SCTP, TCP, UDP, UDPLITE';

/** Protocols that exist only over IPv6, by name and number (a rule with them must be IPv6). */
export const IPV6_ONLY_PROTOCOLS = new Set([
  'ipv6-encap',
  'ipv6-frag',
  'ipv6-icmp',
  'icmpv6',
  'ipv6-nonxt',
  'ipv6-opts',
  'ipv6-route',
  '41',
  '44',
  '58',
  '59',
  '60',
  '43',
]);

/** The message's `(None, 'any', 'ah', ...)`: Python's repr of sg_supported_protocols. */
const SUPPORTED_TEXT = `(None, 'any', ${Object.keys(IP_PROTOCOL_MAP)
  .map((name) => `'${name}'`)
  .join(', ')})`;

function invalidProtocol(value: unknown): NeutronError {
  return new NeutronError(
    400,
    'SecurityGroupRuleInvalidProtocol',
    `Security group rule protocol ${pythonText(value)} not supported. Only protocol values ${SUPPORTED_TEXT} and integer representations [0 to 255] are supported.`,
  );
}

/**
 * Neutron's convert_protocol: null or `any` (any case) is no protocol; a number 0-255 (or its
 * text) is kept as text; a known name is kept in lower case. Anything else is refused.
 */
export function convertProtocol(value: unknown): string | null {
  if (value === null || (typeof value === 'string' && value.toLowerCase() === 'any')) return null;
  if (typeof value === 'number' || (typeof value === 'string' && /^\s*\d+\s*$/.test(value))) {
    const number = Number(value);
    if (Number.isInteger(number) && number >= 0 && number <= 255) return String(value).trim();
    throw invalidProtocol(value);
  }
  if (typeof value === 'string' && value.toLowerCase() in IP_PROTOCOL_MAP) return value.toLowerCase();
  throw invalidProtocol(value);
}

/** The IP protocol number of a rule's protocol (a name or a number as text); null for any. */
export function protocolNumber(protocol: string | null): number | null {
  if (protocol === null) return null;
  return protocol in IP_PROTOCOL_MAP ? IP_PROTOCOL_MAP[protocol] : Number(protocol);
}

/**
 * The protocol as Neutron stores an IPv6 rule: the legacy ICMP names (`icmp`, `icmpv6`) become
 * `ipv6-icmp` and the number 1 becomes 58, since ICMP over IPv6 is ICMPv6.
 */
export function canonicalProtocol(protocol: string | null, ethertype: string): string | null {
  if (ethertype !== 'IPv6') return protocol;
  if (protocol === 'icmp' || protocol === 'icmpv6') return 'ipv6-icmp';
  if (protocol === String(ICMP)) return String(IPV6_ICMP);
  return protocol;
}

/** The protocol as duplicate detection compares it: name and number alike (`tcp` is `6`). */
export function protocolKey(protocol: string | null, ethertype: string): string {
  const canonical = canonicalProtocol(protocol, ethertype);
  return canonical === null ? '+' : String(protocolNumber(canonical));
}
