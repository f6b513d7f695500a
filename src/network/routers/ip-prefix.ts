import { cidrContains, parseCidr, parseIp, rangesOverlap } from '../ipam/ip-address.js';

/** The L3 service's questions about addresses, asked of texts as the API stores them. */

/** Whether the CIDR holds the address; false for anything unparsable. */
export function cidrHolds(cidr: string, ip: string): boolean {
  const [block, address] = [parseCidr(cidr), parseIp(ip)];
  return block !== null && address !== null && cidrContains(block, address);
}

/** Whether two CIDRs share an address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const [left, right] = [parseCidr(a), parseCidr(b)];
  return left !== null && right !== null && rangesOverlap(left, right);
}

/** Whether `ip` lies between `start` and `end`, inclusive (an allocation pool). */
export function ipInRange(ip: string, start: string, end: string): boolean {
  const [value, first, last] = [parseIp(ip), parseIp(start), parseIp(end)];
  if (!value || !first || !last || value.version !== first.version) return false;
  return value.value >= first.value && value.value <= last.value;
}

/** The IP version of an address, or null when it is none. */
export function ipVersion(ip: string): 4 | 6 | null {
  return parseIp(ip)?.version ?? null;
}
