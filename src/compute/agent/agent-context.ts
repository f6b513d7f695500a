import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Bus } from '../../common/bus/index.js';
import type { ImageClient } from '../../common/clients/image-client.js';
import type { NetworkClient } from '../../common/clients/network-client.js';
import type { PlacementClient } from '../../common/clients/placement-client.js';
import type { Logger } from '../../common/logging.js';
import type { ComputeSchema } from '../db/schema.js';
import type { BlockStorageLinks } from '../deps.js';
import type { ComputeNodeRow } from '../hypervisors/compute-node-registry.js';
import { InstanceActionsRepo } from '../instances/instance-actions-repo.js';
import { InstanceRepo, networkInfoOf, type InstanceRow } from '../instances/instance-repo.js';
import { MigrationsRepo } from '../instances/migrations-repo.js';
import { vifSpecsOf } from '../networking/network-info.js';
import { COMPUTE_TOPIC, type ComputeMethods } from '../rpc/compute-api.js';
import { CONDUCTOR_TOPIC, type ConductorMethods } from '../rpc/conductor-api.js';
import type { RpcContext } from '../rpc/context.js';
import { RpcClient } from '../../common/bus/index.js';
import type { GuestDevices, PowerOffOptions, VirtDriver } from '../virt/driver.js';
import { InstanceNotFound as GuestNotFound } from '../virt/errors.js';
import { PowerState } from '../virt/power-state.js';
import type { FlavorSpec, InstanceSpec } from '../virt/types.js';
import type { AgentSettings, ComputeAgentDeps } from './agent-settings.js';
import { blockDeviceInfoOf, instanceSpecOf, type BlockDeviceMappingRow } from './guest-spec.js';
import { InstanceEvents } from './instance-events.js';
import { KeyedLock } from '../../common/keyed-lock.js';
import { AgentStopped, type Lifecycle } from './lifecycle.js';

/** An instance's guest as the driver needs it: the spec and its devices. */
export interface Guest {
  spec: InstanceSpec;
  devices: GuestDevices;
}

/**
 * What every handler of the agent works with: the host's driver, the instance and migration
 * records, the other services, and the per-instance lock. Everything that acts on the world is
 * guarded by the lifecycle, so nothing acts once the agent has stopped.
 */
export class AgentContext {
  readonly host: string;
  readonly driver: VirtDriver;
  readonly db: Kysely<ComputeSchema>;
  readonly instances: InstanceRepo;
  readonly actions: InstanceActionsRepo;
  readonly migrations: MigrationsRepo;
  readonly placement: PlacementClient;
  readonly images: ImageClient;
  /** The network service, or null in a cloud without one (servers get no ports then). */
  readonly network: NetworkClient | null;
  /** The block storage service, or null in a cloud without one (no volume is attached then). */
  readonly volume: BlockStorageLinks | null;
  readonly conductor: RpcClient<ConductorMethods>;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly locks = new KeyedLock();
  /** The external events (from Neutron, Cinder...) operations on this host wait for. */
  readonly events = new InstanceEvents();
  private readonly bus: Bus;
  /** The compute node as last reported; set by the first resource audit, before anything is served. */
  node: ComputeNodeRow | null = null;
  /** Asks for the compute node's usage figures to be refreshed soon (set by the agent). */
  usageChanged: () => void = () => {};

  constructor(
    deps: ComputeAgentDeps,
    readonly settings: AgentSettings,
    readonly lifecycle: Lifecycle,
  ) {
    const guard = <T extends object>(target: T) => lifecycle.guard(target);
    this.host = deps.host;
    this.now = deps.now ?? (() => new Date());
    this.db = deps.db;
    this.logger = deps.logger;
    this.driver = guard(deps.driver);
    this.instances = guard(new InstanceRepo(deps.db, this.now));
    this.actions = guard(new InstanceActionsRepo(deps.db, this.now));
    this.migrations = guard(new MigrationsRepo(deps.db, this.now));
    this.placement = guard(deps.placement);
    this.images = guard(deps.images);
    this.network = deps.network ? guard(deps.network) : null;
    this.volume = deps.volume ? guard(deps.volume) : null;
    this.bus = guard(deps.bus);
    this.conductor = new RpcClient<ConductorMethods>(this.bus, CONDUCTOR_TOPIC);
  }

  /** The hypervisor node name (the compute node's `hypervisor_hostname`). */
  get nodename(): string {
    return this.node?.hypervisor_hostname ?? this.host;
  }

