import { formatAddress, ipv4Netmask, networkOf, parseAddress, parseCidr } from '../ip-cidr.js';
import type { DhcpSpec, DhcpSubnetSpec } from '../network-driver.js';

/** Where a network's dnsmasq keeps its files. */
export interface DnsmasqPaths {
  hosts: string;
  opts: string;
  leases: string;
  pid: string;
}

/** The tag of the subnet at `index`, which its range sets and its options match. */
const subnetTag = (index: number) => `subnet-${index}`;

/** Whether dnsmasq answers DHCP on a subnet at all (Neutron: not on SLAAC-only IPv6 subnets). */
const servesDhcp = (subnet: DhcpSubnetSpec) =>
  subnet.enableDhcp && !(subnet.ipVersion === 6 && subnet.ipv6AddressMode === 'slaac');

/** Whether dnsmasq hands out addresses from its hosts file on a subnet. */
const servesAddresses = (subnet: DhcpSubnetSpec) =>
  subnet.enableDhcp &&
  (subnet.ipVersion === 4 || subnet.ipv6AddressMode === 'dhcpv6-stateful' || subnet.ipv6AddressMode === null);

/** dnsmasq's `--dhcp-range` mode of an IPv6 subnet: addresses from the hosts file, or router advertisements only. */
function ipv6Mode(subnet: DhcpSubnetSpec): string {
  if (subnet.ipv6AddressMode === 'slaac') return 'slaac';
  if (subnet.ipv6AddressMode === 'dhcpv6-stateless') return 'ra-stateless';
  return 'static';
}

function containing(subnets: DhcpSubnetSpec[], ip: string): DhcpSubnetSpec | undefined {
  const address = parseAddress(ip);
  return subnets.find((subnet) => {
    const cidr = parseCidr(subnet.cidr);
    return (
      cidr.version === address.version &&
      networkOf({ ...address, prefixlen: cidr.prefixlen }).address === networkOf(cidr).address
    );
  });
}

/** The `--dhcp-hostsfile`: `mac,hostname[.domain],ip` per host on a subnet where dnsmasq gives addresses. */
export function dhcpHostsFile(spec: DhcpSpec): string {
  const lines = spec.hosts.flatMap((host) => {
    const subnet = containing(spec.subnets, host.ip);
    if (!subnet || !servesAddresses(subnet)) return [];
    const name = spec.dnsDomain ? `${host.hostname}.${spec.dnsDomain}` : host.hostname;
    const ip = subnet.ipVersion === 6 ? `[${host.ip}]` : host.ip;
    return [`${host.mac.toLowerCase()},${name},${ip}`];
  });
  return lines.map((line) => `${line}\n`).join('');
}

/** The `--dhcp-optsfile`: per subnet, its router, DNS servers and routes (Neutron's options). */
export function dhcpOptsFile(spec: DhcpSpec): string {
  const lines: string[] = [];
  spec.subnets.forEach((subnet, index) => {
    if (!servesDhcp(subnet)) return;
    const tag = `tag:${subnetTag(index)}`;
    if (subnet.ipVersion === 6) {
      if (subnet.dnsNameservers.length > 0)
        lines.push(
          `${tag},option6:dns-server,${subnet.dnsNameservers.map((server) => `[${server}]`).join(',')}`,
        );
      if (spec.dnsDomain) lines.push(`${tag},option6:domain-search,${spec.dnsDomain}`);
      return;
    }
    if (subnet.dnsNameservers.length > 0)
      lines.push(`${tag},option:dns-server,${subnet.dnsNameservers.join(',')}`);
    let gateway = subnet.gatewayIp;
    const routes: string[] = [];
    // The network's other IPv4 subnets are on the same link.
    for (const other of spec.subnets)
      if (other !== subnet && other.ipVersion === 4) routes.push(`${other.cidr},0.0.0.0`);
    for (const route of subnet.hostRoutes) {
      if (parseCidr(route.destination).prefixlen === 0) gateway ??= route.nexthop;
      else routes.push(`${route.destination},${route.nexthop}`);
    }
    if (routes.length > 0) {
      // A client that takes classless routes ignores the router option: the default route goes with them.
      if (gateway) routes.push(`0.0.0.0/0,${gateway}`);
      lines.push(`${tag},option:classless-static-route,${routes.join(',')}`);
      lines.push(`${tag},249,${routes.join(',')}`);
    }
    lines.push(gateway ? `${tag},option:router,${gateway}` : `${tag},option:router`);
  });
  return lines.map((line) => `${line}\n`).join('');
}

/**
 * dnsmasq's command line for a network: DHCP only (`--port=0`, no DNS), on the DHCP port's
 * device, one static range per subnet (fixed hosts only, none handed out from a pool), files
 * that a SIGHUP re-reads. Anything here changing means a restart; the files changing, a SIGHUP.
 */
export function dnsmasqArguments(
  spec: DhcpSpec,
  device: string,
  paths: DnsmasqPaths,
  leaseSeconds: number,
): string[] {
  const args = [
    '--no-hosts',
    '--no-resolv',
    '--port=0',
    `--pid-file=${paths.pid}`,
    `--dhcp-hostsfile=${paths.hosts}`,
    `--dhcp-optsfile=${paths.opts}`,
    `--dhcp-leasefile=${paths.leases}`,
    `--interface=${device}`,
    '--bind-dynamic',
    '--conf-file=/dev/null',
  ];
  let possibleLeases = 0n;
  let ipv6 = false;
  spec.subnets.forEach((subnet, index) => {
    if (!subnet.enableDhcp) return;
    const cidr = networkOf(parseCidr(subnet.cidr));
    const network = formatAddress(cidr.version, cidr.address);
    const lease = `${leaseSeconds}s`;
    if (subnet.ipVersion === 4) {
      args.push(
        `--dhcp-range=set:${subnetTag(index)},${network},static,${ipv4Netmask(cidr.prefixlen)},${lease}`,
      );
      possibleLeases += 1n << BigInt(32 - cidr.prefixlen);
    } else if (cidr.prefixlen >= 64) {
      // dnsmasq does not serve IPv6 prefixes shorter than /64 (nor does Neutron ask it to).
      args.push(
        `--dhcp-range=set:${subnetTag(index)},${network},${ipv6Mode(subnet)},${cidr.prefixlen},${lease}`,
      );
      possibleLeases += 1n << BigInt(Math.min(128 - cidr.prefixlen, 24));
      ipv6 = true;
    }
  });
  if (ipv6) {
    // Router advertisements for SLAAC and the DHCPv6 flags, with a router lifetime of 0: the DHCP
    // port announces prefixes but is never anyone's default router.
    args.push('--enable-ra', `--ra-param=${device},0,0`);
  }
  args.push(`--dhcp-option-force=option:mtu,${spec.mtu}`);
  args.push(`--dhcp-lease-max=${possibleLeases < 16777216n ? possibleLeases : 16777216n}`);
  if (spec.dnsDomain) args.push(`--domain=${spec.dnsDomain}`);
  return args;
}
