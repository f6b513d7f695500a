import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { HostNotReady } from '../errors.js';
import type {
  DhcpSpec,
  ManagedResources,
  NetworkDriver,
  NetworkSpec,
  PortSpec,
  RouterSpec,
} from '../network-driver.js';
import { ChildProcessRunner, type CommandRunner } from './command-runner.js';
import { deleteDhcp, ensureDhcp } from './dhcp-wiring.js';
import { HostFirewall } from './host-firewall.js';
import { linuxDriverSettings, type LinuxNetworkDriverOptions } from './linux-options.js';
import { monitorTapDevices } from './link-monitor.js';
import { listManaged, teardown } from './managed-resources.js';
import { deleteNetwork, ensureNetwork, type WiringContext } from './network-wiring.js';
import { deletePort, ensurePort } from './port-wiring.js';
import { deleteRouter, ensureRouter, spawnInRouter } from './router-wiring.js';

/** The tools the driver runs, and the Debian package of each. */
const tools = [
  { argv: ['ip', '-V'], package: 'iproute2' },
  { argv: ['bridge', '-V'], package: 'iproute2' },
  { argv: ['dnsmasq', '--version'], package: 'dnsmasq-base' },
  // dhcp_release has no option that exits 0; `which` (debianutils) is on every Debian system.
  { argv: ['which', 'dhcp_release'], package: 'dnsmasq-utils' },
  { argv: ['iptables-restore', '--version'], package: 'iptables' },
  { argv: ['ip6tables-restore', '--version'], package: 'iptables' },
];

/**
 * The data plane on a real Linux host, as Neutron's Linux bridge, DHCP and L3 agents build it:
 * iproute2 for bridges, VXLAN and VLAN devices, veth pairs and namespaces; one dnsmasq per
 * network; iptables (Debian's, on nf_tables) for security groups and router NAT. Needs root.
 *
 * Firewall: iptables rather than native nftables because security groups must be stateful per
 * TAP on bridged traffic: nftables' bridge family tracks connections only with the kernel's
 * nf_conntrack_bridge (not built in every kernel, this CI's included), and nftables cannot match
 * the bridge port of traffic that br_netfilter passes through the IP hooks; iptables' physdev
 * match can, which is how Neutron's iptables firewall works. Changes go through iptables-restore,
 * one transaction per change.
 *
 * Operations run one at a time: they share the host's firewall chains.
 */
export class LinuxNetworkDriver implements NetworkDriver {
  private readonly context: WiringContext;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: LinuxNetworkDriverOptions) {
    const runner: CommandRunner = options.runner ?? new ChildProcessRunner();
    const settings = linuxDriverSettings(options);
    this.context = { runner, settings, firewall: new HostFirewall(runner, settings.owner) };
  }

  setup(): Promise<void> {
    return this.serially(async () => {
      const { runner } = this.context;
      for (const tool of tools) {
        const result = await runner.run(tool.argv, { allowFailure: true }).catch(() => null);
        if (result?.exitCode !== 0)
          throw new HostNotReady(`${tool.argv[0]} does not run: install Debian's ${tool.package} package`);
      }
      // Bridged traffic reaches iptables only through br_netfilter (each bridge then opts in).
      const netfilter = await runner.run(['test', '-d', '/proc/sys/net/bridge'], { allowFailure: true });
      if (netfilter.exitCode !== 0) {
        await runner.run(['modprobe', 'br_netfilter'], { allowFailure: true });
        const retry = await runner.run(['test', '-d', '/proc/sys/net/bridge'], { allowFailure: true });
        if (retry.exitCode !== 0)
          throw new HostNotReady(
            'The kernel has no br_netfilter: security groups cannot filter bridged traffic',
          );
      }
      await mkdir(join(this.context.settings.stateDir, 'dhcp'), { recursive: true, mode: 0o755 });
      await this.context.firewall.setup();
    });
  }

  ensureNetwork(spec: NetworkSpec): Promise<void> {
    return this.serially(() => ensureNetwork(this.context, spec));
  }

  deleteNetwork(networkId: string): Promise<void> {
    return this.serially(() => deleteNetwork(this.context, networkId));
  }

  ensureDhcp(spec: DhcpSpec): Promise<void> {
    return this.serially(() => ensureDhcp(this.context, spec));
  }

  deleteDhcp(networkId: string): Promise<void> {
    return this.serially(() => deleteDhcp(this.context, networkId));
  }

  ensureRouter(spec: RouterSpec): Promise<void> {
    return this.serially(() => ensureRouter(this.context, spec));
  }

  deleteRouter(routerId: string): Promise<void> {
    return this.serially(() => deleteRouter(this.context, routerId));
  }

  ensurePort(spec: PortSpec): Promise<void> {
    return this.serially(() => ensurePort(this.context, spec));
  }

  deletePort(portId: string): Promise<void> {
    return this.serially(() => deletePort(this.context, portId));
  }

  watchDevices(onChange: () => void): () => void {
    return monitorTapDevices(onChange);
  }

  listManaged(): Promise<ManagedResources> {
    return this.serially(() => listManaged(this.context));
  }

  teardown(): Promise<void> {
    return this.serially(() => teardown(this.context));
  }

  spawnInRouter(routerId: string, argv: readonly string[], options?: SpawnOptions): ChildProcess {
    return spawnInRouter(this.context.runner, routerId, argv, options);
  }

  private serially<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => {});
    return result;
  }
}
