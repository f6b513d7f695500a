import type { ChildProcess, SpawnOptions } from 'node:child_process';

/** How a network reaches beyond this host (Neutron's provider network types). */
export type NetworkType = 'flat' | 'vxlan' | 'vlan' | 'local';

/** An address of a port on one of its subnets: `10.0.0.5` with prefix length 24. */
export interface FixedIp {
  ip: string;
  prefixlen: number;
}

/** A network as this host wires it: a Linux bridge, plus the device that carries it off the host. */
export interface NetworkSpec {
  id: string;
  mtu: number;
  networkType: NetworkType;
  /** The VXLAN VNI or VLAN id; null for flat and local networks. */
  segmentationId: number | null;
  /** The physical network name of flat and VLAN networks, looked up in the driver's interface mappings. */
  physicalNetwork: string | null;
  /**
   * CIDRs put on the bridge itself (`172.24.4.1/24`): the all-in-one `public` network's gateway on
   * the host, like DevStack's br-ex, so the host reaches floating IPs. Usually empty.
   */
  hostAddresses: string[];
}

export interface HostRoute {
  destination: string;
  nexthop: string;
}

/** Neutron's `ipv6_address_mode`: how instances get their IPv6 addresses on a subnet. */
export type Ipv6AddressMode = 'slaac' | 'dhcpv6-stateful' | 'dhcpv6-stateless';

export interface DhcpSubnetSpec {
  cidr: string;
  ipVersion: 4 | 6;
  gatewayIp: string | null;
  dnsNameservers: string[];
  hostRoutes: HostRoute[];
  ipv6AddressMode: Ipv6AddressMode | null;
  enableDhcp: boolean;
}

/** A fixed lease: the port with this MAC gets this address and host name. */
export interface DhcpHostSpec {
  mac: string;
  ip: string;
  hostname: string;
}

/** The DHCP server of one network: its own port on the network, and whom it answers. */
export interface DhcpSpec {
  networkId: string;
  mtu: number;
  port: { id: string; mac: string; fixedIps: FixedIp[] };
  subnets: DhcpSubnetSpec[];
  hosts: DhcpHostSpec[];
  /** Appended to host names when set (`openstacklocal`). */
  dnsDomain: string | null;
}

/** One leg of a router on a network (a `network:router_interface` port). */
export interface RouterInterfaceSpec {
  portId: string;
  mac: string;
  networkId: string;
  fixedIps: FixedIp[];
  mtu: number;
}

/** The router's leg on the external network (a `network:router_gateway` port). */
export interface RouterGatewaySpec extends RouterInterfaceSpec {
  /** The external subnets' gateways: the router's default routes. */
  gatewayIps: string[];
  /** Translate the internal subnets' traffic to the gateway address on its way out. */
  enableSnat: boolean;
}

/** A floating IP associated with a fixed IP behind the router (1:1 NAT both ways). */
export interface FloatingIpSpec {
  floatingIp: string;
  fixedIp: string;
}

/** Where HTTP to 169.254.169.254:80 arriving from the router's internal networks is redirected. */
export interface RouterMetadataSpec {
  /** A TCP port inside the router's namespace, where the metadata proxy listens. */
  port: number;
}

export interface RouterSpec {
  id: string;
  interfaces: RouterInterfaceSpec[];
  gateway: RouterGatewaySpec | null;
  floatingIps: FloatingIpSpec[];
  /** Neutron's extra routes. */
  routes: HostRoute[];
  metadata: RouterMetadataSpec | null;
}

/**
 * A security group rule, already resolved by the agent: a remote group has become the prefixes
 * of its members' addresses.
 */
export interface SecurityGroupRuleSpec {
  direction: 'ingress' | 'egress';
  ethertype: 'IPv4' | 'IPv6';
  /** A protocol name (`tcp`, `icmp`, `ipv6-icmp`...) or number as a string; null for any. */
  protocol: string | null;
  /** Port range of TCP, UDP, SCTP...; for ICMP, the type (min) and code (max). */
  portRangeMin: number | null;
  portRangeMax: number | null;
  /** Peer prefixes: null matches any address, an empty list matches none (a remote group without members). */
  remoteIpPrefixes: string[] | null;
}

/** An extra address a port may send from (Neutron's allowed address pairs). */
export interface AllowedAddressPair {
  /** An address or a CIDR. */
  ipAddress: string;
  macAddress: string;
}

