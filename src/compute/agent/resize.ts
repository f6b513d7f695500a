import { findFlavor, flavorSpecOf } from '../flavors/flavors-repo.js';
import { flavorColumns, flavorOf, systemMetadataOf, type InstanceRow } from '../instances/instance-repo.js';
import { TaskState, VmState } from '../instances/states.js';
import { PowerState } from '../virt/power-state.js';
import type { FlavorSpec, MigratedDisk } from '../virt/types.js';
import type { AgentContext } from './agent-context.js';
import type { ArgsOf } from './agent-methods.js';
import { migrationSpecOf } from './guest-spec.js';
import { errorOut, errorUnlessRefused, runInstanceTask } from './instance-task.js';
import { bindPortsHere } from './instance-network.js';

/** A cold migration to the instance's own host, which this driver cannot do (Nova's UnableToMigrateToSelf). */
export class UnableToMigrateToSelf extends Error {
  constructor(instanceUuid: string, host: string) {
    super(`Unable to migrate instance (${instanceUuid}) to current host (${host}).`);
    this.name = 'UnableToMigrateToSelf';
  }
}

/** Where the source keeps the disks it sent until the destination has made the guest. */
const MIGRATED_DISKS = 'migrated_disks';

const parseFlavor = (json: string | null): FlavorSpec | null =>
  json ? (JSON.parse(json) as FlavorSpec) : null;

/** The flavor a resize goes to: the instance's `new_flavor`, else the migration's, else its own (a cold migration). */
async function newFlavorOf(
  ctx: AgentContext,
  row: InstanceRow,
  newFlavorId: string | null,
): Promise<FlavorSpec> {
  const stashed = parseFlavor(row.new_flavor);
  if (stashed) return stashed;
  const current = flavorOf(row);
  if (!newFlavorId || newFlavorId === current.id) return current;
  const flavor = await findFlavor(ctx.db, newFlavorId);
  if (!flavor) throw new Error(`Flavor ${newFlavorId} could not be found.`);
  return flavorSpecOf(ctx.db, flavor);
}

/**
 * A move that failed before the destination took over: the migration is in error and the
 * instance's claim goes back to the source (Nova's `_revert_allocation`), from the migration
 * consumer that held it.
 */
async function failMove(ctx: AgentContext, migrationUuid: string, instanceUuid: string): Promise<void> {
  await ctx.migrations.setStatus(migrationUuid, 'error');
  await ctx.placement.moveAllocations(migrationUuid, instanceUuid);
}

/**
 * `prep_resize`, on the destination: the claims are made (the instance's new one here, its old one
 * held by the migration on the source). The destination records itself on the migration, stashes
 * the new flavor and the vm_state to come back to, and asks the source to send the guest.
 */
export function prepResize(ctx: AgentContext, args: ArgsOf<'prep_resize'>) {
  return runInstanceTask(ctx, {
    method: 'prep_resize',
    args,
    onFailure: (error, row) =>
      error instanceof UnableToMigrateToSelf ? { task_state: null } : errorOut(error, row),
    cleanup: (row) => failMove(ctx, args.migrationUuid, row.uuid),
    work: async (row) => {
      const migration = await ctx.migrations.get(args.migrationUuid);
      const newFlavor = await newFlavorOf(ctx, row, migration.new_flavor_id);
      const sameFlavor = newFlavor.id === flavorOf(row).id;
      if (row.host === ctx.host && sameFlavor && !ctx.driver.capabilities.supportsMigrateToSameHost)
        throw new UnableToMigrateToSelf(row.uuid, ctx.host);
      const systemMetadata = { ...systemMetadataOf(row), old_vm_state: row.vm_state };
      await ctx.instances.save(
        row.uuid,
        { new_flavor: JSON.stringify(newFlavor), system_metadata: JSON.stringify(systemMetadata) },
        { taskState: [TaskState.RESIZE_PREP] },
      );
      await ctx.migrations.update(migration.uuid, {
        status: 'pre-migrating',
        dest_compute: ctx.host,
        dest_node: ctx.nodename,
        dest_host: ctx.node?.host_ip ?? null,
      });
      await ctx.peer(migration.source_compute ?? row.host!).cast('resize_instance', {
        context: args.context,
        instanceUuid: row.uuid,
        migrationUuid: migration.uuid,
      });
    },
  });
}

/**
 * `resize_instance`, on the source: the guest is powered off and its disks set aside and sent;
 * the instance now belongs to the destination, which `finish_resize` asks to make the guest.
 */
