import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import {
  bridgeName,
  dhcpDeviceName,
  dhcpNamespace,
  routerGatewayName,
  routerInterfaceName,
  routerNamespace,
} from '../device-names.js';
import { DeviceNotFound, InvalidSpec, NetworkNotWired } from '../errors.js';
import type {
  DhcpSpec,
  ManagedResources,
  NetworkDriver,
  NetworkSpec,
  PortSpec,
  RouterSpec,
} from '../network-driver.js';
import { routerNatRules, type NatRule } from '../router-nat.js';
import { uplinkOf, type Uplink } from '../uplink.js';
import { checkDhcpSpec, checkNetworkSpec, checkPortSpec, checkRouterSpec } from '../spec-checks.js';

export interface FakeNetworkDriverOptions {
  /** Physical network name -> host interface, for flat and VLAN networks (as the linux driver's). */
  physicalInterfaceMappings?: Record<string, string>;
  /**
   * When true, `ensurePort` needs its device made first with `createDevice`, as a real host needs
   * the instance's TAP; by default every device is taken to exist (the fake hypervisor makes none).
   */
  checkDevices?: boolean;
}

/** A wired network: its bridge and the device that carries it off the host (null: none). */
export interface FakeNetwork {
  spec: NetworkSpec;
  bridge: string;
  uplink: Uplink | null;
}

/** A running DHCP server: its namespace, its device there and what it serves. */
export interface FakeDhcpServer {
  spec: DhcpSpec;
  namespace: string;
  device: string;
}

/** A router: its namespace, the devices in it and its address translations. */
export interface FakeRouter {
  spec: RouterSpec;
  namespace: string;
  devices: string[];
  natRules: NatRule[];
}

/** A plugged port: the bridge its device is in, and whether it is filtered. */
export interface FakePort {
  spec: PortSpec;
  bridge: string;
  filtered: boolean;
}

/** Everything the fake host holds, as the agent's unit tests inspect it. */
export interface FakeNetworkHost {
  /** Devices the hypervisor made (with `checkDevices`). */
  devices: Set<string>;
  networks: Map<string, FakeNetwork>;
  dhcpServers: Map<string, FakeDhcpServer>;
  routers: Map<string, FakeRouter>;
  ports: Map<string, FakePort>;
}

const sorted = (ids: Iterable<string>) => [...ids].sort();

/**
 * An in-memory data plane for one host: it records the bridges, DHCP servers (with their hosts),
 * routers (with their NAT rules) and port filters that the real driver would make, checks specs
 * as the real one does, and fails as it does when something it depends on is missing. Agent unit
 * tests run against it and assert what would be on the host through `host`.
 */
export class FakeNetworkDriver implements NetworkDriver {
  /** The host as it stands; read it, do not change it. */
  readonly host: FakeNetworkHost = {
    devices: new Set(),
    networks: new Map(),
    dhcpServers: new Map(),
    routers: new Map(),
    ports: new Map(),
  };
  private readonly mappings: Record<string, string>;
  private readonly checkDevices: boolean;
  private readonly deviceWatchers = new Set<() => void>();

  constructor(options: FakeNetworkDriverOptions = {}) {
    this.mappings = options.physicalInterfaceMappings ?? {};
    this.checkDevices = options.checkDevices ?? false;
  }

  /** A device appears on the host (the hypervisor made an instance's TAP). */
  createDevice(name: string): void {
    this.host.devices.add(name);
    for (const watcher of this.deviceWatchers) watcher();
  }

  /** A device disappears from the host (the instance is gone); a port plugged with it stays recorded, as on Linux. */
  removeDevice(name: string): void {
    this.host.devices.delete(name);
    for (const watcher of this.deviceWatchers) watcher();
  }

  watchDevices(onChange: () => void): () => void {
    this.deviceWatchers.add(onChange);
    return () => this.deviceWatchers.delete(onChange);
  }

  async setup(): Promise<void> {}

  async ensureNetwork(spec: NetworkSpec): Promise<void> {
    checkNetworkSpec(spec);
    this.host.networks.set(spec.id, {
      spec: structuredClone(spec),
      bridge: bridgeName(spec.id),
      uplink: uplinkOf(spec, this.mappings),
    });
  }

  async deleteNetwork(networkId: string): Promise<void> {
    this.host.networks.delete(networkId);
  }

  async ensureDhcp(spec: DhcpSpec): Promise<void> {
    checkDhcpSpec(spec);
    this.requireNetwork(spec.networkId);
    this.host.dhcpServers.set(spec.networkId, {
      spec: structuredClone(spec),
      namespace: dhcpNamespace(spec.networkId),
      device: dhcpDeviceName(spec.port.id),
    });
  }

  async deleteDhcp(networkId: string): Promise<void> {
    this.host.dhcpServers.delete(networkId);
  }

  async ensureRouter(spec: RouterSpec): Promise<void> {
    checkRouterSpec(spec);
    for (const leg of spec.interfaces) this.requireNetwork(leg.networkId);
    if (spec.gateway) this.requireNetwork(spec.gateway.networkId);
    const devices = spec.interfaces.map((leg) => routerInterfaceName(leg.portId));
    if (spec.gateway) devices.push(routerGatewayName(spec.gateway.portId));
    this.host.routers.set(spec.id, {
      spec: structuredClone(spec),
      namespace: routerNamespace(spec.id),
      devices,
      natRules: routerNatRules(spec),
    });
  }

  async deleteRouter(routerId: string): Promise<void> {
    this.host.routers.delete(routerId);
  }

  async ensurePort(spec: PortSpec): Promise<void> {
    checkPortSpec(spec);
    const network = this.requireNetwork(spec.networkId);
    if (this.checkDevices && !this.host.devices.has(spec.devName)) throw new DeviceNotFound(spec.devName);
    this.host.ports.set(spec.id, {
      spec: structuredClone(spec),
      bridge: network.bridge,
      filtered: spec.portSecurityEnabled,
    });
  }

  async deletePort(portId: string): Promise<void> {
    this.host.ports.delete(portId);
  }

  async listManaged(): Promise<ManagedResources> {
    return {
      networks: sorted(this.host.networks.keys()),
      dhcp: sorted(this.host.dhcpServers.keys()),
      routers: sorted(this.host.routers.keys()),
      ports: sorted(this.host.ports.keys()),
    };
  }

  async teardown(): Promise<void> {
    this.host.networks.clear();
    this.host.dhcpServers.clear();
    this.host.routers.clear();
    this.host.ports.clear();
  }

  /** The fake has no namespaces: the process runs on the host, where a test can still talk to it. */
  spawnInRouter(routerId: string, argv: readonly string[], options: SpawnOptions = {}): ChildProcess {
    if (!this.host.routers.has(routerId)) throw new InvalidSpec(`Router ${routerId} is not on this host`);
    return spawn(argv[0], argv.slice(1), options);
  }

  private requireNetwork(networkId: string): FakeNetwork {
    const network = this.host.networks.get(networkId);
    if (!network) throw new NetworkNotWired(networkId);
    return network;
  }
}
