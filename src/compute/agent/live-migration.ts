import type { InstanceRow } from '../instances/instance-repo.js';
import { TaskState, VmState } from '../instances/states.js';
import { PowerState } from '../virt/power-state.js';
import type { LiveMigrationData } from '../virt/types.js';
import type { AgentContext } from './agent-context.js';
import type { ArgsOf } from './agent-methods.js';
import { errorOut, revertTaskState, runInstanceTask } from './instance-task.js';
import { bindPortsHere } from './instance-network.js';

/** How long the source waits for the destination's steps (Nova's `long_rpc_timeout`). */
const DESTINATION_TIMEOUT_MS = 1_800_000;

/** The migration as the destination sees it: from the instance's host to this one. */
function incoming(ctx: AgentContext, row: InstanceRow): LiveMigrationData {
  // The block migration flag only matters to the source, which copies the disks; it sends its own.
  return { sourceHost: row.host ?? '', destHost: ctx.host, blockMigration: false };
}

/**
 * `live_migration`, on the source: the destination prepares (`pre_live_migration`), the guest's
 * memory moves, the destination takes over (`post_live_migration_at_destination`), and the
 * source's claim held by the migration goes. A failure before the guest has left rolls back: the
 * destination forgets it, the claim comes back to the instance, the migration is 'failed' and the
 * instance stays on this host in its vm_state with no task.
 */
export function liveMigration(ctx: AgentContext, args: ArgsOf<'live_migration'>) {
  const dest = args.destination.host;
  const target = {
    context: args.context,
    instanceUuid: args.instanceUuid,
    migrationUuid: args.migrationUuid,
  };
  let left = false;
  return runInstanceTask(ctx, {
    method: 'live_migration',
    args,
    onFailure: (error, row) => (left ? {} : revertTaskState(error, row)),
    cleanup: async () => {
      if (left) {
        await ctx.migrations.setStatus(args.migrationUuid, 'error');
        return;
      }
      await ctx.migrations.setStatus(args.migrationUuid, 'failed');
      await ctx.placement.moveAllocations(args.migrationUuid, args.instanceUuid);
      await ctx.peer(dest).cast('rollback_live_migration_at_destination', target);
    },
    work: async (row) => {
      await ctx.migrations.setStatus(args.migrationUuid, 'preparing');
      const prepared = (await ctx.peer(dest).call('pre_live_migration', target, {
        timeoutMs: DESTINATION_TIMEOUT_MS,
      })) as unknown as LiveMigrationData;
      await ctx.migrations.setStatus(args.migrationUuid, 'running');
      const { spec } = await ctx.guestOf(row);
      await ctx.driver.liveMigration(spec, {
        ...prepared,
        sourceHost: ctx.host,
        destHost: dest,
        blockMigration: args.blockMigration,
      });
      left = true;
      ctx.usageChanged();
      await ctx
        .peer(dest)
        .call('post_live_migration_at_destination', target, { timeoutMs: DESTINATION_TIMEOUT_MS });
      await ctx.deleteAllocations(args.migrationUuid);
      await ctx.migrations.setStatus(args.migrationUuid, 'completed');
    },
  });
}

/** `pre_live_migration`, on the destination (a call): an incoming guest waits, PAUSED. */
export function preLiveMigration(ctx: AgentContext, args: ArgsOf<'pre_live_migration'>) {
  return runInstanceTask(ctx, {
    method: 'pre_live_migration',
    args,
    rethrow: true,
    // The source rolls the instance back; the destination only records the fault.
    onFailure: () => ({}),
    work: async (row) => {
      const guest = await ctx.guestOf(row);
      const data = await ctx.driver.preLiveMigration(guest.spec, incoming(ctx, row), guest.devices);
      return data as unknown as Record<string, unknown>;
    },
  }) as Promise<Record<string, unknown>>;
}

/**
 * `post_live_migration_at_destination`: the guest resumes here in the power state it left in
 * (paused for a PAUSED instance) and the instance moves to this host and node. A failure here
 * puts the instance in ERROR, as Nova's does.
 */
export function postLiveMigrationAtDestination(
  ctx: AgentContext,
  args: ArgsOf<'post_live_migration_at_destination'>,
) {
  return runInstanceTask(ctx, {
    method: 'post_live_migration_at_destination',
    args,
    rethrow: true,
    onFailure: errorOut,
    work: async (row) => {
      // `migrate_instance_finish`: the ports are bound to this host now the guest runs here.
      const guest = await ctx.guestOf(await bindPortsHere(ctx, row));
      const powerState = row.vm_state === VmState.PAUSED ? PowerState.PAUSED : PowerState.RUNNING;
      await ctx.driver.postLiveMigrationAtDestination(
        guest.spec,
        { ...incoming(ctx, row), powerState },
        guest.devices,
      );
      await ctx.instances.save(
        row.uuid,
        {
          host: ctx.host,
          node: ctx.nodename,
          power_state: await ctx.powerStateOf(row.uuid),
          task_state: null,
        },
        { taskState: [TaskState.MIGRATING] },
      );
      ctx.usageChanged();
    },
  });
}

/** After a failed live migration, on the destination: what `pre_live_migration` prepared goes. */
export function rollbackLiveMigrationAtDestination(
  ctx: AgentContext,
  args: ArgsOf<'rollback_live_migration_at_destination'>,
) {
  return runInstanceTask(ctx, {
    method: 'rollback_live_migration_at_destination',
    args,
    onFailure: () => ({}),
    work: async (row) => {
      const { spec } = await ctx.guestOf(row);
      await ctx.driver.rollbackLiveMigrationAtDestination(spec, incoming(ctx, row));
    },
  });
}
