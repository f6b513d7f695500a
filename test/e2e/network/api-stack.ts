import { execFileSync } from 'node:child_process';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import type { ServerExternalEvent } from '../../../src/common/clients/compute-events-client.js';
import { NetworkAgent } from '../../../src/network/agent/network-agent.js';
import { tapName } from '../../../src/network/drivers/device-names.js';
import { LinuxNetworkDriver } from '../../../src/network/drivers/linux/linux-network-driver.js';
import { networkTestApp, type NetworkTestApp } from '../../helpers/network-app.js';
import { hostLeftovers } from './host-leftovers.js';
import { InstanceNamespace } from './instance-namespace.js';
import { MetadataStandIn } from './metadata-stand-in.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API bodies, read field by field
type Json = Record<string, any>;

/** A /24 of 198.18.0.0/15 (RFC 2544, for tests) that no address of the host is in. */
function freeTestSubnet(): string {
  const inUse = execFileSync('ip', ['-o', 'address', 'show'], { encoding: 'utf8' });
  for (;;) {
    const prefix = `198.${randomInt(18, 20)}.${randomInt(0, 256)}`;
    if (!inUse.includes(` ${prefix}.`)) return `${prefix}.0/24`;
  }
}

/** A project's network, subnet and router (gateway on `public`, an interface on the subnet), made through the API. */
export interface ApiProject {
  caller: string;
  network: Json;
  subnet: Json;
  router: Json;
}

/** An instance: its port as the API returned it, and the namespace standing in for the VM. */
export interface ApiInstance {
  port: Json;
  ip: string;
  vm: InstanceNamespace;
  /** `performance.now()` just before `POST /ports`. */
  postedAt: number;
  /** From `POST /ports` to the port ACTIVE in the API. */
  activeMs: number;
}

/** What a port is created with: its security groups, a fixed address of the subnet. */
export interface PortOptions {
  securityGroups?: string[];
  ipAddress?: string;
}

/**
 * The whole network stack on this host, for one test: the network service in process (behind
 * inject), a network agent converging a Linux driver of its own (owner tag, state directory,
 * VNI range) with the routers' metadata forwarders, the metadata proxy in front of a stand-in
 * for compute's metadata service, and the external flat `public` network made by the admin
 * through the API with its gateway on the host's bridge. Users' API calls make the agent wire the host; `close` tears it
 * all down and reports what the host still has of it.
 */
export class ApiStack {
  /** The events the agent sent compute (network-vif-plugged). */
  readonly events: ServerExternalEvent[] = [];
  /** What the agent logged at warn level and above: a working stack logs nothing. */
  readonly agentLog: string[] = [];
  readonly host: string;
  readonly publicCidr = freeTestSubnet();
  readonly publicGateway = this.publicCidr.replace(/0\/24$/, '1');
  publicNetworkId = '';
  private readonly instanceNamespaces: InstanceNamespace[] = [];
  private agent: NetworkAgent | null = null;
  private metadata: MetadataStandIn | null = null;

  private constructor(
    readonly net: NetworkTestApp,
    readonly owner: string,
    private readonly stateDir: string,
  ) {
    this.host = `e2e-${owner}`;
  }

  static async start(): Promise<ApiStack> {
    const owner = `a${randomBytes(3).toString('hex')}`;
    const stateDir = await mkdtemp(join(tmpdir(), 'stratus-api-dataplane-'));
    await chmod(stateDir, 0o755); // dnsmasq reads its files as nobody
    // VNIs of their own, so VXLAN devices never meet those of another test or cloud on the host.
    const vniMin = randomInt(100_000, 16_000_000);
    const net = await networkTestApp({
      configure: (config) => {
        config.network.vni_ranges = { min: vniMin, max: vniMin + 99 };
      },
    });
    const stack = new ApiStack(net, owner, stateDir);
    try {
      await stack.startAgent();
      await stack.createPublicNetwork();
    } catch (error) {
      await stack.close();
      throw error;
    }
    return stack;
  }

  private async startAgent(): Promise<void> {
    this.metadata = await MetadataStandIn.start(this.net.deps, this.stateDir);
    const log = pino({ level: 'warn' }, { write: (line: string) => void this.agentLog.push(line.trim()) });
    this.agent = new NetworkAgent({
      host: this.host,
      driver: new LinuxNetworkDriver({ stateDir: this.stateDir, owner: this.owner }),
      deps: this.net.deps,
      changes: this.net.deps.changes,
      notify: async (events) => {
        this.events.push(...events);
      },
      logger: log,
      // As the service runs it (src/network/index.ts).
      resyncIntervalMs: 30_000,
      devicePollMs: 500,
      hostBridgedPhysicalNetworks: ['public'],
      reportIntervalSeconds: 60,
      // The all-in-one host: DHCP servers and routers run here too.
      networkNode: true,
      metadata: this.metadata.forwarding,
    });
    await this.agent.start();
  }

  /** The external flat network on physical network `public`, its gateway (.1) on the host, as the admin makes it. */
  private async createPublicNetwork(): Promise<void> {
    const { network } = await this.net.json('POST', '/networks', 201, {
      caller: 'admin',
      body: {
        network: {
          name: 'public',
          'router:external': true,
          'provider:network_type': 'flat',
          'provider:physical_network': 'public',
        },
      },
    });
    await this.net.json('POST', '/subnets', 201, {
      caller: 'admin',
      body: {
        subnet: {
          name: 'public-subnet',
          network_id: network.id,
          ip_version: 4,
          cidr: this.publicCidr,
          gateway_ip: this.publicGateway,
          enable_dhcp: false,
        },
      },
    });
    this.publicNetworkId = network.id;
  }