export function resizeInstance(ctx: AgentContext, args: ArgsOf<'resize_instance'>) {
  return runInstanceTask(ctx, {
    method: 'resize_instance',
    args,
    onFailure: errorUnlessRefused,
    cleanup: (row) => failMove(ctx, args.migrationUuid, row.uuid),
    work: async (row) => {
      const migration = await ctx.migrations.get(args.migrationUuid);
      const oldFlavor = flavorOf(row);
      const newFlavor = parseFlavor(row.new_flavor) ?? oldFlavor;
      await ctx.migrations.setStatus(migration.uuid, 'migrating');
      await ctx.instances.save(
        row.uuid,
        { task_state: TaskState.RESIZE_MIGRATING },
        { taskState: [TaskState.RESIZE_PREP] },
      );
      const guest = await ctx.guestOf(row);
      const disks = await ctx.driver.migrateDiskAndPowerOff(
        guest.spec,
        migrationSpecOf(migration, oldFlavor, newFlavor),
        { ...ctx.powerOffOptions(true), ...guest.devices },
      );
      await ctx.migrations.setStatus(migration.uuid, 'post-migrating');
      const systemMetadata = { ...systemMetadataOf(row), [MIGRATED_DISKS]: JSON.stringify(disks) };
      await ctx.instances.save(
        row.uuid,
        {
          host: migration.dest_compute,
          node: migration.dest_node,
          old_flavor: row.flavor,
          task_state: TaskState.RESIZE_MIGRATED,
          system_metadata: JSON.stringify(systemMetadata),
        },
        { taskState: [TaskState.RESIZE_MIGRATING] },
      );
      ctx.usageChanged();
      await ctx.peer(migration.dest_compute!).cast('finish_resize', {
        context: args.context,
        instanceUuid: row.uuid,
        migrationUuid: migration.uuid,
      });
    },
  });
}

/**
 * `finish_resize`, on the destination: the guest is made from the migrated disks with the new
 * flavor, running unless the instance was stopped, and the instance waits in RESIZED for the user
 * to confirm or revert. On failure the source's claim goes (the instance is here now, as Nova
 * decides) and the instance is in ERROR with its old flavor.
 */
export function finishResize(ctx: AgentContext, args: ArgsOf<'finish_resize'>) {
  return runInstanceTask(ctx, {
    method: 'finish_resize',
    args,
    onFailure: (_error, row) => ({
      ...flavorColumns(flavorOf(row)),
      vm_state: VmState.ERROR,
      task_state: null,
    }),
    cleanup: async () => {
      await ctx.migrations.setStatus(args.migrationUuid, 'error');
      await ctx.deleteAllocations(args.migrationUuid);
    },
    work: async (row) => {
      const migration = await ctx.migrations.get(args.migrationUuid);
      const oldFlavor = flavorOf(row);
      const newFlavor = parseFlavor(row.new_flavor) ?? oldFlavor;
      const { [MIGRATED_DISKS]: migratedDisks, ...systemMetadata } = systemMetadataOf(row);
      const disks = JSON.parse(migratedDisks ?? '[]') as MigratedDisk[];
      await ctx.instances.save(
        row.uuid,
        {
          ...flavorColumns(newFlavor),
          old_flavor: JSON.stringify(oldFlavor),
          task_state: TaskState.RESIZE_FINISH,
        },
        { taskState: [TaskState.RESIZE_MIGRATED] },
      );
      // `migrate_instance_finish`: the ports are bound here before the guest arrives.
      const guest = await ctx.guestOf(await bindPortsHere(ctx, row), { flavor: newFlavor });
      const diskChanged =
        oldFlavor.rootGb !== newFlavor.rootGb ||
        oldFlavor.ephemeralGb !== newFlavor.ephemeralGb ||
        oldFlavor.swapMb !== newFlavor.swapMb;
      await ctx.driver.finishMigration(guest.spec, migrationSpecOf(migration, oldFlavor, newFlavor), disks, {
        ...guest.devices,
        resizeInstance: diskChanged,
        powerOn: systemMetadata.old_vm_state !== VmState.STOPPED,
      });
      await ctx.migrations.setStatus(migration.uuid, 'finished');
      await ctx.instances.save(
        row.uuid,
        {
          vm_state: VmState.RESIZED,
          task_state: null,
          power_state: await ctx.powerStateOf(row.uuid),
          launched_at: ctx.now().toISOString(),
          system_metadata: JSON.stringify(systemMetadata),
        },
        { taskState: [TaskState.RESIZE_FINISH] },
      );
      ctx.usageChanged();
    },
  });
}

/**
 * `confirm_resize`, on the source: the set-aside guest goes, and so does the source's claim held
 * by the migration (even when the driver fails, as Nova's `finally` does); the instance is ACTIVE
 * (STOPPED if its guest is off) on the destination with the new flavor only.
 */
