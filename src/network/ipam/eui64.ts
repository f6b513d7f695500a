import { parseCidr } from './ip-address.js';

/**
 * The SLAAC address a host with this MAC takes on an IPv6 /64 (oslo's get_ipv6_addr_by_EUI64):
 * the prefix, then the MAC with `ff:fe` in its middle and the universal/local bit flipped.
 */
export function eui64Address(prefix: string, mac: string): bigint {
  const network = parseCidr(prefix);
  if (!network || network.version !== 6) throw new Error(`${prefix} is not an IPv6 prefix`);
  const octets = mac.split(/[:-]/).map((octet) => BigInt(parseInt(octet, 16)));
  const eui = [...octets.slice(0, 3), 0xffn, 0xfen, ...octets.slice(3)].reduce(
    (value, octet) => (value << 8n) | octet,
    0n,
  );
  return network.first + (eui ^ (1n << 57n));
}
