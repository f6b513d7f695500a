import { VmState } from '../instances/states.js';
import type { ConductorMethods } from '../rpc/conductor-api.js';
import type { ConductorContext } from './conductor-context.js';
import { ConductorError, maxRetriesExceeded } from './errors.js';

type RescheduleArgs = Parameters<ConductorMethods['reschedule_instance']>[0];

/**
 * Nova's build_instances on a reschedule (`host_lists` given): the alternates are tried in
 * order, each by claiming its allocation request; the first that takes the claim gets
 * `build_and_run_instance` with those left. With none left the server goes to ERROR with
 * MaxRetriesExceeded, the last host's failure in the fault's details, and no claim held.
 */
export async function rescheduleInstance(ctx: ConductorContext, args: RescheduleArgs): Promise<void> {
  const { context, instanceUuid } = args;
  const row = await ctx.instances.find(instanceUuid);
  if (!row) return;
  const owner = { projectId: row.project_id, userId: row.user_id };
  const remaining = [...args.alternates];
  try {
    while (remaining.length > 0) {
      const host = remaining.shift()!;
      if (!(await ctx.claimAlternate(instanceUuid, host.allocationRequest, owner))) {
        ctx.logger.debug(
          { instanceUuid, host: host.host },
          'alternate host has no room left, trying the next',
        );
        continue;
      }
      await ctx.instances.save(instanceUuid, { availability_zone: await ctx.zoneOf(host.host) });
      ctx.logger.debug(
        { instanceUuid, host: host.host, alternates: remaining.map((alternate) => alternate.host) },
        'Rescheduling to an alternate host',
      );
      await ctx.agent(host.host).cast('build_and_run_instance', {
        context,
        instanceUuid,
        adminPassword: args.adminPassword,
        alternates: remaining,
      });
      return;
    }
    throw maxRetriesExceeded(
      `Exhausted all hosts available for retrying build failures for instance ${instanceUuid}.`,
    );
  } catch (error) {
    await ctx.removeAllocations(instanceUuid);
    const exhausted = error instanceof ConductorError && error.name === 'MaxRetriesExceeded';
    await ctx.failInstance(
      instanceUuid,
      { vm_state: VmState.ERROR, task_state: null },
      error,
      exhausted ? { details: `The last build failed: ${args.reason}` } : {},
    );
  }
}
