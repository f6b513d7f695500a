import { UnexpectedInstanceState, type InstanceRow } from '../instances/instance-repo.js';
import { InstanceAction } from '../instances/instance-actions-repo.js';
import { VmState } from '../instances/states.js';
import { PowerState } from '../virt/power-state.js';
import type { AgentContext } from './agent-context.js';
import { AgentStopped } from './lifecycle.js';
import { stopGuest } from './power-actions.js';

const { NOSTATE, SHUTDOWN, CRASHED, SUSPENDED } = PowerState;

/**
 * Whether the instance should be stopped for the power state its guest is in (Nova's
 * `_sync_instance_power_state`): an ACTIVE instance whose guest shut down, crashed, was
 * suspended or is gone; a STOPPED one whose guest runs again; a PAUSED one whose guest is off.
 */
function needsStop(vmState: string, powerState: PowerState): boolean {
  switch (vmState) {
    case VmState.ACTIVE:
      // Nova only logs a guest that vanished; Stratus stops the instance too, so it shows SHUTOFF.
      return ([SHUTDOWN, CRASHED, SUSPENDED, NOSTATE] as PowerState[]).includes(powerState);
    case VmState.STOPPED:
      return !([NOSTATE, SHUTDOWN, CRASHED] as PowerState[]).includes(powerState);
    case VmState.PAUSED:
      return powerState === SHUTDOWN || powerState === CRASHED;
    default:
      return false;
  }
}

/**
 * The stop the sync makes, as Nova's call to the compute API's stop would: a 'stop' action on
 * the instance with its `compute_stop_instance` event, so `os-instance-actions` tells why.
 */
async function stopForSync(ctx: AgentContext, row: InstanceRow): Promise<void> {
  const context = ctx.systemContext();
  await ctx.actions.start({
    instanceUuid: row.uuid,
    action: InstanceAction.STOP,
    requestId: context.requestId,
    userId: row.user_id,
    projectId: row.project_id,
  });
  await ctx.actions.recordEvent(row.uuid, context.requestId, 'compute_stop_instance', ctx.host, () =>
    stopGuest(ctx, row, false),
  );
}

async function syncInstance(ctx: AgentContext, uuid: string): Promise<void> {
  const row = await ctx.instances.find(uuid);
  // An instance that moved away or has a task under way is left to that task, as Nova does.
  if (!row || row.host !== ctx.host || row.task_state !== null) return;
  const powerState = await ctx.powerStateOf(uuid);
  let current = row;
  if (powerState !== row.power_state) {
    ctx.logger.info(
      { instanceUuid: uuid, dbPowerState: row.power_state, vmPowerState: powerState },
      'Power state in the database differs from the hypervisor; updating it',
    );
    current = await ctx.instances.save(uuid, { power_state: powerState }, { taskState: [null] });
  }
  if (needsStop(current.vm_state, powerState)) await stopForSync(ctx, current);
}

/**
 * Nova's `_sync_power_states`: every instance of this host gets the power state its guest is in,
 * and an instance whose guest stopped (or runs when it should not) is stopped. An instance with
 * an operation under way is skipped; the next run sees it.
 */
export async function syncPowerStates(ctx: AgentContext): Promise<void> {
  const rows = await ctx.db
    .selectFrom('instances')
    .select('uuid')
    .where('host', '=', ctx.host)
    .where('deleted', '=', 0)
    .execute();
  for (const { uuid } of rows) {
    if (ctx.locks.isHeld(uuid)) continue;
    try {
      await ctx.locks.run(uuid, () => syncInstance(ctx, uuid));
    } catch (error) {
      if (error instanceof AgentStopped) throw error;
      // A request that started a task meanwhile wins; the next run sees the outcome.
      if (!(error instanceof UnexpectedInstanceState)) ctx.logFailure(error, 'power state sync', uuid);
    }
  }
}
