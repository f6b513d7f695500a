/**
 * A security group rule as a port's firewall applies it: protocol as a number, and the peer as
 * address prefixes, a remote group having become the addresses of its members.
 */
export interface ResolvedRule {
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  /** The IP protocol number (6 for TCP, 58 for ICMPv6...); null for any protocol. */
  protocol: number | null;
  /** Port range of TCP, UDP, SCTP, DCCP, UDP-Lite; for ICMP, the type (min) and code (max). */
  portRangeMin: number | null;
  portRangeMax: number | null;
  /** Peer prefixes in network form: null matches any peer, an empty list none (a group without members). */
  remoteIpPrefixes: string[] | null;
}

/** A rule as the API shows it, the part the firewall needs. */
export interface SecurityGroupRuleRecord {
  security_group_id: string;
  direction: string;
  ethertype: string;
  protocol: string | null;
  port_range_min: number | null;
  port_range_max: number | null;
  remote_ip_prefix: string | null;
  remote_group_id: string | null;
  remote_address_group_id?: string | null;
}