export function confirmResize(ctx: AgentContext, args: ArgsOf<'confirm_resize'>) {
  return runInstanceTask(ctx, {
    method: 'confirm_resize',
    args,
    onFailure: errorOut,
    cleanup: () => ctx.deleteAllocations(args.migrationUuid),
    work: async (row) => {
      const migration = await ctx.migrations.get(args.migrationUuid);
      if (migration.status === 'confirmed') return;
      if (!['finished', 'confirming'].includes(migration.status)) {
        ctx.logger.warn(
          { instanceUuid: row.uuid, migrationUuid: migration.uuid, status: migration.status },
          'Unexpected confirmation status of the migration; not confirming',
        );
        return;
      }
      const newFlavor = flavorOf(row);
      const oldFlavor = parseFlavor(row.old_flavor) ?? newFlavor;
      const { spec } = await ctx.guestOf(row, { flavor: oldFlavor });
      await ctx.driver.confirmMigration(spec, migrationSpecOf(migration, oldFlavor, newFlavor));
      await ctx.deleteAllocations(migration.uuid);
      await ctx.migrations.setStatus(migration.uuid, 'confirmed');
      const { old_vm_state: _oldVmState, ...systemMetadata } = systemMetadataOf(row);
      await ctx.instances.save(
        row.uuid,
        {
          vm_state: row.power_state === PowerState.SHUTDOWN ? VmState.STOPPED : VmState.ACTIVE,
          task_state: null,
          old_flavor: null,
          new_flavor: null,
          system_metadata: JSON.stringify(systemMetadata),
        },
        { taskState: [null, TaskState.DELETING, TaskState.SOFT_DELETING] },
      );
      ctx.usageChanged();
    },
  });
}

/** `revert_resize`, on the destination: the new guest goes and the source is asked to bring the old one back. */
export function revertResize(ctx: AgentContext, args: ArgsOf<'revert_resize'>) {
  return runInstanceTask(ctx, {
    method: 'revert_resize',
    args,
    onFailure: errorOut,
    cleanup: () => ctx.migrations.setStatus(args.migrationUuid, 'error'),
    work: async (row) => {
      const migration = await ctx.migrations.get(args.migrationUuid);
      const guest = await ctx.guestOf(row);
      // On the same host the old disks are the set-aside ones and must stay.
      const sameHost = migration.source_compute === ctx.host;
      await ctx.driver.destroy(guest.spec, { ...guest.devices, destroyDisks: !sameHost });
      ctx.usageChanged();
      await ctx.peer(migration.source_compute!).cast('finish_revert_resize', {
        context: args.context,
        instanceUuid: row.uuid,
        migrationUuid: migration.uuid,
      });
    },
  });
}

/**
 * `finish_revert_resize`, on the source: the claim moves back from the migration to the instance
 * (replacing the destination's), the old guest comes back with the old flavor, running unless it
 * was stopped, and the instance is home again.
 */
export function finishRevertResize(ctx: AgentContext, args: ArgsOf<'finish_revert_resize'>) {
  return runInstanceTask(ctx, {
    method: 'finish_revert_resize',
    args,
    onFailure: errorOut,
    cleanup: () => ctx.migrations.setStatus(args.migrationUuid, 'error'),
    work: async (row) => {
      const migration = await ctx.migrations.get(args.migrationUuid);
      const newFlavor = flavorOf(row);
      const oldFlavor = parseFlavor(row.old_flavor) ?? newFlavor;
      const { old_vm_state: oldVmState, [MIGRATED_DISKS]: _disks, ...systemMetadata } = systemMetadataOf(row);
      const powerOn = oldVmState !== VmState.STOPPED;
      if (!(await ctx.placement.moveAllocations(migration.uuid, row.uuid)))
        throw new Error(`Reverting the allocations of migration ${migration.uuid} failed`);
      // The ports come back to this host with the guest.
      const guest = await ctx.guestOf(await bindPortsHere(ctx, row), { flavor: oldFlavor });
      await ctx.driver.finishRevertMigration(guest.spec, migrationSpecOf(migration, oldFlavor, newFlavor), {
        ...guest.devices,
        powerOn,
      });
      await ctx.migrations.setStatus(migration.uuid, 'reverted');
      await ctx.instances.save(
        row.uuid,
        {
          ...flavorColumns(oldFlavor),
          old_flavor: null,
          new_flavor: null,
          host: ctx.host,
          node: migration.source_node ?? ctx.nodename,
          vm_state: powerOn ? VmState.ACTIVE : VmState.STOPPED,
          task_state: null,
          power_state: await ctx.powerStateOf(row.uuid),
          launched_at: ctx.now().toISOString(),
          system_metadata: JSON.stringify(systemMetadata),
        },
        { taskState: [TaskState.RESIZE_REVERTING] },
      );
      ctx.usageChanged();
    },
  });
}
