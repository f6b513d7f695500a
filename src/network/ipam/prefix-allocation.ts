import {
  bitsOf,
  cidrOf,
  formatCidr,
  mergeRanges,
  parseCidr,
  rangeToCidrs,
  subtractRanges,
  type Cidr,
  type IpRange,
} from './ip-address.js';

/**
 * Subnet pool arithmetic (neutron/ipam/subnet_alloc.py), pure: which prefixes are free, and
 * which CIDR a subnet of a given size or a given CIDR takes from them.
 */

const toRanges = (cidrs: string[]): IpRange[] =>
  cidrs.map((text) => {
    const cidr = parseCidr(text)!;
    return { version: cidr.version, first: cidr.first, last: cidr.last };
  });

/** A pool's prefixes as Neutron stores them: overlapping and adjacent ones merged, as CIDRs. */
export function compactPrefixes(prefixes: string[]): string[] {
  return mergeRanges(toRanges(prefixes)).flatMap(rangeToCidrs).map(formatCidr);
}

/** Whether every address of `inner` is in `outer` (IPSet.issubset). */
export function prefixesCover(outer: string[], inner: string[]): boolean {
  return subtractRanges(toRanges(inner), toRanges(outer)).length === 0;
}

const size = (ranges: IpRange[]): bigint =>
  ranges.reduce((sum, range) => sum + range.last - range.first + 1n, 0n);

/** Whether two lists of prefixes share an address (an IPSet intersection). */
export function prefixesIntersect(left: string[], right: string[]): boolean {
  const own = mergeRanges(toRanges(left));
  return size(subtractRanges(own, toRanges(right))) !== size(own);
}

/**
 * The free blocks of a pool (its prefixes less the CIDRs its subnets hold), smallest first,
 * as _get_available_prefix_list sorts them (so small holes fill before big ones are cut).
 */
export function availablePrefixes(prefixes: string[], allocated: string[]): Cidr[] {
  const free = subtractRanges(toRanges(prefixes), toRanges(allocated)).flatMap(rangeToCidrs);
  return free
    .map((cidr, index) => ({ cidr, index }))
    .sort((a, b) => b.cidr.prefixlen - a.cidr.prefixlen || a.index - b.index)
    .map(({ cidr }) => cidr);
}

/** The first free CIDR of this prefix length, or null when no free block is big enough. */
export function allocateAnyPrefix(prefixes: string[], allocated: string[], prefixlen: number): string | null {
  for (const block of availablePrefixes(prefixes, allocated)) {
    if (prefixlen >= block.prefixlen && prefixlen <= bitsOf(block.version)) {
      return formatCidr(cidrOf(block.version, block.first, prefixlen));
    }
  }
  return null;
}

/** Whether this CIDR lies wholly in one free block of the pool. */
export function specificPrefixAvailable(prefixes: string[], allocated: string[], cidrText: string): boolean {
  const wanted = parseCidr(cidrText)!;
  return availablePrefixes(prefixes, allocated).some(
    (block) => block.version === wanted.version && block.first <= wanted.first && wanted.last <= block.last,
  );
}
