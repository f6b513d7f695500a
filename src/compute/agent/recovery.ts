import { flavorOf, systemMetadataOf, type InstanceRow } from '../instances/instance-repo.js';
import { REBUILD_TASK_STATES, SOFT_REBOOT_TASK_STATES, TaskState, VmState } from '../instances/states.js';
import { PowerState } from '../virt/power-state.js';
import type { FlavorSpec } from '../virt/types.js';
import type { AgentContext } from './agent-context.js';
import { migrationSpecOf } from './guest-spec.js';
import { AgentStopped } from './lifecycle.js';
import { rebootInstance, startInstance, stopInstance, unpauseInstance } from './power-actions.js';
import { deleteInstance } from './terminate.js';

/** Why a build or rebuild ended in ERROR at the agent's start: it was under way when the agent stopped. */
export class OperationInterrupted extends Error {
  constructor(operation: 'build' | 'rebuild', host: string) {
    super(
      `Instance ${operation} was interrupted: the compute service on host ${host} stopped before it finished.`,
    );
    this.name = 'OperationInterrupted';
  }
}

const BUILD_TASKS: (string | null)[] = [
  TaskState.SCHEDULING,
  TaskState.BLOCK_DEVICE_MAPPING,
  TaskState.NETWORKING,
  TaskState.SPAWNING,
];
const SNAPSHOT_TASKS: (string | null)[] = [
  TaskState.IMAGE_SNAPSHOT_PENDING,
  TaskState.IMAGE_PENDING_UPLOAD,
  TaskState.IMAGE_UPLOADING,
  TaskState.IMAGE_SNAPSHOT,
];
const REBOOT_STARTED_TASKS: (string | null)[] = [
  TaskState.REBOOTING,
  TaskState.REBOOTING_HARD,
  TaskState.REBOOT_STARTED,
  TaskState.REBOOT_STARTED_HARD,
];
/** `vm_states.ALLOW_HARD_REBOOT`. */
const HARD_REBOOTABLE: string[] = [
  VmState.ACTIVE,
  VmState.STOPPED,
  VmState.PAUSED,
  VmState.SUSPENDED,
  VmState.ERROR,
];

/**
 * An interrupted build or rebuild: the fault says so, what is left of the guest goes and so does
 * the claim (nothing is left half-held), and the instance is in ERROR for the user to delete or
 * rebuild. (Nova only sets ERROR; Stratus gives back what a failure holds.)
 */
async function interrupted(
  ctx: AgentContext,
  row: InstanceRow,
  operation: 'build' | 'rebuild',
): Promise<void> {
  await ctx.addFault(row.uuid, new OperationInterrupted(operation, ctx.host));
  if (operation === 'build') {
    await ctx.destroyLeftovers(row, 'an interrupted build');
    await ctx.deleteAllocations(row.uuid);
  }
  await ctx.instances.save(row.uuid, { vm_state: VmState.ERROR, task_state: null });
}

/**
 * Nova's `_init_instance` for one instance of this host: finishes or clears what was under way
 * when the agent stopped, then records the guest's power state (NOSTATE for a guest that is gone).
 * Runs before the agent serves anything, so it takes no instance lock; the operations it
 * restarts take theirs.
 */
async function initInstance(ctx: AgentContext, row: InstanceRow, hasGuest: boolean): Promise<void> {
  const { vm_state: vmState, task_state: task, uuid } = row;
  const context = ctx.systemContext();
  const args = { context, instanceUuid: uuid };
  if (vmState === VmState.SOFT_DELETED) return;
  if (vmState === VmState.ERROR && task !== TaskState.RESIZE_MIGRATING && task !== TaskState.DELETING) return;
  if (vmState === VmState.DELETED) return deleteInstance(ctx, row);
  if (vmState === VmState.BUILDING || BUILD_TASKS.includes(task)) return interrupted(ctx, row, 'build');
  if (
    (vmState === VmState.ACTIVE || vmState === VmState.STOPPED) &&
    REBUILD_TASK_STATES.includes(task as TaskState)
  )
    return interrupted(ctx, row, 'rebuild');
  if (task === TaskState.DELETING) {
    try {
      return await deleteInstance(ctx, row);
    } catch (error) {
      if (error instanceof AgentStopped) throw error;
      ctx.logFailure(error, 'finishing an interrupted delete', uuid);
      await ctx.instances.save(uuid, { vm_state: VmState.ERROR });
      return;
    }
  }
  let current = row;
  if (SNAPSHOT_TASKS.includes(task) || task === TaskState.RESIZE_PREP || task === TaskState.MIGRATING)
    current = await ctx.instances.save(uuid, { task_state: null });

  const powerState = hasGuest ? await ctx.powerStateOf(uuid) : PowerState.NOSTATE;
  const running = powerState === PowerState.RUNNING;
  // Nova's `_retry_reboot`: a reboot not yet started, or started and not yet running, is done again.
  const pending =
    (task === TaskState.REBOOT_PENDING && vmState === VmState.ACTIVE) ||
    (task === TaskState.REBOOT_PENDING_HARD && HARD_REBOOTABLE.includes(vmState));
  if (pending || (REBOOT_STARTED_TASKS.includes(task) && !running)) {
    const soft = running && SOFT_REBOOT_TASK_STATES.includes(task as TaskState);
    if (!soft && SOFT_REBOOT_TASK_STATES.includes(task as TaskState))
      await ctx.instances.save(uuid, { task_state: TaskState.REBOOT_PENDING_HARD });
    await rebootInstance(ctx, { ...args, rebootType: soft ? 'SOFT' : 'HARD' });
    return;
  }
  if (running && [...REBOOT_STARTED_TASKS, TaskState.PAUSING, TaskState.UNPAUSING].includes(task)) {
    current = await ctx.instances.save(uuid, { task_state: null, vm_state: VmState.ACTIVE });
  } else if (powerState === PowerState.PAUSED && task === TaskState.UNPAUSING) {
    await unpauseInstance(ctx, args);
    return;
  }
  if (task === TaskState.POWERING_OFF) {
    await stopInstance(ctx, { ...args, cleanShutdown: true });
    return;
  }
  if (task === TaskState.POWERING_ON) {
    await startInstance(ctx, args);
    return;
  }
  if (task === TaskState.RESIZE_MIGRATING) {
    await revertInterruptedResize(ctx, current);
    return;
  }
  if (powerState !== current.power_state) await ctx.instances.save(uuid, { power_state: powerState });
}

