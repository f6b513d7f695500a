import { findFlavor, flavorSpecOf } from '../flavors/flavors-repo.js';
import { flavorOf, type InstanceRow } from '../instances/instance-repo.js';
import type { MigrationRow } from '../instances/migrations-repo.js';
import { VmState } from '../instances/states.js';
import type { ConductorMethods } from '../rpc/conductor-api.js';
import type { RpcContext } from '../rpc/context.js';
import { NoValidHost } from '../scheduler/no-valid-host.js';
import type { FlavorSpec } from '../virt/types.js';
import type { ConductorContext } from './conductor-context.js';
import { flavorNotFound, isNoValidHost } from './errors.js';
import { replaceAllocationWithMigration, revertAllocationForMigration } from './migration-allocations.js';

type MigrateArgs = Parameters<ConductorMethods['migrate_server']>[0];

/** The flavor of a resize by its API id, as the instance will keep it. */
async function newFlavor(ctx: ConductorContext, flavorId: string): Promise<FlavorSpec> {
  const row = await findFlavor(ctx.db, flavorId);
  if (!row) throw flavorNotFound(flavorId);
  return flavorSpecOf(ctx.db, row);
}

/** The trait of a node whose driver can cold-migrate a server onto the same host (os-traits). */
const SAME_HOST_COLD_MIGRATE = 'COMPUTE_SAME_HOST_COLD_MIGRATE';

/**
 * Nova's MigrationTask (conductor/tasks/migrate.py): the migration record (`pre-migrating`),
 * the source allocation moved to it, a destination scheduled and claimed for the new flavor,
 * then `prep_resize` cast to the destination. `rollback` undoes the record and the allocation
 * move when anything fails before the cast.
 */
class MigrationTask {
  private migration: MigrationRow | undefined;
  private held = false;

  constructor(
    private readonly ctx: ConductorContext,
    private readonly context: RpcContext,
    private readonly instance: InstanceRow,
    private readonly flavor: FlavorSpec,
    private readonly targetHost: string | null,
  ) {}

  async execute(): Promise<void> {
    const { ctx, instance, flavor } = this;
    const current = flavorOf(instance);
    const resize = current.id !== flavor.id;
    const type = resize ? 'resize' : 'migration';
    this.migration =
      (await ctx.migrations.findInStatus(instance.uuid, 'pre-migrating', type)) ??
      (await ctx.migrations.create({
        instanceUuid: instance.uuid,
        type,
        status: 'pre-migrating',
        sourceCompute: instance.host,
        sourceNode: instance.node,
        oldFlavorId: current.id,
        newFlavorId: flavor.id,
        userId: this.context.userId,
        projectId: this.context.projectId,
      }));
    const { sourceNode, held } = await replaceAllocationWithMigration(ctx, instance, this.migration.uuid);
    this.held = held;

    // The API side of Nova (`_allow_resize_to_same_host`): a resize may stay on its host when
    // allowed; a cold migration only on a node that says it can.
    const sameHost = resize
      ? ctx.settings.allowResizeToSameHost
      : (await ctx.placement.getTraits(sourceNode.uuid)).traits.includes(SAME_HOST_COLD_MIGRATE);
    const spec = await ctx.requestSpec(instance.uuid);
    const [pick] = await ctx.selectDestinations({
      context: this.context,
      spec: { ...spec, flavor, forceHosts: [], forceNodes: [] },
      instanceUuids: [instance.uuid],
      ignoreHosts: sameHost || !instance.host ? [] : [instance.host],
      requestedDestination: this.targetHost ? { host: this.targetHost, node: null } : null,
      returnAlternates: true,
    });
    const destination = pick.selection;

    await ctx.migrations.update(this.migration.uuid, {
      dest_compute: destination.host,
      dest_node: destination.nodename,
    });
    await ctx.instances.save(instance.uuid, {
      old_flavor: JSON.stringify(current),
      new_flavor: JSON.stringify(flavor),
      availability_zone: await ctx.zoneOf(destination.host),
    });
    // Nova saves the request spec with the new flavor once scheduled.
    if (resize) await ctx.saveRequestSpec(instance.uuid, { ...spec, flavor });
    ctx.logger.debug(
      { instanceUuid: instance.uuid, host: destination.host, node: destination.nodename },
      'Calling prep_resize with selected host',
    );
    await ctx.agent(destination.host).cast('prep_resize', {
      context: this.context,
      instanceUuid: instance.uuid,
      migrationUuid: this.migration.uuid,
      destination,
    });
  }

  async rollback(): Promise<void> {
    if (!this.migration) return;
    await this.ctx.migrations.update(this.migration.uuid, { status: 'error' });
    if (this.held) await revertAllocationForMigration(this.ctx, this.instance.uuid, this.migration.uuid);
  }
}

/**
 * Nova's migrate_server for a resize (`newFlavorId`) or a cold migration (null), to the host
 * asked for or any other. A failure leaves the server in its vm_state with no task and a fault;
 * no host is NoValidHost "No valid host found for resize" (or "... for cold migrate") on the
 * action's events.
 */
export async function migrateServer(ctx: ConductorContext, args: MigrateArgs): Promise<void> {
  const { context, instanceUuid } = args;
  await ctx.recordEvent(instanceUuid, context, 'conductor_migrate_server', () =>
    ctx.recordEvent(instanceUuid, context, 'cold_migrate', async () => {
      const instance = await ctx.instances.get(instanceUuid);
      const current = flavorOf(instance);
      const resize = args.newFlavorId !== null && args.newFlavorId !== current.id;
      let task: MigrationTask | undefined;
      try {
        const flavor = args.newFlavorId === null ? current : await newFlavor(ctx, args.newFlavorId);
        task = new MigrationTask(ctx, context, instance, flavor, args.host);
        await task.execute();
      } catch (error) {
        await task?.rollback();
        const now = await ctx.instances.find(instanceUuid);
        if (now)
          await ctx.failInstance(
            instanceUuid,
            { vm_state: now.vm_state || VmState.ACTIVE, task_state: null },
            error,
          );
        if (isNoValidHost(error))
          throw new NoValidHost(
            resize ? 'No valid host found for resize' : 'No valid host found for cold migrate',
          );
        throw error;
      }
    }),
  );
}
