import {
  InstanceNotFound,
  UnexpectedInstanceState,
  type InstanceChanges,
  type InstanceRow,
} from '../instances/instance-repo.js';
import { VmState } from '../instances/states.js';
import type { ComputeMethods } from '../rpc/compute-api.js';
import { VirtError, VirtErrorCode } from '../virt/errors.js';
import type { AgentContext } from './agent-context.js';
import { AgentStopped } from './lifecycle.js';

/** What a failed operation leaves on the instance beside its fault. */
export type OnFailure = (error: unknown, row: InstanceRow) => InstanceChanges | Promise<InstanceChanges>;

/** Nova's `reverts_task_state`: the task is over, the instance stays as it was. */
export const revertTaskState: OnFailure = () => ({ task_state: null });

/** Nova's `_error_out_instance_on_exception` for an unexpected failure: ERROR, no task. */
export const errorOut: OnFailure = () => ({ vm_state: VmState.ERROR, task_state: null });

const refusals: readonly string[] = [
  VirtErrorCode.INVALID_POWER_STATE,
  VirtErrorCode.NOT_SUPPORTED,
  VirtErrorCode.NOT_RESCUABLE,
  VirtErrorCode.NOT_IN_RESCUE_MODE,
];

/** The hypervisor refused the operation and left the guest as it was (nothing broke). */
export function isRefusal(error: unknown): boolean {
  return error instanceof VirtError && refusals.includes(error.code);
}

/** ERROR for a hypervisor that failed; the old state when it only refused (the guest is unchanged). */
export const errorUnlessRefused: OnFailure = (error, row) =>
  isRefusal(error) ? revertTaskState(error, row) : errorOut(error, row);

export interface InstanceTask<T> {
  /** The method, whose instance action event is `compute_<method>`. */
  method: keyof ComputeMethods & string;
  args: { context: { requestId: string }; instanceUuid: string };
  work: (row: InstanceRow) => Promise<T>;
  /** The state a failure leaves (after the fault is recorded); default: back to no task. */
  onFailure?: OnFailure;
  /** Gives back what the operation held when it fails (allocations, a half-made image...). */
  cleanup?: (row: InstanceRow, error: unknown) => Promise<void>;
  /** Records no instance action event (Nova records none for console look-ups). */
  noEvent?: boolean;
  /** Rethrows the failure to the caller of an RPC call, after recording it. */
  rethrow?: boolean;
  /** Runs beside other operations on the instance (a look-up that changes nothing). */
  unlocked?: boolean;
}

/**
 * One operation on an instance, as Nova's decorators wrap a ComputeManager method: serialised per
 * instance (`synchronized`), its event recorded (`wrap_instance_event`), and on failure a fault
 * (`wrap_instance_fault`) and the state Nova leaves (`reverts_task_state` or ERROR). An instance
 * that is gone, or a task another request took over, ends the operation quietly, as in Nova.
 */
export async function runInstanceTask<T>(ctx: AgentContext, task: InstanceTask<T>): Promise<T | undefined> {
  const uuid = task.args.instanceUuid;
  const run = async () => {
    const row = await ctx.instances.find(uuid);
    if (!row) {
      ctx.logger.info({ instanceUuid: uuid, host: ctx.host }, `${task.method}: the instance is gone`);
      if (task.rethrow) throw new InstanceNotFound(uuid);
      return undefined;
    }
    try {
      if (task.noEvent) return await task.work(row);
      const event = `compute_${task.method}`;
      return await ctx.actions.recordEvent(uuid, task.args.context.requestId, event, ctx.host, () =>
        task.work(row),
      );
    } catch (error) {
      if (error instanceof AgentStopped) throw error;
      await recordFailure(ctx, row, error, task);
      if (task.rethrow) throw error;
      return undefined;
    }
  };
  return task.unlocked ? run() : ctx.locks.run(uuid, run);
}

async function recordFailure<T>(
  ctx: AgentContext,
  row: InstanceRow,
  error: unknown,
  task: InstanceTask<T>,
): Promise<void> {
  // Another request took the instance over (a delete, most often), or it is gone: Nova leaves its
  // state alone then, but what the operation held still goes back.
  const preempted = error instanceof UnexpectedInstanceState || error instanceof InstanceNotFound;
  if (preempted)
    ctx.logger.info(
      { instanceUuid: row.uuid, host: ctx.host, reason: error.message },
      `${task.method} preempted`,
    );
  else ctx.logFailure(error, task.method, row.uuid);
  try {
    if (task.cleanup) {
      await task.cleanup(row, error).catch((cleanupError: unknown) => {
        if (cleanupError instanceof AgentStopped) throw cleanupError;
        ctx.logFailure(cleanupError, `clean-up after ${task.method}`, row.uuid);
      });
    }
    if (preempted) return;
    await ctx.addFault(row.uuid, error);
    const changes = await (task.onFailure ?? revertTaskState)(error, row);
    if (Object.keys(changes).length > 0) await ctx.instances.save(row.uuid, changes);
  } catch (secondary) {
    if (secondary instanceof AgentStopped) throw secondary;
    if (!(secondary instanceof InstanceNotFound))
      ctx.logFailure(secondary, `recording the failure of ${task.method}`, row.uuid);
  }
}