/** An instance's port on this host, whose device (the TAP) the hypervisor or a test made. */
export interface PortSpec {
  id: string;
  /** The TAP device: `tap` + the first 11 characters of the port id. */
  devName: string;
  mac: string;
  networkId: string;
  fixedIps: FixedIp[];
  /** False: no filtering at all (no anti-spoofing, no security groups). */
  portSecurityEnabled: boolean;
  allowedAddressPairs: AllowedAddressPair[];
  securityGroupRules: SecurityGroupRuleSpec[];
}

/** What a driver made on this host and still finds there, by id, each list sorted. */
export interface ManagedResources {
  networks: string[];
  /** Network ids that have a DHCP server. */
  dhcp: string[];
  routers: string[];
  ports: string[];
}

/**
 * The data plane of one host, as the network agent drives it (what Neutron's Linux bridge, DHCP
 * and L3 agents do). The agent is desired-state: it computes what each network, DHCP server,
 * router and port must look like and calls `ensure*`, which converges the host to the spec:
 * calling it twice with the same spec changes nothing, calling it with a changed spec changes
 * what differs. `delete*` of something absent is not an error.
 *
 * Every method may reject with a `NetworkDriverError` subclass (see `errors.ts`). The driver only
 * ever touches what it made (bridges, namespaces, processes, rules, found by its names and owner
 * tag): never the host's own interfaces, addresses or routes; nothing it makes routes traffic
 * off the machine unless the driver's options say so.
 */
export interface NetworkDriver {
  /**
   * Prepares the host once before anything else: checks the tools and kernel features it needs
   * and installs its host-wide pieces (base firewall chains). Idempotent; safe after a restart,
   * when it leaves what earlier runs made in place for `ensure*` or `teardown` to handle.
   */
  setup(): Promise<void>;

  /** The network's bridge (and VXLAN, VLAN or physical device) exists, is up, with the spec's MTU and host addresses. */
  ensureNetwork(spec: NetworkSpec): Promise<void>;

  /**
   * Removes the network's bridge and the devices the driver made for it (never a physical
   * interface). Ports, DHCP servers and router legs on it lose their link; delete them first.
   */
  deleteNetwork(networkId: string): Promise<void>;

  /**
   * The network's DHCP server runs with the spec's subnets, options and fixed hosts; a change of
   * hosts or options reaches the running server without a restart. Rejects with
   * `NetworkNotWired` when `ensureNetwork` did not come first.
   */
  ensureDhcp(spec: DhcpSpec): Promise<void>;

  /** Stops the network's DHCP server and removes its namespace, port and files. */
  deleteDhcp(networkId: string): Promise<void>;

  /**
   * The router's namespace exists with exactly the spec's interfaces, gateway, routes, NAT
   * (SNAT, floating IPs) and metadata redirect; forwarding is on inside it. Rejects with
   * `NetworkNotWired` when a network it connects to has no bridge.
   */
  ensureRouter(spec: RouterSpec): Promise<void>;

  /** Removes the router's namespace, its legs in the bridges and any process running in it. */
  deleteRouter(routerId: string): Promise<void>;

  /**
   * Plugs an existing device into its network: the firewall (anti-spoofing and security groups,
   * stateful, default deny ingress) is in force before the device joins the bridge, then it is
   * enslaved, given the network's MTU and set up. Rejects with `DeviceNotFound` when the device
   * does not exist and `NetworkNotWired` when its network has no bridge.
   */
  ensurePort(spec: PortSpec): Promise<void>;

  /** Removes the port's firewall and unplugs its device from the bridge (the device itself stays, it is not ours). */
  deletePort(portId: string): Promise<void>;

  /** What this driver made and finds on the host now (for the agent's resync: delete what is no longer wanted). */
  listManaged(): Promise<ManagedResources>;

  /**
   * Calls `onChange` whenever a device appears on the host or goes (a hypervisor made or removed
   * an instance's TAP, say when a guest restarts), as Neutron's agent polls its devices: a new
   * TAP must join its bridge before the guest asks for DHCP. Returns how to stop watching.
   */
  watchDevices(onChange: () => void): () => void;

  /** Removes every bridge, namespace, process, file and rule this driver made (`stratus down`, a clean stop). */
  teardown(): Promise<void>;

  /**
   * Starts a process inside the router's namespace (the metadata proxy, listening on the port of
   * the router's `metadata` spec); the router must be on this host (after `ensureRouter`). The
   * process ends with `deleteRouter` or `teardown` at the latest. The fake driver, having no
   * namespaces, runs it on the host.
   */
  spawnInRouter(routerId: string, argv: readonly string[], options?: SpawnOptions): ChildProcess;
}
