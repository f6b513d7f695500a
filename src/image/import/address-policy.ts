import { BlockList, isIP } from 'node:net';

/**
 * IPv4 blocks that are not globally reachable (IANA's special-purpose address registry): this
 * network, private (RFC 1918), shared (carrier-grade NAT), loopback, link-local (cloud metadata
 * lives at 169.254.169.254), protocol assignments, documentation, 6to4 relays, benchmarking,
 * multicast, and the reserved block with the broadcast address.
 */
const NON_GLOBAL_IPV4: Array<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

/** Global unicast IPv6 is 2000::/3; everything else (loopback, unspecified, unique-local
 * fc00::/7, link-local, multicast, discard...) is not globally reachable. */
const GLOBAL_UNICAST_IPV6: [string, number] = ['2000::', 3];
/** Parts of 2000::/3 that are not global either: protocol assignments (Teredo among them),
 * documentation, 6to4 (which tunnels to any IPv4 address). */
const NON_GLOBAL_IN_UNICAST_IPV6: Array<[string, number]> = [
  ['2001::', 23],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['3fff::', 20],
];

const nonGlobalIpv4 = blockList(NON_GLOBAL_IPV4, 'ipv4');
const globalUnicastIpv6 = blockList([GLOBAL_UNICAST_IPV6], 'ipv6');
const nonGlobalInUnicastIpv6 = blockList(NON_GLOBAL_IN_UNICAST_IPV6, 'ipv6');

function blockList(subnets: Array<[string, number]>, type: 'ipv4' | 'ipv6'): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of subnets) list.addSubnet(network, prefix, type);
  return list;
}

/**
 * Which addresses a server-side download may connect to: globally reachable ones, and those in
 * the networks an operator allowed (e.g. a mirror on the cloud's own private network).
 */
export class AddressPolicy {
  private readonly allowed = new BlockList();

  /** @param allowedNetworks CIDRs (`10.1.0.0/16`, `fd00::/8`) or single addresses. */
  constructor(allowedNetworks: readonly string[]) {
    for (const network of allowedNetworks) {
      const [address, prefix, extra] = network.trim().split('/');
      const family = isIP(address);
      const limit = family === 6 ? 128 : 32;
      const bits = prefix === undefined ? limit : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
      if (family === 0 || extra !== undefined || !(bits <= limit)) {
        throw new Error(`invalid network in image.web_download.allowed_networks: ${network}`);
      }
      this.allowed.addSubnet(address, bits, family === 6 ? 'ipv6' : 'ipv4');
    }
  }

  /** Whether a download may connect to `address` (an IP address, as DNS answered). */
  permits(address: string): boolean {
    const bare = address.split('%')[0]; // an IPv6 zone index names an interface, not an address
    const family = isIP(bare);
    if (family === 0) return false;
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (this.allowed.check(bare, type)) return true;
    const embedded = family === 6 ? embeddedIpv4(bare) : null;
    if (embedded !== null)
      return this.allowed.check(embedded, 'ipv4') || !nonGlobalIpv4.check(embedded, 'ipv4');
    if (family === 4) return !nonGlobalIpv4.check(bare, 'ipv4');
    return globalUnicastIpv6.check(bare, 'ipv6') && !nonGlobalInUnicastIpv6.check(bare, 'ipv6');
  }
}

/**
 * The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::/96) IPv6
 * address, which reach that IPv4 address and are judged as it is; null for other addresses.
 */
function embeddedIpv4(address: string): string | null {
  const words = ipv6Words(address);
  const prefix = words
    .slice(0, 6)
    .map((word) => word.toString(16))
    .join(':');
  if (prefix !== '0:0:0:0:0:ffff' && prefix !== '64:ff9b:0:0:0:0') return null;
  return [words[6] >> 8, words[6] & 0xff, words[7] >> 8, words[7] & 0xff].join('.');
}

/** The eight 16-bit words of a valid IPv6 address (as `isIP` accepts it). */
function ipv6Words(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parse = (part: string | undefined) => (part ? part.split(':').map((word) => parseInt(word, 16)) : []);
  const front = parse(head);
  const back = parse(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}
