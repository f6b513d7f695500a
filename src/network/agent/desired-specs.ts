import type { ApiRecord } from '../api/engine/definition.js';
import { tapName } from '../drivers/device-names.js';
import type {
  DhcpSpec,
  FixedIp,
  NetworkSpec,
  NetworkType,
  PortSpec,
  RouterInterfaceSpec,
  RouterSpec,
  SecurityGroupRuleSpec,
} from '../drivers/network-driver.js';
import { resolvePortRules } from '../security-groups/resolve-port-rules.js';
import type { SecurityGroupRuleRecord } from '../security-groups/resolved-rule.js';
import type { Inventory } from './inventory.js';

/** What one host must look like: the specs the agent hands its driver. */
export interface DesiredState {
  networks: NetworkSpec[];
  dhcp: DhcpSpec[];
  routers: RouterSpec[];
  ports: PortSpec[];
}

interface FixedIpRecord {
  subnet_id: string;
  ip_address: string;
}

/** Physical networks whose bridge carries the subnet gateways on the host itself (DevStack's br-ex). */
export interface DesiredStateOptions {
  host: string;
  /**
   * Other compute hosts whose instances run on this machine (an all-in-one cloud's extra QEMU
   * hosts): their ports are wired here too, on the one data plane the machine has.
   */
  sameMachineHosts?: readonly string[];
  hostBridgedPhysicalNetworks: readonly string[];
  /** The port in each router's namespace where the metadata forwarder listens; null: no metadata. */
  metadataPort?: number | null;
  /**
   * Whether this host is the network node (Neutron's DHCP and L3 agents run here): it serves
   * every network's DHCP and every router. Other hosts only wire their own instances' ports.
   */
  networkNode: boolean;
}

const isInstancePort = (port: ApiRecord) => String(port.device_owner ?? '').startsWith('compute:');
const ownedBy = (owner: string) => (port: ApiRecord) => port.device_owner === owner;

/** Neutron's default host name for an address without a DNS name: `host-10-0-0-5`. */
export function defaultHostname(ip: string): string {
  return `host-${ip.replace(/[.:]/g, '-')}`;
}

/**
 * Computes, from the API's records, what the host must wire (what Neutron's Linux bridge, DHCP
 * and L3 agents each compute from the server's RPC answers): a bridge per network with subnets
 * or ports here, a DHCP server per network with a DHCP port, every router with its legs, NAT
 * and routes, and every instance port bound to this host with its resolved security rules.
 */
