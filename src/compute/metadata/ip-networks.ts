import { isIPv6 } from 'node:net';

/**
 * The few address computations `network_data.json` needs (netaddr's `netmask` and `network`),
 * on IPv4 and IPv6 alike, with addresses as 32- or 128-bit integers.
 */

const bitsOf = (address: string): number => (isIPv6(address) ? 128 : 32);

function ipv4ToInteger(address: string): bigint {
  return address.split('.').reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6ToInteger(address: string): bigint {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const groupsOf = (part: string | undefined) => (part ? part.split(':') : []);
  const headGroups = groupsOf(head);
  const tailGroups = groupsOf(tail);
  const zeros = tail === undefined ? [] : Array(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].reduce(
    (value, group) => (value << 16n) | BigInt(parseInt(group, 16)),
    0n,
  );
}

function integerToAddress(value: bigint, bits: number): string {
  if (bits === 32) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  const groups = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  // The URL parser writes IPv6 hosts in RFC 5952's shortest form, as netaddr does.
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

function parseCidr(cidr: string): { address: bigint; prefix: number; bits: number } {
  const [address, prefix] = cidr.split('/');
  const bits = bitsOf(address);
  return {
    address: bits === 128 ? ipv6ToInteger(address) : ipv4ToInteger(address),
    prefix: prefix === undefined ? bits : Number(prefix),
    bits,
  };
}

const maskOf = (prefix: number, bits: number): bigint =>
  ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n);

/** The netmask of a CIDR: `255.255.255.0` for a /24, `ffff:ffff:ffff:ffff::` for a /64. */
export function netmaskOf(cidr: string): string {
  const { prefix, bits } = parseCidr(cidr);
  return integerToAddress(maskOf(prefix, bits), bits);
}

/** The network address of a CIDR: `10.0.0.0` for `10.0.0.7/24`. */
export function networkAddressOf(cidr: string): string {
  const { address, prefix, bits } = parseCidr(cidr);
  return integerToAddress(address & maskOf(prefix, bits), bits);
}

/** 4 or 6. */
export const ipVersionOf = (address: string): 4 | 6 => (isIPv6(address) ? 6 : 4);
