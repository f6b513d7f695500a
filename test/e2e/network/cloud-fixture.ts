import { execFileSync } from 'node:child_process';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LinuxNetworkDriver } from '../../../src/network/drivers/linux/linux-network-driver.js';
import type {
  DhcpSpec,
  NetworkSpec,
  PortSpec,
  RouterSpec,
  SecurityGroupRuleSpec,
} from '../../../src/network/drivers/network-driver.js';
import { dhcpSpec, ipv4Subnet, networkSpec, portSpec, routerLeg } from '../../contract/network/fixtures.js';
import { InstanceNamespace } from './instance-namespace.js';

/** A /24 of 198.18.0.0/15 (RFC 2544, for tests) that no address of the host is in. */
function freeTestSubnet(): string {
  const inUse = execFileSync('ip', ['-o', 'address', 'show'], { encoding: 'utf8' });
  for (;;) {
    const prefix = `198.${randomInt(18, 20)}.${randomInt(0, 256)}`;
    if (!inUse.includes(` ${prefix}.`)) return `${prefix}.0/24`;
  }
}

/**
 * A driver of its own (owner tag and state directory) with an external `public` network whose
 * gateway address is on the host (like DevStack's br-ex), for one test file. `close` tears it all
 * down, whatever the tests left.
 */
export class TestCloud {
  readonly publicSubnet = ipv4Subnet(freeTestSubnet());
  readonly publicNetwork: NetworkSpec;
  private nextPublicHost = 10;

  private constructor(
    readonly driver: LinuxNetworkDriver,
    private readonly stateDir: string,
  ) {
    this.publicNetwork = networkSpec({
      networkType: 'flat',
      segmentationId: null,
      physicalNetwork: 'public',
      mtu: 1500,
      hostAddresses: [`${this.publicSubnet.gateway}/${this.publicSubnet.prefixlen}`],
    });
  }

  static async start(): Promise<TestCloud> {
    const stateDir = await mkdtemp(join(tmpdir(), 'stratus-dataplane-'));
    await chmod(stateDir, 0o755); // dnsmasq reads its files as nobody
    const driver = new LinuxNetworkDriver({ stateDir, owner: `t${randomBytes(3).toString('hex')}` });
    const cloud = new TestCloud(driver, stateDir);
    try {
      await driver.setup();
      await driver.ensureNetwork(cloud.publicNetwork);
    } catch (error) {
      await cloud.close();
      throw error;
    }
    return cloud;
  }

  /** An address of the public subnet no one has yet (router gateways, floating IPs). */
  publicAddress(): string {
    return this.publicSubnet.host(this.nextPublicHost++);
  }

  async close(): Promise<void> {
    try {
      await this.driver.teardown();
    } finally {
      await rm(this.stateDir, { recursive: true, force: true });
    }
  }
}

/** One instance of a project: its port and the namespace standing in for the VM. */
export interface TestInstance {
  port: PortSpec;
  vm: InstanceNamespace;
}

/**
 * A project's self-service network (one IPv4 subnet, DHCP at .2) with a router (.1) whose gateway
 * is on the cloud's public network, and instances. `destroy` removes all of it.
 */
export class TestProject {
  readonly network = networkSpec();
  readonly subnet;
  readonly dhcp: DhcpSpec;
  readonly router: RouterSpec;
  readonly instances: TestInstance[] = [];

  constructor(
    private readonly cloud: TestCloud,
    cidr = '10.0.0.0/24',
  ) {
    this.subnet = ipv4Subnet(cidr);
    this.dhcp = dhcpSpec(this.network, cidr);
    const gatewayIp = cloud.publicAddress();
    const { publicSubnet, publicNetwork } = cloud;
    this.router = {
      id: randomUUID(),
      interfaces: [routerLeg(this.network, this.subnet.gateway, this.subnet.prefixlen)],
      gateway: {
        ...routerLeg(publicNetwork, gatewayIp, publicSubnet.prefixlen),
        gatewayIps: [publicSubnet.gateway],
        enableSnat: true,
      },
      floatingIps: [],
      routes: [],
      metadata: null,
    };
  }

  get driver() {
    return this.cloud.driver;
  }

  /** The network, its DHCP server and the router. */
  async wire(): Promise<void> {
    await this.driver.ensureNetwork(this.network);
    await this.driver.ensureDhcp(this.dhcp);
    await this.driver.ensureRouter(this.router);
  }

  /** An instance at `.host`: its VM is made, its DHCP entry added and its port plugged. */
  async addInstance(host: number, rules?: SecurityGroupRuleSpec[]): Promise<TestInstance> {
    const ip = this.subnet.host(host);
    const port = portSpec(
      this.network,
      ip,
      this.subnet.prefixlen,
      rules ? { securityGroupRules: rules } : {},
    );
    const vm = await InstanceNamespace.create(port.devName, port.mac);
    const instance = { port, vm };
    this.instances.push(instance);
    this.dhcp.hosts.push({ mac: port.mac, ip, hostname: `host-${ip.replaceAll('.', '-')}` });
    await this.driver.ensureDhcp(this.dhcp);
    await this.driver.ensurePort(port);
    return instance;
  }

  /** Gives an instance a floating IP on the public network, and returns it. */
  async addFloatingIp(instance: TestInstance): Promise<string> {
    const floatingIp = this.cloud.publicAddress();
    this.router.floatingIps.push({ floatingIp, fixedIp: instance.port.fixedIps[0].ip });
    await this.driver.ensureRouter(this.router);
    return floatingIp;
  }

  async destroy(): Promise<void> {
    for (const { port, vm } of this.instances) {
      await this.driver.deletePort(port.id);
      await vm.destroy();
    }
    await this.driver.deleteRouter(this.router.id);
    await this.driver.deleteDhcp(this.network.id);
    await this.driver.deleteNetwork(this.network.id);
  }
}
