import { InstanceNotFound, UnexpectedInstanceState, type InstanceRow } from '../instances/instance-repo.js';
import { TaskState, VmState } from '../instances/states.js';
import type { AgentContext } from './agent-context.js';
import type { ArgsOf } from './agent-methods.js';
import { allocateNetworks, deallocateNetworks, spawnWithNetwork } from './instance-network.js';
import { AgentStopped } from './lifecycle.js';
import { connectVolumes, disconnectVolumes } from './boot-volumes.js';

const BUILD_EVENT = 'compute_build_and_run_instance';

/** Runs `work` when a build slot is free (Nova's `max_concurrent_builds` semaphore). */
export type BuildSlots = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * `build_and_run_instance` (Nova's `_do_build_and_run_instance`): the instance comes to this
 * host and node, its guest is spawned, and it goes ACTIVE. The claim was made in placement by the
 * conductor. A failure gives the claim back and either hands the instance to the conductor to try
 * the next alternate host, or puts it in ERROR with a fault when none is left. Kept to a few
 * database round trips: one save to start, the event, one save to finish.
 */
export async function buildAndRunInstance(
  ctx: AgentContext,
  slots: BuildSlots,
  args: ArgsOf<'build_and_run_instance'>,
): Promise<void> {
  await ctx.locks.run(args.instanceUuid, () => slots(() => build(ctx, args)));
}

async function build(ctx: AgentContext, args: ArgsOf<'build_and_run_instance'>): Promise<void> {
  const uuid = args.instanceUuid;
  let row: InstanceRow;
  try {
    // The claim is ours: the instance is on this host from now on (the resource tracker's
    // instance_claim); its networks come first where there is a network service.
    const next = ctx.network ? TaskState.NETWORKING : TaskState.SPAWNING;
    row = await ctx.instances.save(
      uuid,
      { task_state: next, host: ctx.host, node: ctx.nodename, launched_on: ctx.host },
      { vmState: [VmState.BUILDING], taskState: [TaskState.SCHEDULING, null] },
    );
  } catch (error) {
    if (error instanceof InstanceNotFound) {
      ctx.logger.info({ instanceUuid: uuid, host: ctx.host }, 'Instance disappeared before build');
      await ctx.deleteAllocations(uuid);
      return;
    }
    if (error instanceof UnexpectedInstanceState) {
      ctx.logger.info({ instanceUuid: uuid, host: ctx.host, reason: error.message }, 'Build preempted');
      return;
    }
    throw error;
  }

  try {
    await ctx.actions.recordEvent(uuid, args.context.requestId, BUILD_EVENT, ctx.host, async () => {
      if (ctx.network) {
        row = await allocateNetworks(
          ctx,
          ctx.network,
          row,
          { task_state: TaskState.SPAWNING },
          { taskState: [TaskState.NETWORKING] },
        );
      }
      row = await connectVolumes(ctx, row, args.context);
      const guest = await ctx.guestOf(row);
      await spawnWithNetwork(ctx, row, () =>
        ctx.driver.spawn(guest.spec, {
          ...guest.devices,
          adminPassword: args.adminPassword,
          injectedFiles: [],
        }),
      );
      const powerState = await ctx.powerStateOf(uuid);
      await ctx.instances.save(
        uuid,
        {
          vm_state: VmState.ACTIVE,
          task_state: null,
          power_state: powerState,
          launched_at: ctx.now().toISOString(),
        },
        { taskState: [TaskState.SPAWNING] },
      );
    });
    ctx.usageChanged();
  } catch (error) {
    if (error instanceof AgentStopped) throw error;
    await buildFailed(ctx, row, args, error);
  }
}

async function buildFailed(
  ctx: AgentContext,
  row: InstanceRow,
  args: ArgsOf<'build_and_run_instance'>,
  error: unknown,
): Promise<void> {
  const uuid = row.uuid;
  const deleted =
    error instanceof InstanceNotFound ||
    (error instanceof UnexpectedInstanceState && error.actual.taskState === TaskState.DELETING);
  // Whatever the failure, nothing of the guest stays, its volumes are disconnected, its ports go
  // (or are let go, the user's) and the claim on this host goes back.
  await ctx.destroyLeftovers(row, 'a failed build');
  await disconnectVolumes(ctx, row).catch((cleanupError: unknown) => {
    if (cleanupError instanceof AgentStopped) throw cleanupError;
    ctx.logFailure(cleanupError, 'disconnecting the volumes of a failed build', uuid);
  });
  await deallocateNetworks(ctx, row).catch((cleanupError: unknown) => {
    if (cleanupError instanceof AgentStopped) throw cleanupError;
    ctx.logFailure(cleanupError, 'deallocating the network of a failed build', uuid);
  });
  await ctx.deleteAllocations(uuid);
  ctx.usageChanged();
  if (deleted) {
    // The delete takes it from here (terminate_instance waits for this build to end).
    ctx.logger.info({ instanceUuid: uuid, host: ctx.host }, 'Instance disappeared during build');
    return;
  }
  const reason = error instanceof Error ? error.message : String(error);
  ctx.logFailure(error, 'build_and_run_instance', uuid);
  const offHost = { host: null, node: null, launched_on: null, network_info: '[]' };
  try {
    if (args.alternates.length > 0) {
      await ctx.instances.save(uuid, { ...offHost, task_state: TaskState.SCHEDULING });
      await ctx.conductor.cast('reschedule_instance', {
        context: args.context,
        instanceUuid: uuid,
        alternates: args.alternates,
        adminPassword: args.adminPassword,
        reason,
      });
      return;
    }
    await ctx.addFault(uuid, error);
    await ctx.instances.save(uuid, { ...offHost, vm_state: VmState.ERROR, task_state: null });
  } catch (secondary) {
    if (secondary instanceof InstanceNotFound) return;
    throw secondary;
  }
}
