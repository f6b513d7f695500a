import { ipVersionOf, netmaskOf, networkAddressOf } from './ip-networks.js';
import type { MetadataPort, MetadataSubnet } from './metadata-source.js';

/** `network_data.json`: the guest's links (NICs), the networks on them and the DNS servers. */
export interface NetworkData {
  links: NetworkLink[];
  networks: GuestNetwork[];
  services: DnsService[];
}

export interface NetworkLink {
  id: string;
  vif_id: string;
  type: string;
  mtu: number | null;
  ethernet_mac_address: string;
}

export interface DnsService {
  type: 'dns';
  address: string;
}

export interface GuestRoute {
  network: string;
  netmask: string;
  gateway: string;
}

export type GuestNetwork =
  | { id: string; type: string; link: string; network_id: string }
  | {
      id: string;
      type: string;
      link: string;
      ip_address: string;
      netmask: string;
      routes: GuestRoute[];
      network_id: string;
      services: DnsService[];
    };

/** VIF types Nova shows as they are; every other one is a `phy` link (`LEGACY_EXPOSED_VIF_TYPES`). */
const EXPOSED_VIF_TYPES = new Set(['bridge', 'dvs', 'hw_veb', 'hyperv', 'ovs', 'tap', 'vhostuser', 'vif']);

/** The addresses a port has on one subnet, the subnet known or not. */
interface PortSubnet {
  version: 4 | 6;
  addresses: string[];
  subnet: MetadataSubnet | null;
}

/** A port's subnets in the order of its fixed IPs, each with the port's addresses on it. */
function subnetsOf(port: MetadataPort): PortSubnet[] {
  const bySubnet = new Map<string, PortSubnet>();
  for (const fixed of port.fixedIps) {
    const known = bySubnet.get(fixed.subnetId);
    if (known) known.addresses.push(fixed.address);
    else
      bySubnet.set(fixed.subnetId, {
        version: ipVersionOf(fixed.address),
        addresses: [fixed.address],
        subnet: fixed.subnet,
      });
  }
  return [...bySubnet.values()];
}

/**
 * Whether a DHCP server configures the guest on this subnet. Nova asks whether Neutron has a
 * DHCP port on the subnet; Stratus's network service makes one exactly when DHCP is enabled. A
 * subnet we know nothing of (the config drive knows only the addresses) is left to DHCP too.
 */
const usesDhcp = (subnet: MetadataSubnet | null): boolean => subnet === null || subnet.enableDhcp;

const dnsServicesOf = (subnet: MetadataSubnet | null): DnsService[] =>
  (subnet?.dnsNameservers ?? []).map((address) => ({ type: 'dns', address }));

function routesOf(version: 4 | 6, subnet: MetadataSubnet): GuestRoute[] {
  const routes: GuestRoute[] = [];
  if (subnet.gatewayIp) {
    const any = version === 4 ? '0.0.0.0' : '::';
    routes.push({ network: any, netmask: any, gateway: subnet.gatewayIp });
  }
  for (const route of subnet.hostRoutes) {
    routes.push({
      network: networkAddressOf(route.destination),
      netmask: netmaskOf(route.destination),
      gateway: route.nexthop,
    });
  }
  return routes;
}

/** Nova's `_get_nets`: a static network (with its routes and DNS), or one DHCP configures. */
function guestNetworkOf(port: MetadataPort, on: PortSubnet, id: string, link: string): GuestNetwork {
  const { subnet, version } = on;
  if (subnet === null || (subnet.ipv6AddressMode === null && usesDhcp(subnet))) {
    return { id, type: `ipv${version}_dhcp`, link, network_id: port.networkId };
  }
  const mode = subnet.ipv6AddressMode === null ? '' : `_${subnet.ipv6AddressMode}`;
  return {
    id,
    type: `ipv${version}${mode}`,
    link,
    ip_address: on.addresses[0],
    netmask: netmaskOf(subnet.cidr),
    routes: routesOf(version, subnet),
    network_id: port.networkId,
    services: dnsServicesOf(subnet),
  };
}

/**
 * Nova's `get_network_metadata`: a link per port that has addresses, a network for the first
 * IPv4 and the first IPv6 subnet of each, and the DNS servers of them all. Null when the instance
 * has no ports (the file is then `{}`).
 */
export function networkDataOf(ports: readonly MetadataPort[]): NetworkData | null {
  if (ports.length === 0) return null;
  const links: NetworkLink[] = [];
  const networks: GuestNetwork[] = [];
  const services: DnsService[] = [];
  for (const port of ports) {
    const subnets = subnetsOf(port);
    if (subnets.length === 0) continue;
    const link: NetworkLink = {
      id: port.devName || `interface${links.length}`,
      vif_id: port.id,
      type: EXPOSED_VIF_TYPES.has(port.vifType) ? port.vifType : 'phy',
      // A DHCP server gives the guest its MTU, so Nova leaves it out then.
      mtu: subnets.some((on) => usesDhcp(on.subnet)) ? null : port.mtu,
      ethernet_mac_address: port.macAddress,
    };
    links.push(link);
    for (const version of [4, 6] as const) {
      const first = subnets.find((on) => on.version === version);
      if (!first) continue;
      networks.push(guestNetworkOf(port, first, `network${networks.length}`, link.id));
      for (const dns of dnsServicesOf(first.subnet)) {
        if (!services.some((known) => known.address === dns.address)) services.push(dns);
      }
    }
  }
  return { links, networks, services };
}