  /** The agent of another host (or this one), for the steps of a move that run there. */
  peer(host: string): RpcClient<ComputeMethods> {
    return new RpcClient<ComputeMethods>(this.bus, `${COMPUTE_TOPIC}.${host}`);
  }

  /** A context for work the agent starts itself (recovery, power sync): it records no action event. */
  systemContext(): RpcContext {
    return { requestId: `req-${randomUUID()}`, userId: '', projectId: '', roles: ['admin'], isAdmin: true };
  }

  async blockDeviceMappings(instanceUuid: string): Promise<BlockDeviceMappingRow[]> {
    return this.db
      .selectFrom('block_device_mappings')
      .selectAll()
      .where('instance_uuid', '=', instanceUuid)
      .orderBy('id')
      .execute();
  }

  /** The instance's spec and devices, with `flavor` and `imageId` overriding the row's. */
  async guestOf(
    row: InstanceRow,
    overrides: { flavor?: FlavorSpec; imageId?: string | null } = {},
  ): Promise<Guest> {
    const [metadataRows, bdms] = await Promise.all([
      this.db
        .selectFrom('instance_metadata')
        .select(['key', 'value'])
        .where('instance_uuid', '=', row.uuid)
        .execute(),
      this.blockDeviceMappings(row.uuid),
    ]);
    const metadata = Object.fromEntries(metadataRows.map((entry) => [entry.key, entry.value]));
    const spec = instanceSpecOf(row, metadata, overrides);
    return {
      spec,
      devices: {
        networkInfo: vifSpecsOf(networkInfoOf(row)),
        blockDeviceInfo: blockDeviceInfoOf(row, bdms, spec.flavor),
      },
    };
  }

  /** The guest's power state; NOSTATE when the hypervisor has no guest for it. */
  async powerStateOf(uuid: string): Promise<PowerState> {
    try {
      return (await this.driver.instanceInfo(uuid)).powerState;
    } catch (error) {
      if (error instanceof GuestNotFound) return PowerState.NOSTATE;
      throw error;
    }
  }

  /** How a stop shuts the guest down: cleanly within `shutdown_timeout`, or at once. */
  powerOffOptions(cleanShutdown: boolean): PowerOffOptions {
    return cleanShutdown
      ? {
          timeoutSec: this.settings.shutdownTimeoutSec,
          retryIntervalSec: this.settings.shutdownRetryIntervalSec,
        }
      : {};
  }

  /** Records why an operation failed (Nova's `add_instance_fault_from_exc`), code 500 as Nova's. */
  async addFault(instanceUuid: string, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message || error.name : String(error);
    await this.instances.addFault(instanceUuid, {
      code: 500,
      message,
      details: error instanceof Error ? (error.stack ?? null) : null,
      host: this.host,
    });
  }

  /**
   * Destroys whatever is left of the instance's guest after a failure; a failure to do so is only
   * logged, since the operation has already failed.
   */
  async destroyLeftovers(row: InstanceRow, after: string): Promise<void> {
    try {
      await this.driver.destroy((await this.guestOf(row)).spec);
    } catch (error) {
      if (error instanceof AgentStopped) throw error;
      this.logFailure(error, `destroying the guest after ${after}`, row.uuid);
    }
  }

  /** Removes what a consumer holds in placement, whatever its generation (Nova's forced delete). */
  async deleteAllocations(consumer: string): Promise<void> {
    await this.placement.deleteAllocations(consumer, { force: true });
  }

  /**
   * Removes this host's provider from a consumer's allocations, keeping those on other providers
   * (Nova's `remove_provider_tree_from_instance_allocation`, after an evacuation).
   */
  async removeOwnAllocations(consumer: string): Promise<void> {
    const providerUuid = this.node?.uuid;
    if (!providerUuid) return;
    const current = await this.placement.getAllocations(consumer);
    if (!(providerUuid in current.allocations)) return;
    const rest = Object.fromEntries(
      Object.entries(current.allocations)
        .filter(([provider]) => provider !== providerUuid)
        .map(([provider, { resources }]) => [provider, { resources }]),
    );
    if (Object.keys(rest).length === 0) {
      await this.placement.deleteAllocations(consumer);
      return;
    }
    await this.placement.claim(
      consumer,
      { allocations: rest },
      {
        projectId: current.project_id ?? '',
        userId: current.user_id ?? '',
        consumerGeneration: current.consumer_generation ?? null,
      },
    );
  }

  /** Logs a failure of background work nobody waits for. */
  logFailure(error: unknown, what: string, instanceUuid?: string): void {
    this.logger.warn({ err: error, instanceUuid, host: this.host }, `${what} failed`);
  }
}
