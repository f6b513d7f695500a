/** Address arithmetic the network checks assert with: what an address must be, computed apart from the cloud. */

/** An IPv6 address as its eight 16-bit groups (so `fd00:77::1` and `fd00:77:0::1` compare equal). */
export function ipv6Groups(address: string): number[] {
  const [head, tail] = address.toLowerCase().split('::');
  const parse = (part: string | undefined) =>
    part ? part.split(':').map((group) => parseInt(group, 16)) : [];
  const front = parse(head);
  const back = parse(tail);
  if (tail === undefined) return front;
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/** The SLAAC (EUI-64) address of `mac` in a /64 `prefix` such as `fd00:77::/64` (RFC 4291 appendix A). */
export function eui64Address(prefix: string, mac: string): number[] {
  const network = ipv6Groups(prefix.split('/')[0]).slice(0, 4);
  const bytes = mac.split(':').map((byte) => parseInt(byte, 16));
  bytes[0] ^= 0x02;
  const id = [bytes[0], bytes[1], bytes[2], 0xff, 0xfe, bytes[3], bytes[4], bytes[5]];
  return [...network, ...[0, 2, 4, 6].map((i) => (id[i] << 8) | id[i + 1])];
}

export function sameIpv6(a: string, b: number[]): boolean {
  return ipv6Groups(a).join(':') === b.join(':');
}

/** Whether an IPv4 address is inside a CIDR such as `172.24.4.0/24`. */
export function inIpv4Cidr(address: string, cidr: string): boolean {
  const value = (ip: string) => ip.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const [network, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(value(address) / size) === Math.floor(value(network) / size);
}