/**
 * A resize interrupted while the source sent the guest: the set-aside guest comes back (running
 * unless it was stopped), the claim goes back to the instance from the migration, which is in
 * error, and the instance has no task (Nova's "revert for safety").
 */
async function revertInterruptedResize(ctx: AgentContext, row: InstanceRow): Promise<void> {
  const migration = await ctx.migrations.findInStatus(row.uuid, 'migrating');
  try {
    if (migration) {
      const flavor = flavorOf(row);
      const newFlavor = row.new_flavor ? (JSON.parse(row.new_flavor) as FlavorSpec) : flavor;
      const guest = await ctx.guestOf(row);
      const powerOn = systemMetadataOf(row).old_vm_state !== VmState.STOPPED;
      await ctx.driver.finishRevertMigration(guest.spec, migrationSpecOf(migration, flavor, newFlavor), {
        ...guest.devices,
        powerOn,
      });
      await ctx.placement.moveAllocations(migration.uuid, row.uuid);
      await ctx.migrations.setStatus(migration.uuid, 'error');
    }
  } catch (error) {
    if (error instanceof AgentStopped) throw error;
    ctx.logFailure(error, 'reverting an interrupted resize', row.uuid);
  } finally {
    await ctx.instances.save(row.uuid, { task_state: null, power_state: await ctx.powerStateOf(row.uuid) });
  }
}

/**
 * Nova's `_destroy_evacuated_instances`: instances evacuated away from this host while it was down
 * lose their guest here and this host's part of their claim; their evacuation is 'completed'.
 * Returns their uuids, which recovery then leaves alone.
 */
async function cleanUpEvacuated(ctx: AgentContext, guests: Set<string>): Promise<Set<string>> {
  const evacuated = new Set<string>();
  for (const migration of await ctx.migrations.evacuatedFrom(ctx.host)) {
    const uuid = migration.instance_uuid;
    evacuated.add(uuid);
    if (guests.has(uuid)) {
      const row = await ctx.instances.find(uuid, { readDeleted: true });
      if (row) await ctx.driver.destroy((await ctx.guestOf(row)).spec);
    }
    await ctx.removeOwnAllocations(uuid);
    await ctx.migrations.setStatus(migration.uuid, 'completed');
  }
  return evacuated;
}

/**
 * Nova's `_error_out_instances_whose_build_was_interrupted`: instances claimed on this host whose
 * build never reached it (the agent stopped before it set their host) are in ERROR too.
 */
async function errorOutUnstartedBuilds(ctx: AgentContext, handled: Set<string>): Promise<void> {
  const providerUuid = ctx.node?.uuid;
  if (!providerUuid) return;
  const consumers = Object.keys(await ctx.placement.getProviderAllocations(providerUuid)).filter(
    (consumer) => !handled.has(consumer),
  );
  if (consumers.length === 0) return;
  const rows = await ctx.db
    .selectFrom('instances')
    .selectAll()
    .where('uuid', 'in', consumers)
    .where('vm_state', '=', VmState.BUILDING)
    .where('deleted', '=', 0)
    .execute();
  for (const row of rows) await interrupted(ctx, row, 'build');
}

/** `init_host`'s instance recovery, instance by instance; one that fails does not stop the others. */
export async function recoverInstances(ctx: AgentContext): Promise<void> {
  const guests = new Set(await ctx.driver.listInstances());
  const evacuated = await cleanUpEvacuated(ctx, guests);
  const rows = await ctx.db
    .selectFrom('instances')
    .selectAll()
    .where('host', '=', ctx.host)
    .where('deleted', '=', 0)
    .orderBy('id')
    .execute();
  for (const row of rows) {
    if (evacuated.has(row.uuid)) continue;
    try {
      await initInstance(ctx, row, guests.has(row.uuid));
    } catch (error) {
      if (error instanceof AgentStopped) throw error;
      ctx.logFailure(error, 'recovering the instance at start', row.uuid);
    }
  }
  await errorOutUnstartedBuilds(ctx, new Set([...evacuated, ...rows.map((row) => row.uuid)]));
  ctx.usageChanged();
}
