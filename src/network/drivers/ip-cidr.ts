import { isIPv4, isIPv6 } from 'node:net';
import { InvalidSpec } from './errors.js';

/** An IPv4 or IPv6 prefix as numbers: `10.0.0.5/24` has address 10.0.0.5 and prefix length 24. */
export interface Cidr {
  version: 4 | 6;
  /** The address as written, as a number (host bits kept). */
  address: bigint;
  prefixlen: number;
}

const bits = (version: 4 | 6) => (version === 4 ? 32 : 128);

function parseIpv6(text: string): bigint {
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  let head = text;
  const v4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4Tail) {
    const v4 = parseAddress(v4Tail[1]).address;
    head = `${text.slice(0, -v4Tail[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, null];
  const leftGroups = left ? left.split(':') : [];
  const rightGroups = right ? right.split(':') : [];
  const missing = 8 - leftGroups.length - rightGroups.length;
  const groups = right === null ? leftGroups : [...leftGroups, ...Array(missing).fill('0'), ...rightGroups];
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}

/** An address as a number; throws `InvalidSpec` for anything but an IPv4 or IPv6 address. */
export function parseAddress(text: string): { version: 4 | 6; address: bigint } {
  if (isIPv4(text)) {
    const address = text.split('.').reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
    return { version: 4, address };
  }
  // No zone index (`fe80::1%eth0`): an address in a spec names no interface.
  if (isIPv6(text) && !text.includes('%')) return { version: 6, address: parseIpv6(text) };
  throw new InvalidSpec(`${text} is not an IP address`);
}

/** A CIDR (`10.0.0.0/24`) or a bare address (a /32 or /128). */
export function parseCidr(text: string): Cidr {
  const [addressText, lengthText, ...extra] = text.split('/');
  const { version, address } = parseAddress(addressText);
  const prefixlen = lengthText === undefined ? bits(version) : Number(lengthText);
  const wellFormed = lengthText === undefined || /^\d{1,3}$/.test(lengthText);
  if (!wellFormed || extra.length > 0 || prefixlen > bits(version))
    throw new InvalidSpec(`${text} is not a CIDR`);
  return { version, address, prefixlen };
}

function mask(version: 4 | 6, prefixlen: number): bigint {
  const width = BigInt(bits(version));
  return ((1n << width) - 1n) ^ ((1n << (width - BigInt(prefixlen))) - 1n);
}

/** The address as text: dotted IPv4, or IPv6 in its shortest form (RFC 5952). */
export function formatAddress(version: 4 | 6, address: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((shift) => String((address >> shift) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((address >> BigInt(112 - 16 * i)) & 0xffffn));
  // The longest run of two or more zero groups becomes '::'.
  let best = { start: -1, length: 0 };
  for (let start = 0; start < 8;) {
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > best.length && end - start >= 2) best = { start, length: end - start };
    start = end === start ? start + 1 : end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (best.start < 0) return hex.join(':');
  return `${hex.slice(0, best.start).join(':')}::${hex.slice(best.start + best.length).join(':')}`;
}

/** The network a CIDR lies in, host bits cleared: `10.0.0.5/24` -> `10.0.0.0/24`. */
export function networkOf(cidr: Cidr): Cidr {
  return { ...cidr, address: cidr.address & mask(cidr.version, cidr.prefixlen) };
}

/** `10.0.0.0/24` style text of a CIDR. */
export function formatCidr(cidr: Cidr): string {
  return `${formatAddress(cidr.version, cidr.address)}/${cidr.prefixlen}`;
}

/** The canonical network text of any CIDR or address: `10.0.0.5/24` -> `10.0.0.0/24`. */
export function canonicalNetwork(text: string): string {
  return formatCidr(networkOf(parseCidr(text)));
}

/** The dotted netmask of an IPv4 prefix length: 24 -> `255.255.255.0`. */
export function ipv4Netmask(prefixlen: number): string {
  return formatAddress(4, mask(4, prefixlen));
}

/** Whether two prefixes share any address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  if (a.version !== b.version) return false;
  const shorter = Math.min(a.prefixlen, b.prefixlen);
  const common = mask(a.version, shorter);
  return (a.address & common) === (b.address & common);
}
