import { isIPv4, isIPv6 } from 'node:net';

/**
 * IPv4 and IPv6 addresses as numbers (BigInt, so IPv6's 128 bits fit), and CIDRs, as Neutron
 * reads them with netaddr. Pure: nothing here touches the database.
 */
export type IpVersion = 4 | 6;

/** An address: its version and its value. */
export interface IpAddress {
  version: IpVersion;
  value: bigint;
}

/** A CIDR: the first and last address of the block, and its prefix length. */
export interface Cidr {
  version: IpVersion;
  first: bigint;
  last: bigint;
  prefixlen: number;
}

/** An inclusive range of addresses (an allocation pool, a free block). */
export interface IpRange {
  version: IpVersion;
  first: bigint;
  last: bigint;
}

export const bitsOf = (version: IpVersion): number => (version === 4 ? 32 : 128);

function parseIpv6(text: string): bigint {
  let head = text;
  // An embedded IPv4 tail (::ffff:1.2.3.4) stands for the last two groups.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const v4 = parseIp(tail[1])!.value;
    head = `${text.slice(0, -tail[1].length)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, null];
  const leftGroups = left ? left.split(':') : [];
  const rightGroups = right ? right.split(':') : [];
  const zeros = Array<string>(8 - leftGroups.length - rightGroups.length).fill('0');
  const groups = right === null ? leftGroups : [...leftGroups, ...zeros, ...rightGroups];
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}

/** An address from its text, or null when it is none (an IPv4 octet with a leading zero is none). */
export function parseIp(text: string): IpAddress | null {
  if (isIPv4(text)) {
    return { version: 4, value: text.split('.').reduce((value, octet) => (value << 8n) | BigInt(octet), 0n) };
  }
  if (isIPv6(text) && !text.includes('%')) return { version: 6, value: parseIpv6(text) };
  return null;
}

/** The address as text: dotted IPv4, or compact IPv6 (RFC 5952, as netaddr's ipv6_compact). */
export function formatIp(version: IpVersion, value: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { start: -1, length: 1 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (best.start < 0) return hex.join(':');
  const left = hex.slice(0, best.start).join(':');
  const right = hex.slice(best.start + best.length).join(':');
  return `${left}::${right}`;
}

/** The canonical text of an address (IPv6 compacted, IPv4 as given); text that is no address is kept. */
export function canonicalIp(text: string): string {
  const ip = parseIp(text);
  return ip ? formatIp(ip.version, ip.value) : text;
}

function mask(version: IpVersion, prefixlen: number): bigint {
  const width = BigInt(bitsOf(version));
  return ((1n << width) - 1n) ^ ((1n << (width - BigInt(prefixlen))) - 1n);
}

/** The block `value/prefixlen` belongs to. */
export function cidrOf(version: IpVersion, value: bigint, prefixlen: number): Cidr {
  const first = value & mask(version, prefixlen);
  const size = 1n << BigInt(bitsOf(version) - prefixlen);
  return { version, first, last: first + size - 1n, prefixlen };
}

/** A CIDR from `address/prefixlen` (host bits dropped), or null when the text is none. */
export function parseCidr(text: string): Cidr | null {
  const parts = text.split('/');
  if (parts.length !== 2 || !/^\d+$/.test(parts[1])) return null;
  const ip = parseIp(parts[0]);
  const prefixlen = Number(parts[1]);
  if (!ip || prefixlen > bitsOf(ip.version)) return null;
  return cidrOf(ip.version, ip.value, prefixlen);
}

/** The CIDR as Neutron stores it: the network address and the prefix length. */
export function formatCidr(cidr: Cidr): string {
  return `${formatIp(cidr.version, cidr.first)}/${cidr.prefixlen}`;
}

/** A CIDR in its canonical form (`10.0.0.5/24` -> `10.0.0.0/24`); text that is none is kept. */
export function canonicalCidr(text: string): string {
  const cidr = parseCidr(text);
  return cidr ? formatCidr(cidr) : text;
}

export function cidrContains(cidr: Cidr | IpRange, ip: IpAddress): boolean {
  return cidr.version === ip.version && ip.value >= cidr.first && ip.value <= cidr.last;
}

export function rangesOverlap(a: IpRange, b: IpRange): boolean {
  return a.version === b.version && a.first <= b.last && b.first <= a.last;
}

/** netaddr's `str(IPRange)`: `first-last`. */
export function formatRange(range: IpRange): string {
  return `${formatIp(range.version, range.first)}-${formatIp(range.version, range.last)}`;
}

/** Whether the block is multicast (224.0.0.0/4, ff00::/8). */
export function isMulticast(cidr: Cidr | IpRange): boolean {
  const multicast = cidr.version === 4 ? parseCidr('224.0.0.0/4')! : parseCidr('ff00::/8')!;
  return cidr.first >= multicast.first && cidr.last <= multicast.last;
}

/** Whether the block is loopback (127.0.0.0/8, ::1). */
export function isLoopback(cidr: Cidr | IpRange): boolean {
  const loopback = cidr.version === 4 ? parseCidr('127.0.0.0/8')! : parseCidr('::1/128')!;
  return cidr.first >= loopback.first && cidr.last <= loopback.last;
}

/**
 * The CIDRs that exactly cover a range, in address order (netaddr's `iter_cidrs` of an IPSet):
 * at each step the largest aligned block that starts there and stays inside.
 */
export function rangeToCidrs(range: IpRange): Cidr[] {
  const cidrs: Cidr[] = [];
  const bits = bitsOf(range.version);
  let start = range.first;
  while (start <= range.last) {
    let prefixlen = bits;
    while (prefixlen > 0) {
      const wider = cidrOf(range.version, start, prefixlen - 1);
      if (wider.first !== start || wider.last > range.last) break;
      prefixlen--;
    }
    const cidr = cidrOf(range.version, start, prefixlen);
    cidrs.push(cidr);
    start = cidr.last + 1n;
  }
  return cidrs;
}

/** The union of ranges, merged and in order (adjacent ones joined). */
export function mergeRanges(ranges: IpRange[]): IpRange[] {
  const sorted = [...ranges].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const merged: IpRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.first <= last.last + 1n) {
      if (range.last > last.last) last.last = range.last;
    } else {
      merged.push({ ...range });
    }
  }
  return merged;
}

/** What is left of `ranges` once `removed` is taken out. */
export function subtractRanges(ranges: IpRange[], removed: IpRange[]): IpRange[] {
  let left = mergeRanges(ranges);
  for (const cut of mergeRanges(removed)) {
    left = left.flatMap((range) => {
      if (cut.last < range.first || cut.first > range.last) return [range];
      const pieces: IpRange[] = [];
      if (cut.first > range.first) pieces.push({ ...range, last: cut.first - 1n });
      if (cut.last < range.last) pieces.push({ ...range, first: cut.last + 1n });
      return pieces;
    });
  }
  return left;
}
