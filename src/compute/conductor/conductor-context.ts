import type { Kysely, Selectable } from 'kysely';
import type { PlacementClient } from '../../common/clients/placement-client.js';
import type { AllocationRequest } from '../../common/clients/placement-types.js';
import type { Logger } from '../../common/logging.js';
import { AggregatesRepo } from '../aggregates/aggregates-repo.js';
import { hostZones } from '../aggregates/availability-zones.js';
import type { ComputeNodeTable, ComputeSchema } from '../db/schema.js';
import type { ComputeSettings } from '../deps.js';
import { InstanceActionsRepo } from '../instances/instance-actions-repo.js';
import { InstanceNotFound, InstanceRepo, type InstanceChanges } from '../instances/instance-repo.js';
import { MigrationsRepo } from '../instances/migrations-repo.js';
import { QuotaEngine } from '../quotas/quota-engine.js';
import { configuredDefaults } from '../quotas/resources.js';
import { COMPUTE_TOPIC, type ComputeMethods } from '../rpc/compute-api.js';
import type { RpcContext } from '../rpc/context.js';
import type { StoredRequestSpec } from '../rpc/request-spec.js';
import { RpcClient } from '../../common/bus/index.js';
import {
  SCHEDULER_TOPIC,
  type InstanceSelection,
  type SchedulerMethods,
  type SelectDestinationsArgs,
} from '../rpc/scheduler-api.js';
import { ServiceRegistry } from '../services/service-registry.js';
import { DEFAULT_CONDUCTOR_SETTINGS, type ConductorDeps, type ConductorSettings } from './conductor-deps.js';
import { faultOf, localError, requestSpecNotFound } from './errors.js';

export type ComputeNodeRow = Selectable<ComputeNodeTable>;

/**
 * What the conductor's tasks share: the repositories, the scheduler and the agents on the bus,
 * placement, and Nova's helpers around them (set_vm_state_and_notify, allocation moves).
 */
export class ConductorContext {
  readonly db: Kysely<ComputeSchema>;
  readonly placement: PlacementClient;
  readonly logger: Logger;
  readonly now: () => Date;
  /** The conductor's host: the `host` of the events and faults it records. */
  readonly host: string;
  readonly settings: ComputeSettings;
  readonly conductor: ConductorSettings;
  readonly instances: InstanceRepo;
  readonly actions: InstanceActionsRepo;
  readonly migrations: MigrationsRepo;
  readonly registry: ServiceRegistry;
  readonly quotas: QuotaEngine;
  private readonly scheduler: RpcClient<SchedulerMethods>;
  private readonly agents: RpcClient<ComputeMethods>;

  constructor(deps: ConductorDeps) {
    this.db = deps.db;
    this.placement = deps.placement;
    this.logger = deps.logger;
    this.now = deps.now;
    this.host = deps.host;
    this.settings = deps.settings;
    this.conductor = { ...DEFAULT_CONDUCTOR_SETTINGS, ...deps.conductor };
    this.instances = new InstanceRepo(deps.db, deps.now);
    this.actions = new InstanceActionsRepo(deps.db, deps.now);
    this.migrations = new MigrationsRepo(deps.db, deps.now);
    this.registry = new ServiceRegistry(deps.db, { serviceDownTime: this.conductor.serviceDownTime });
    this.quotas = deps.quotas ?? new QuotaEngine(deps.db, configuredDefaults(deps.settings.keyPairsQuota));
    this.scheduler = new RpcClient<SchedulerMethods>(deps.bus, SCHEDULER_TOPIC);
    this.agents = new RpcClient<ComputeMethods>(deps.bus, COMPUTE_TOPIC);
  }

  /** The agent of one host (`compute.<host>`). */
  agent(host: string): RpcClient<ComputeMethods> {
    return this.agents.at(host);
  }

  /** The scheduler's choice, claimed; its NoValidHost comes back as the local class. */
  async selectDestinations(args: SelectDestinationsArgs): Promise<InstanceSelection[]> {
    try {
      return await this.scheduler.call('select_destinations', args, {
        timeoutMs: this.conductor.schedulerTimeout * 1000,
      });
    } catch (error) {
      throw localError(error);
    }
  }

  /** The spec stored when the server was created (`RequestSpec.get_by_instance_uuid`). */
  async requestSpec(instanceUuid: string): Promise<StoredRequestSpec> {
    const row = await this.db
      .selectFrom('request_specs')
      .select('spec')
      .where('instance_uuid', '=', instanceUuid)
      .executeTakeFirst();
    if (!row) throw requestSpecNotFound(instanceUuid);
    return JSON.parse(row.spec) as StoredRequestSpec;
  }

