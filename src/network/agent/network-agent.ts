import type { ChildProcess } from 'node:child_process';
import type { ServerExternalEvent } from '../../common/clients/compute-events-client.js';
import type { Logger } from '../../common/logging.js';
import type { NetworkDeps } from '../deps.js';
import type { NetworkDriver } from '../drivers/network-driver.js';
import { DeviceNotFound } from '../drivers/errors.js';
import { desiredState, type DesiredState } from './desired-specs.js';
import { ensureDhcpPorts } from './dhcp-ports.js';
import { readInventory } from './inventory.js';
import { markPortsActive, markPortsDown, type ChangedPort } from './port-status.js';
import { AGENT_KINDS, reportAgentState } from '../agents/agent-state.js';
import type { ChangeFeed } from './change-feed.js';

export interface NetworkAgentOptions {
  host: string;
  /** Compute hosts sharing this machine's data plane, whose ports this agent wires too. */
  sameMachineHosts?: readonly string[];
  driver: NetworkDriver;
  deps: NetworkDeps;
  changes: ChangeFeed;
  /** Tells compute a port is plugged or unplugged (Neutron's nova notifier). */
  notify: (events: ServerExternalEvent[]) => Promise<void>;
  logger: Logger;
  /** Full resync period, besides the resyncs that API changes trigger. */
  resyncIntervalMs: number;
  /** Retry period while a port's device does not exist yet (the hypervisor makes it). */
  devicePollMs: number;
  /** How long after a change of the API the agent syncs, the changes meanwhile included (default 0). */
  changeDelayMs?: number;
  /** Physical networks whose bridge carries its subnets' gateways on the host (the `public` br-ex). */
  hostBridgedPhysicalNetworks: readonly string[];
  /** Seconds between the agent's heartbeats (Neutron's `report_interval`). */
  reportIntervalSeconds: number;
  /** The network node runs the DHCP servers and routers of every network; other hosts only their ports. */
  networkNode: boolean;
  /** The metadata forwarders this agent runs in its routers' namespaces; null: none. */
  metadata?: MetadataForwarding | null;
}

/** How a router's metadata forwarder reaches the agent's metadata proxy. */
export interface MetadataForwarding {
  /** The port the forwarder listens on inside the namespace (the router redirects 169.254.169.254:80 there). */
  port: number;
  /** The unix socket of the metadata proxy. */
  socketPath: string;
  /** The forwarder's script (`namespace-forwarder.js`). */
  script: string;
}

/** What this agent does, as Neutron's agents list shows it: one agent of each kind on the host. */
const REPORTED_KINDS = [AGENT_KINDS.linuxBridge, AGENT_KINDS.dhcp, AGENT_KINDS.l3];

/**
 * The network agent of one host (Neutron's Linux bridge, DHCP and L3 agents in one): on every
 * change of the API, and periodically, it reads what the host must wire and converges the
 * driver to it, then marks the ports it plugged ACTIVE, and those whose device went away DOWN,
 * and tells compute. Syncs never overlap; changes during one make one more.
 */
