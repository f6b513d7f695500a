import { canonicalNetwork, parseCidr } from '../drivers/ip-cidr.js';
import { canonicalProtocol, protocolNumber } from './protocols.js';
import type { ResolvedRule, SecurityGroupRuleRecord } from './resolved-rule.js';

/** A member's address or prefix in network form, when it is of the rule's IP version. */
function prefixOfVersion(address: string, version: 4 | 6): string | null {
  try {
    return parseCidr(address).version === version ? canonicalNetwork(address) : null;
  } catch {
    return null;
  }
}

function compareRules(a: ResolvedRule, b: ResolvedRule): number {
  const text = (rule: ResolvedRule) => JSON.stringify(rule);
  return text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0;
}

/**
 * The rules a port's firewall applies: those of the port's groups, with protocols as numbers
 * and every remote made into prefixes (a remote group becomes its members' addresses of the
 * rule's IP version, each a /32 or /128 unless it is a prefix already). Identical rules are
 * merged and the result sorted, so the same state always gives the same rules (the agent
 * compares them to decide whether a port's firewall must change).
 *
 * @param groupIds the port's security groups (its `security_groups`)
 * @param rules rules of those groups (others are ignored)
 * @param memberAddressesByGroup the addresses of each remote group's member ports (fixed IPs and
 *   allowed address pairs); a group absent from it has no members
 */
export function resolvePortRules(
  groupIds: readonly string[],
  rules: readonly SecurityGroupRuleRecord[],
  memberAddressesByGroup: ReadonlyMap<string, readonly string[]>,
): ResolvedRule[] {
  const groups = new Set(groupIds);
  const resolved = new Map<string, ResolvedRule>();
  for (const rule of rules) {
    if (!groups.has(rule.security_group_id)) continue;
    const ethertype = rule.ethertype === 'IPv6' ? 'IPv6' : 'IPv4';
    const version = ethertype === 'IPv6' ? 6 : 4;
    let remoteIpPrefixes: string[] | null = null;
    if (rule.remote_group_id) {
      const members = memberAddressesByGroup.get(rule.remote_group_id) ?? [];
      const prefixes = members.map((address) => prefixOfVersion(address, version));
      remoteIpPrefixes = [...new Set(prefixes.filter((prefix): prefix is string => prefix !== null))].sort();
    } else if (rule.remote_address_group_id) {
      // Address groups do not exist in Stratus; a rule naming one matches no peer.
      remoteIpPrefixes = [];
    } else if (rule.remote_ip_prefix) {
      const prefix = canonicalNetwork(rule.remote_ip_prefix);
      remoteIpPrefixes = prefix === '0.0.0.0/0' || prefix === '::/0' ? null : [prefix];
    }
    const entry: ResolvedRule = {
      direction: rule.direction === 'egress' ? 'egress' : 'ingress',
      ethertype,
      protocol: protocolNumber(canonicalProtocol(rule.protocol, ethertype)),
      portRangeMin: rule.port_range_min,
      portRangeMax: rule.port_range_max,
      remoteIpPrefixes,
    };
    resolved.set(JSON.stringify(entry), entry);
  }
  return [...resolved.values()].sort(compareRules);
}