  /** Waits for a sync that starts after now (what a change triggers anyway). */
  sync(): Promise<void> {
    return this.agent!.sync();
  }

  /** A project's network, DHCP subnet and router to `public`, as its member makes them. */
  async createProject(caller: string, cidr = '10.0.0.0/24'): Promise<ApiProject> {
    const { network } = await this.net.json('POST', '/networks', 201, {
      caller,
      body: { network: { name: `${caller}-net` } },
    });
    const { subnet } = await this.net.json('POST', '/subnets', 201, {
      caller,
      body: { subnet: { name: `${caller}-subnet`, network_id: network.id, ip_version: 4, cidr } },
    });
    const { router } = await this.net.json('POST', '/routers', 201, {
      caller,
      body: {
        router: { name: `${caller}-router`, external_gateway_info: { network_id: this.publicNetworkId } },
      },
    });
    await this.net.json('PUT', `/routers/${router.id}/add_router_interface`, 200, {
      caller,
      body: { subnet_id: subnet.id },
    });
    return { caller, network, subnet, router };
  }

  /** A security group of the caller's with `rules` added to the egress rules a new group has. */
  async createSecurityGroup(caller: string, name: string, rules: Json[] = []): Promise<string> {
    const { security_group: group } = await this.net.json('POST', '/security-groups', 201, {
      caller,
      body: { security_group: { name } },
    });
    for (const rule of rules) await this.addRule(caller, group.id, rule);
    return group.id;
  }

  /** Adds a rule to a group; returns the rule's id. */
  async addRule(caller: string, groupId: string, rule: Json): Promise<string> {
    const { security_group_rule: created } = await this.net.json('POST', '/security-group-rules', 201, {
      caller,
      body: { security_group_rule: { security_group_id: groupId, ...rule } },
    });
    return created.id;
  }

  /**
   * As Nova does before spawning: the user's port on the project's network, then (as the
   * service) bound to this host for a new instance. Returns the port and when `POST /ports` began.
   */
  async createBoundPort(
    project: ApiProject,
    options: PortOptions = {},
  ): Promise<{ port: Json; postedAt: number }> {
    const postedAt = performance.now();
    const { port } = await this.net.json('POST', '/ports', 201, {
      caller: project.caller,
      body: {
        port: {
          network_id: project.network.id,
          ...(options.securityGroups ? { security_groups: options.securityGroups } : {}),
          ...(options.ipAddress
            ? { fixed_ips: [{ subnet_id: project.subnet.id, ip_address: options.ipAddress }] }
            : {}),
        },
      },
    });
    const { port: bound } = await this.net.json('PUT', `/ports/${port.id}`, 200, {
      caller: 'admin',
      body: {
        port: { 'binding:host_id': this.host, device_owner: 'compute:nova', device_id: randomUUID() },
      },
    });
    return { port: bound, postedAt };
  }

  /** The hypervisor's part: the instance's TAP appears; then (as Nova waits for network-vif-plugged) the port goes ACTIVE. */
  async plug(port: Json, postedAt: number): Promise<ApiInstance> {
    const vm = await InstanceNamespace.create(tapName(port.id), port.mac_address);
    this.instanceNamespaces.push(vm);
    await this.waitForPortStatus(port.id, 'ACTIVE');
    return { port, ip: port.fixed_ips[0].ip_address, vm, postedAt, activeMs: performance.now() - postedAt };
  }

  /** An instance of the project: its port made, bound and plugged, ACTIVE. */
  async boot(project: ApiProject, options: PortOptions = {}): Promise<ApiInstance> {
    const { port, postedAt } = await this.createBoundPort(project, options);
    return this.plug(port, postedAt);
  }

  async portStatus(portId: string): Promise<string> {
    const { port } = await this.net.json('GET', `/ports/${portId}`, 200, { caller: 'admin' });
    return port.status;
  }

  /** Polls the API until the port has `status`. */
  async waitForPortStatus(portId: string, status: string, timeoutMs = 15_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    let current = await this.portStatus(portId);
    while (current !== status) {
      if (performance.now() > deadline)
        throw new Error(
          `port ${portId} is ${current}, not ${status}, after ${timeoutMs} ms; agent log: ${this.agentLog.join('\n')}`,
        );
      await sleep(10);
      current = await this.portStatus(portId);
    }
  }

  /** A floating IP of `public` for the instance's port, as the project's member makes it. */
  async createFloatingIp(project: ApiProject, instance: ApiInstance): Promise<Json> {
    const { floatingip } = await this.net.json('POST', '/floatingips', 201, {
      caller: project.caller,
      body: { floatingip: { floating_network_id: this.publicNetworkId, port_id: instance.port.id } },
    });
    return floatingip;
  }

  /**
   * Stops the agent with a teardown, removes the instances' namespaces, the service and the state
   * directory, each even when another step failed; returns what the host still has of the stack.
   */
  async close(): Promise<string[]> {
    const failures: unknown[] = [];
    const step = async (action: () => Promise<unknown>) => {
      try {
        await action();
      } catch (error) {
        failures.push(error);
      }
    };
    // The agent first: its teardown unplugs the TAPs (their firewall chains) while they still exist.
    if (this.agent) await step(() => this.agent!.stop({ teardown: true }));
    if (this.metadata) await step(() => this.metadata!.close());
    for (const vm of this.instanceNamespaces) await step(() => vm.destroy());
    await step(() => this.net.close());
    await step(() => rm(this.stateDir, { recursive: true, force: true }));
    if (failures.length > 0) throw new AggregateError(failures, 'the stack did not close cleanly');
    return hostLeftovers({
      owner: this.owner,
      stateDir: this.stateDir,
      instanceNamespaces: this.instanceNamespaces.map((vm) => vm.namespace),
    });
  }
}