export class NetworkAgent {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly forwarders = new Map<string, ChildProcess>();
  /**
   * The instance ports this agent plugged: unplugged (their firewall removed) once no longer
   * wanted, even when their device is already gone, which the driver's listing cannot see.
   */
  private readonly plugged = new Set<string>();
  /** The sync a change asked for, not started yet: the changes of a burst share it. */
  private changeTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: NetworkAgentOptions) {}

  async start(): Promise<void> {
    await this.options.driver.setup();
    await this.report(true);
    this.heartbeat = setInterval(() => {
      this.report(false).catch((error) =>
        this.options.logger.warn({ err: error }, 'network agent heartbeat failed'),
      );
    }, this.options.reportIntervalSeconds * 1000);
    this.heartbeat.unref();
    const unsubscribe = this.options.changes.subscribe(() => this.afterChange());
    // A TAP made or removed (a guest started, restarted or stopped) is a change to converge too.
    const unwatch = this.options.driver.watchDevices(() => this.afterChange());
    this.unsubscribe = () => {
      unsubscribe();
      unwatch();
    };
    await this.sync();
  }

  /** Registers (the first time after a start) or heartbeats each kind of agent this one is. */
  private async report(starting: boolean): Promise<void> {
    const { deps, host } = this.options;
    const kinds = this.options.networkNode ? REPORTED_KINDS : [AGENT_KINDS.linuxBridge];
    for (const kind of kinds) {
      await deps.db
        .transaction()
        .execute((trx) =>
          reportAgentState(trx, deps, { ...kind, host, start_flag: starting, configurations: {} }),
        );
    }
  }

  /**
   * A change of the API: a sync after `changeDelayMs`, which every change until then shares, so a
   * burst of creates costs a few syncs rather than one each (a sync reads the whole inventory).
   */
  private afterChange(): void {
    if (this.stopped || this.changeTimer) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = null;
      this.trigger();
    }, this.options.changeDelayMs ?? 0);
    this.changeTimer.unref();
  }

  /** Asks for a sync now (or right after the one running). */
  trigger(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.runLoop().finally(() => {
      this.running = null;
    });
  }

  /** Syncs now and waits for it (and for any sync already running). */
  async sync(): Promise<void> {
    this.trigger();
    while (this.running) await this.running;
  }

  private async runLoop(): Promise<void> {
    do {
      this.again = false;
      if (this.timer) clearTimeout(this.timer);
      let waitingForDevices = false;
      try {
        waitingForDevices = await this.syncOnce();
      } catch (error) {
        this.options.logger.error({ err: error }, 'network agent sync failed');
      }
      if (!this.stopped) {
        const delay = waitingForDevices ? this.options.devicePollMs : this.options.resyncIntervalMs;
        this.timer = setTimeout(() => this.trigger(), delay);
        this.timer.unref();
      }
    } while (this.again && !this.stopped);
  }

  /** One convergence; true when an instance port is to be tried again soon (no device yet, or a failure). */
  private async syncOnce(): Promise<boolean> {
    const { deps, host } = this.options;
    if (this.options.networkNode) await ensureDhcpPorts(deps, host);
    const inventory = await readInventory(deps.db, deps.now);
    const desired = desiredState(inventory, {
      host,
      sameMachineHosts: this.options.sameMachineHosts,
      hostBridgedPhysicalNetworks: this.options.hostBridgedPhysicalNetworks,
      metadataPort: this.options.metadata?.port ?? null,
      networkNode: this.options.networkNode,
    });
    const { wired, missing, retry } = await this.converge(desired);
    this.runForwarders(desired.routers.filter((router) => router.metadata).map((router) => router.id));
    const activated = await markPortsActive(deps, wired);
    const deactivated = await markPortsDown(deps, missing);
    // A device gone (the instance stopped): its filter goes too, as Neutron's agent removes it.
    for (const port of deactivated) await this.unplug(port.id);
    await this.tellCompute('network-vif-plugged', activated);
    await this.tellCompute('network-vif-unplugged', deactivated);
    return retry;
  }

  /** Sends compute one event per instance port (the network's own ports concern no instance). */
  private async tellCompute(
    name: 'network-vif-plugged' | 'network-vif-unplugged',
    ports: ChangedPort[],
  ): Promise<void> {
    const events = ports.flatMap((port) =>
      port.deviceId ? [{ name, server_uuid: port.deviceId, tag: port.id, status: 'completed' as const }] : [],
    );
    if (events.length === 0) return;
    await this.options
      .notify(events)
      .catch((error) => this.options.logger.warn({ err: error }, `could not tell compute: ${name}`));
  }

  /** Removes a port's wiring (its firewall, its device from the bridge when still there). */
  private async unplug(portId: string): Promise<void> {
    try {
      await this.options.driver.deletePort(portId);
      this.plugged.delete(portId);
    } catch (error) {
      this.options.logger.error({ err: error }, `network agent: unplug ${portId} failed`);
    }
  }

  /**
   * Converges the driver. Returns the ports wired, the instance ports whose device is not on the
   * host, and whether an instance port is to be tried again soon (no device yet, or a failure).
   */
  private async converge(
    desired: DesiredState,
  ): Promise<{ wired: string[]; missing: string[]; retry: boolean }> {
    const { driver, logger } = this.options;
    const attempt = async (
      what: string,
      action: () => Promise<void>,
    ): Promise<'done' | 'no device' | 'failed'> => {
      try {
        await action();
        return 'done';
      } catch (error) {
        if (error instanceof DeviceNotFound) return 'no device';
        logger.error({ err: error }, `network agent: ${what} failed`);
        return 'failed';
      }
    };
    for (const spec of desired.networks)
      await attempt(`network ${spec.id}`, () => driver.ensureNetwork(spec));
    // Ports go ACTIVE once what they belong to is wired: a DHCP server, a router's legs, an instance's TAP.
    const wired: string[] = [];
    for (const spec of desired.dhcp) {
      if ((await attempt(`dhcp ${spec.networkId}`, () => driver.ensureDhcp(spec))) === 'done')
        wired.push(spec.port.id);
    }
    for (const spec of desired.routers) {
      if ((await attempt(`router ${spec.id}`, () => driver.ensureRouter(spec))) === 'done') {
        wired.push(
          ...spec.interfaces.map((leg) => leg.portId),
          ...(spec.gateway ? [spec.gateway.portId] : []),
        );
      }
    }
    const missing: string[] = [];
    let retry = false;
    for (const spec of desired.ports) {
      const outcome = await attempt(`port ${spec.id}`, () => driver.ensurePort(spec));
      if (outcome === 'done') {
        wired.push(spec.id);
        this.plugged.add(spec.id);
      } else {
        retry = true;
        if (outcome === 'no device') missing.push(spec.id);
      }
    }
    const managed = await driver.listManaged();
    const keep = (ids: string[]) => new Set(ids);
    const wantedPorts = keep(desired.ports.map((spec) => spec.id));
    const wantedRouters = keep(desired.routers.map((spec) => spec.id));
    const wantedDhcp = keep(desired.dhcp.map((spec) => spec.networkId));
    const wantedNetworks = keep(desired.networks.map((spec) => spec.id));
    for (const id of new Set([...managed.ports, ...this.plugged]))
      if (!wantedPorts.has(id)) await this.unplug(id);
    for (const id of managed.routers.filter((id) => !wantedRouters.has(id)))
      await attempt(`remove router ${id}`, () => driver.deleteRouter(id));
    for (const id of managed.dhcp.filter((id) => !wantedDhcp.has(id)))
      await attempt(`remove dhcp ${id}`, () => driver.deleteDhcp(id));
    for (const id of managed.networks.filter((id) => !wantedNetworks.has(id)))
      await attempt(`remove network ${id}`, () => driver.deleteNetwork(id));
    return { wired, missing, retry };
  }

  /** Keeps one metadata forwarder running in each router's namespace, and none for routers gone. */
  private runForwarders(routerIds: string[]): void {
    const metadata = this.options.metadata;
    if (!metadata) return;
    for (const [routerId, child] of this.forwarders) {
      if (routerIds.includes(routerId) && child.exitCode === null && child.signalCode === null) continue;
      child.kill();
      this.forwarders.delete(routerId);
    }
    for (const routerId of routerIds.filter((id) => !this.forwarders.has(id))) {
      const child = this.options.driver.spawnInRouter(
        routerId,
        [process.execPath, metadata.script, String(metadata.port), metadata.socketPath, routerId],
        { stdio: 'ignore' },
      );
      child.on('error', (error) =>
        this.options.logger.warn({ err: error, routerId }, 'metadata forwarder failed'),
      );
      this.forwarders.set(routerId, child);
    }
  }

  /** Stops syncing; with `teardown`, removes everything the driver made (a clean stop). */
  async stop({ teardown }: { teardown: boolean }): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.changeTimer) clearTimeout(this.changeTimer);
    while (this.running) await this.running;
    for (const child of this.forwarders.values()) child.kill();
    this.forwarders.clear();
    if (teardown) await this.options.driver.teardown();
  }
}