export function desiredState(inventory: Inventory, options: DesiredStateOptions): DesiredState {
  const subnets = new Map(inventory.subnets.map((subnet) => [subnet.id, subnet]));
  const networks = new Map(inventory.networks.map((network) => [network.id, network]));
  const fixedIps = (port: ApiRecord): FixedIp[] =>
    ((port.fixed_ips as FixedIpRecord[] | undefined) ?? []).flatMap((fixed) => {
      const subnet = subnets.get(fixed.subnet_id);
      return subnet ? [{ ip: fixed.ip_address, prefixlen: Number(String(subnet.cidr).split('/')[1]) }] : [];
    });
  const mtuOf = (networkId: string) => Number(networks.get(networkId)?.mtu ?? 1500);

  const wiredHosts = new Set([options.host, ...(options.sameMachineHosts ?? [])]);
  const hostPorts = inventory.ports.filter(
    (port) => isInstancePort(port) && wiredHosts.has(String(port['binding:host_id'])),
  );
  const wiredNetworkIds = new Set([
    ...(options.networkNode ? inventory.subnets.map((subnet) => subnet.network_id as string) : []),
    ...hostPorts.map((port) => port.network_id as string),
  ]);

  const networkSpecs: NetworkSpec[] = [...wiredNetworkIds].flatMap((id) => {
    const network = networks.get(id);
    if (!network) return [];
    const physnet = (network['provider:physical_network'] as string | null) ?? null;
    const hostBridged =
      network['router:external'] === true &&
      physnet !== null &&
      options.hostBridgedPhysicalNetworks.includes(physnet);
    return [
      {
        id,
        mtu: mtuOf(id),
        networkType: network['provider:network_type'] as NetworkType,
        segmentationId: (network['provider:segmentation_id'] as number | null) ?? null,
        physicalNetwork: physnet,
        hostAddresses: hostBridged
          ? inventory.subnets
              .filter((subnet) => subnet.network_id === id && subnet.gateway_ip && subnet.ip_version === 4)
              .map((subnet) => `${subnet.gateway_ip}/${String(subnet.cidr).split('/')[1]}`)
          : [],
      },
    ];
  });

  const dhcpPorts = options.networkNode ? inventory.ports.filter(ownedBy('network:dhcp')) : [];
  const dhcpSpecs: DhcpSpec[] = dhcpPorts.flatMap((dhcpPort) => {
    const networkId = dhcpPort.network_id as string;
    const network = networks.get(networkId);
    if (!network) return [];
    const networkSubnets = inventory.subnets.filter((subnet) => subnet.network_id === networkId);
    if (!networkSubnets.some((subnet) => subnet.enable_dhcp)) return [];
    const hosts = inventory.ports
      .filter((port) => port.network_id === networkId && port.id !== dhcpPort.id)
      .flatMap((port) =>
        ((port.fixed_ips as FixedIpRecord[] | undefined) ?? []).map((fixed) => ({
          mac: port.mac_address as string,
          ip: fixed.ip_address,
          hostname: defaultHostname(fixed.ip_address),
        })),
      );
    return [
      {
        networkId,
        mtu: mtuOf(networkId),
        port: { id: dhcpPort.id, mac: dhcpPort.mac_address as string, fixedIps: fixedIps(dhcpPort) },
        subnets: networkSubnets.map((subnet) => ({
          cidr: subnet.cidr as string,
          ipVersion: subnet.ip_version as 4 | 6,
          gatewayIp: (subnet.gateway_ip as string | null) ?? null,
          dnsNameservers: (subnet.dns_nameservers as string[] | undefined) ?? [],
          hostRoutes: (subnet.host_routes as { destination: string; nexthop: string }[] | undefined) ?? [],
          ipv6AddressMode:
            (subnet.ipv6_address_mode as DhcpSpec['subnets'][number]['ipv6AddressMode']) ?? null,
          enableDhcp: subnet.enable_dhcp === true,
        })),
        hosts,
        dnsDomain: 'openstacklocal',
      },
    ];
  });

  const leg = (port: ApiRecord): RouterInterfaceSpec => ({
    portId: port.id,
    mac: port.mac_address as string,
    networkId: port.network_id as string,
    fixedIps: fixedIps(port),
    mtu: mtuOf(port.network_id as string),
  });
  const routerSpecs: RouterSpec[] = inventory.routers
    .filter((router) => options.networkNode && router.admin_state_up !== false)
    .map((router) => {
      const legs = inventory.ports.filter((port) => port.device_id === router.id);
      const gatewayPort = legs.find(ownedBy('network:router_gateway'));
      const gatewayInfo = router.external_gateway_info as { enable_snat?: boolean } | null;
      return {
        id: router.id,
        interfaces: legs.filter(ownedBy('network:router_interface')).map(leg),
        gateway: gatewayPort
          ? {
              ...leg(gatewayPort),
              gatewayIps: ((gatewayPort.fixed_ips as FixedIpRecord[] | undefined) ?? []).flatMap((fixed) => {
                const gateway = subnets.get(fixed.subnet_id)?.gateway_ip as string | null | undefined;
                return gateway ? [gateway] : [];
              }),
              enableSnat: gatewayInfo?.enable_snat !== false,
            }
          : null,
        floatingIps: inventory.floatingIps
          .filter((fip) => fip.router_id === router.id && fip.fixed_ip_address)
          .map((fip) => ({
            floatingIp: fip.floating_ip_address as string,
            fixedIp: fip.fixed_ip_address as string,
          })),
        routes: (router.routes as { destination: string; nexthop: string }[] | undefined) ?? [],
        metadata: options.metadataPort ? { port: options.metadataPort } : null,
      };
    });

  const members = groupMembers(inventory);
  const portSpecs: PortSpec[] = hostPorts.map((port) => ({
    id: port.id,
    devName: tapName(port.id),
    mac: port.mac_address as string,
    networkId: port.network_id as string,
    fixedIps: fixedIps(port),
    portSecurityEnabled: port.port_security_enabled !== false,
    allowedAddressPairs: (
      (port.allowed_address_pairs as { ip_address: string; mac_address?: string }[]) ?? []
    ).map((pair) => ({
      ipAddress: pair.ip_address,
      macAddress: pair.mac_address ?? (port.mac_address as string),
    })),
    securityGroupRules: portRules(inventory, members, port),
  }));

  return { networks: networkSpecs, dhcp: dhcpSpecs, routers: routerSpecs, ports: portSpecs };
}

/** The addresses of each security group's member ports (fixed IPs and allowed address pairs). */
function groupMembers(inventory: Inventory): Map<string, string[]> {
  const members = new Map<string, string[]>();
  for (const port of inventory.ports) {
    const addresses = [
      ...((port.fixed_ips as FixedIpRecord[] | undefined) ?? []).map((fixed) => fixed.ip_address),
      ...((port.allowed_address_pairs as { ip_address: string }[] | undefined) ?? []).map(
        (pair) => pair.ip_address,
      ),
    ];
    for (const group of (port.security_groups as string[] | undefined) ?? []) {
      members.set(group, [...(members.get(group) ?? []), ...addresses]);
    }
  }
  return members;
}

/** The port's security group rules, a remote group turned into its members' addresses. */
function portRules(
  inventory: Inventory,
  members: Map<string, string[]>,
  port: ApiRecord,
): SecurityGroupRuleSpec[] {
  if (port.port_security_enabled === false) return [];
  const rules = inventory.securityGroupRules as unknown as SecurityGroupRuleRecord[];
  return resolvePortRules((port.security_groups as string[] | undefined) ?? [], rules, members).map(
    (rule) => ({
      ...rule,
      protocol: rule.protocol === null ? null : String(rule.protocol),
    }),
  );
}
