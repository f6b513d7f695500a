import type { InstanceRow } from '../instances/instance-repo.js';
import { PowerState } from '../virt/power-state.js';
import type { AgentContext } from './agent-context.js';
import type { ArgsOf } from './agent-methods.js';
import { releaseVolumes } from './boot-volumes.js';
import { deallocateNetworks } from './instance-network.js';
import { errorOut, runInstanceTask } from './instance-task.js';

/**
 * Nova's `_delete_instance`: the guest goes with its disks (a guest already gone is fine), its
 * volumes' attachments (and the volumes marked delete_on_termination), then its ports (compute's deleted, the user's unbound), the claim in placement goes, and the row is
 * marked deleted only once the claim is gone, so a failure can be retried by deleting again.
 */
export async function deleteInstance(ctx: AgentContext, row: InstanceRow): Promise<void> {
  const guest = await ctx.guestOf(row);
  await ctx.driver.destroy(guest.spec, { ...guest.devices, destroyDisks: true });
  await releaseVolumes(ctx, row);
  await deallocateNetworks(ctx, row);
  await ctx.deleteAllocations(row.uuid);
  await ctx.instances.markDeleted(row.uuid, { power_state: PowerState.NOSTATE });
  ctx.usageChanged();
}

/** `terminate_instance`: a failed delete leaves the instance in ERROR, as Nova's does. */
export function terminateInstance(ctx: AgentContext, args: ArgsOf<'terminate_instance'>): Promise<unknown> {
  return runInstanceTask(ctx, {
    method: 'terminate_instance',
    args,
    onFailure: errorOut,
    work: (row) => deleteInstance(ctx, row),
  });
}
