import type { Destination } from '../rpc/compute-api.js';
import { flavorOf, type InstanceRow } from '../instances/instance-repo.js';
import type { MigrationRow } from '../instances/migrations-repo.js';
import { PowerState, powerStateNames, VmState } from '../instances/states.js';
import type { ConductorMethods } from '../rpc/conductor-api.js';
import type { RpcContext } from '../rpc/context.js';
import type { ConductorContext } from './conductor-context.js';
import {
  ConductorError,
  computeServiceUnavailable,
  destinationHypervisorTooOld,
  instanceInvalidState,
  invalidHypervisorType,
  isNoValidHost,
  migrationError,
  unableToMigrateToSelf,
} from './errors.js';
import { replaceAllocationWithMigration, revertAllocationForMigration } from './migration-allocations.js';

type LiveMigrateArgs = Parameters<ConductorMethods['live_migrate_instance']>[0];

/**
 * Nova's LiveMigrationTask (conductor/tasks/live_migrate.py): the server must run (or be
 * paused) and its source be up; its source allocation moves to the migration; the destination
 * is the host asked for (up, not the source, still filtered and claimed through the scheduler)
 * or one the scheduler finds, skipping hosts of another hypervisor type or an older version;
 * then `live_migration` is cast to the source.
 */
class LiveMigrationTask {
  private held = false;

  constructor(
    private readonly ctx: ConductorContext,
    private readonly context: RpcContext,
    private readonly instance: InstanceRow,
    private readonly migration: MigrationRow,
    private readonly args: LiveMigrateArgs,
  ) {}

  async execute(): Promise<void> {
    const { ctx, instance } = this;
    if (instance.power_state !== PowerState.RUNNING && instance.power_state !== PowerState.PAUSED) {
      const state = powerStateNames[instance.power_state as PowerState] ?? String(instance.power_state);
      throw instanceInvalidState(instance.uuid, 'power_state', state, 'live migrate');
    }
    const source = instance.host;
    if (!source || !(await ctx.isComputeUp(source))) throw computeServiceUnavailable(source);
    const { held } = await replaceAllocationWithMigration(ctx, instance, this.migration.uuid);
    this.held = held;

    const target = this.args.host;
    if (target) {
      if (target === source) throw unableToMigrateToSelf(instance.uuid, target);
      if (!(await ctx.isComputeUp(target))) throw computeServiceUnavailable(target);
    }
    const destination = await this.findDestination(source, target);

    await ctx.migrations.update(this.migration.uuid, {
      source_node: instance.node,
      dest_compute: destination.host,
      dest_node: destination.nodename,
    });
    await ctx.instances.save(instance.uuid, { availability_zone: await ctx.zoneOf(destination.host) });
    await ctx.agent(source).cast('live_migration', {
      context: this.context,
      instanceUuid: instance.uuid,
      migrationUuid: this.migration.uuid,
      destination,
      blockMigration: this.args.blockMigration,
    });
  }

  /** `_find_destination`: scheduled and claimed, again without each host that proves incompatible. */
  private async findDestination(source: string, target: string | null): Promise<Destination> {
    const { ctx, instance } = this;
    const spec = await ctx.requestSpec(instance.uuid);
    const attempted = [source];
    for (;;) {
      const [pick] = await ctx.selectDestinations({
        context: this.context,
        spec: { ...spec, flavor: flavorOf(instance), forceHosts: [], forceNodes: [] },
        instanceUuids: [instance.uuid],
        ignoreHosts: attempted,
        requestedDestination: target ? { host: target, node: null } : null,
        returnAlternates: false,
      });
      try {
        await this.checkCompatibleWithSource(source, pick.selection.host);
        return pick.selection;
      } catch (error) {
        if (!(error instanceof ConductorError)) throw error;
        ctx.logger.debug({ host: pick.selection.host, reason: error.message }, 'Skipping host');
        attempted.push(pick.selection.host);
        await ctx.removeProviderAllocation(instance.uuid, pick.selection.providerUuid);
      }
    }
  }

  /** `_check_compatible_with_source_hypervisor`: the same hypervisor type, no older version. */
  private async checkCompatibleWithSource(source: string, destination: string): Promise<void> {
    const sourceNode = await this.ctx.computeNode(source, null);
    const destinationNode = await this.ctx.computeNode(destination, null);
    if (!sourceNode || !destinationNode) return;
    if (sourceNode.hypervisor_type !== destinationNode.hypervisor_type) throw invalidHypervisorType();
    if (sourceNode.hypervisor_version > destinationNode.hypervisor_version)
      throw destinationHypervisorTooOld();
  }

  async rollback(): Promise<void> {
    if (this.held) await revertAllocationForMigration(this.ctx, this.instance.uuid, this.migration.uuid);
  }
}

/**
 * Nova's live_migrate_instance: a `live-migration` record (`accepted`) and the task. A refused
 * move (no host, a host down or incompatible, the server not running) leaves the server in its
 * vm_state with no task and a fault; anything else puts it in ERROR; the record goes to `error`
 * and the source allocation back to the instance either way.
 */
export async function liveMigrateInstance(ctx: ConductorContext, args: LiveMigrateArgs): Promise<void> {
  const { context, instanceUuid } = args;
  await ctx.recordEvent(instanceUuid, context, 'conductor_live_migrate_instance', async () => {
    const instance = await ctx.instances.get(instanceUuid);
    const flavor = flavorOf(instance);
    const migration = await ctx.migrations.create({
      instanceUuid,
      type: 'live-migration',
      status: 'accepted',
      sourceCompute: instance.host,
      sourceNode: instance.node,
      destCompute: args.host,
      oldFlavorId: flavor.id,
      newFlavorId: flavor.id,
      userId: context.userId,
      projectId: context.projectId,
    });
    const task = new LiveMigrationTask(ctx, context, instance, migration, args);
    try {
      await task.execute();
    } catch (error) {
      await task.rollback();
      const refused = isNoValidHost(error) || (error instanceof ConductorError && error.code !== 500);
      await ctx.failInstance(
        instanceUuid,
        { vm_state: refused ? instance.vm_state : VmState.ERROR, task_state: null },
        error,
      );
      await ctx.migrations.update(migration.uuid, { status: 'error' });
      if (refused) throw error;
      throw migrationError(error instanceof Error ? error.message : String(error));
    }
  });
}