  async saveRequestSpec(instanceUuid: string, spec: StoredRequestSpec): Promise<void> {
    await this.db
      .updateTable('request_specs')
      .set({ spec: JSON.stringify(spec) })
      .where('instance_uuid', '=', instanceUuid)
      .execute();
  }

  /** `get_host_availability_zone`: the zone of the host's aggregates, else the default zone. */
  async zoneOf(host: string): Promise<string> {
    const zones = hostZones(await new AggregatesRepo(this.db).list());
    return zones.get(host) ?? this.conductor.defaultAvailabilityZone;
  }

  /** Whether the host's nova-compute service reports (a host without one is down). */
  async isComputeUp(host: string): Promise<boolean> {
    const service = await this.registry.find(host, 'nova-compute');
    return service !== undefined && this.registry.isUp(service, this.now());
  }

  /** The node by host and node name, or the host's first node when no name is given. */
  async computeNode(host: string, node: string | null): Promise<ComputeNodeRow | undefined> {
    let query = this.db.selectFrom('compute_nodes').selectAll().where('host', '=', host).orderBy('id');
    if (node) query = query.where('hypervisor_hostname', '=', node);
    return query.executeTakeFirst();
  }

  /**
   * Nova's set_vm_state_and_notify: saves the states and records the fault. Nothing when the
   * instance is gone meanwhile.
   */
  async failInstance(
    instanceUuid: string,
    updates: InstanceChanges,
    error: unknown,
    options: { details?: string } = {},
  ): Promise<void> {
    if (updates.vm_state !== undefined)
      this.logger.warn(
        { instanceUuid, err: error },
        `Setting instance to ${String(updates.vm_state).toUpperCase()} state.`,
      );
    try {
      await this.instances.save(instanceUuid, updates);
    } catch (saveError) {
      if (saveError instanceof InstanceNotFound) return;
      throw saveError;
    }
    await this.instances.addFault(instanceUuid, { ...faultOf(error, options), host: this.host });
  }

  /** An event of the request's action around `work` (`wrap_instance_event(prefix='conductor')`). */
  recordEvent<T>(
    instanceUuid: string,
    context: RpcContext,
    event: string,
    work: () => Promise<T>,
  ): Promise<T> {
    return this.actions.recordEvent(instanceUuid, context.requestId, event, this.host, work);
  }

  /** A failed event recorded after the fact (Nova's failed create event for a buried instance). */
  async failedEvent(instanceUuid: string, context: RpcContext, event: string, error: unknown): Promise<void> {
    await this.recordEvent(instanceUuid, context, event, async () => {
      throw error;
    }).catch(() => {});
  }

  /** Everything the consumer holds, gone; failures are logged (a cleanup must not hide the cause). */
  async removeAllocations(consumer: string): Promise<void> {
    try {
      await this.placement.deleteAllocations(consumer, { force: true });
    } catch (error) {
      this.logger.error({ err: error, consumer }, 'could not remove allocations');
    }
  }

  /**
   * `remove_provider_tree_from_instance_allocation` for a lone node: what the instance holds on
   * `provider`, given back, the rest kept.
   */
  async removeProviderAllocation(instanceUuid: string, provider: string): Promise<void> {
    try {
      const current = await this.placement.getAllocations(instanceUuid);
      if (!(provider in current.allocations)) return;
      const rest: AllocationRequest = { allocations: {} };
      for (const [uuid, allocation] of Object.entries(current.allocations))
        if (uuid !== provider) rest.allocations[uuid] = { resources: allocation.resources };
      if (Object.keys(rest.allocations).length === 0) {
        await this.placement.deleteAllocations(instanceUuid);
        return;
      }
      await this.placement.claim(instanceUuid, rest, {
        projectId: current.project_id ?? '',
        userId: current.user_id ?? '',
        consumerGeneration: current.consumer_generation ?? null,
      });
    } catch (error) {
      this.logger.error(
        { err: error, instanceUuid, provider },
        'could not remove an allocation on a provider',
      );
    }
  }

  /**
   * Claims an alternate's allocation request for the instance, replacing whatever it may still
   * hold (a failed build gives its claim back; should it not have, the old claim goes).
   */
  async claimAlternate(
    instanceUuid: string,
    request: AllocationRequest,
    owner: { projectId: string; userId: string },
  ): Promise<boolean> {
    const current = await this.placement.getAllocations(instanceUuid);
    return this.placement.claim(instanceUuid, request, {
      ...owner,
      consumerGeneration: current.consumer_generation ?? null,
    });
  }
}
