import { InstanceNotFound } from '../instances/instance-repo.js';
import { VmState } from '../instances/states.js';
import { OverQuota } from '../quotas/over-quota.js';
import type { ConductorMethods } from '../rpc/conductor-api.js';
import type { RpcContext } from '../rpc/context.js';
import type { StoredRequestSpec } from '../rpc/request-spec.js';
import type { InstanceSelection } from '../rpc/scheduler-api.js';
import type { ConductorContext } from './conductor-context.js';
import { ConductorError } from './errors.js';

type BuildArgs = Parameters<ConductorMethods['build_instances']>[0];

/** The event a failed scheduling leaves on the `create` action, as Nova's cell0 burial records it. */
export const SCHEDULE_AND_BUILD_EVENT = 'conductor_schedule_and_build_instances';

/**
 * Nova's TooManyInstances from the quota recheck: deltas of 0 say nothing of the request, so
 * the message names what was asked and the limit as what is used, as Nova's does.
 */
function tooManyInstances(error: OverQuota, spec: StoredRequestSpec, count: number): ConductorError {
  const requested: Record<string, number> = {
    instances: count,
    cores: count * spec.flavor.vcpus,
    ram: count * spec.flavor.memoryMb,
  };
  const overs = error.overs.map((over) => over.resource);
  const reqs = error.overs.map((over) => String(requested[over.resource] ?? over.requested));
  const limits = error.overs.map((over) => String(over.allowed));
  return new ConductorError(
    'TooManyInstances',
    `Quota exceeded for ${overs.join(', ')}: Requested ${reqs.join(', ')}, but already used ` +
      `${limits.join(', ')} of ${limits.join(', ')} ${overs.join(', ')}`,
    413,
  );
}

/**
 * A server that will not be built: ERROR with no task, the fault, the failed event on its create
 * action, and nothing left claimed in placement (Nova's _bury_in_cell0).
 */
async function buryFailedBuild(
  ctx: ConductorContext,
  context: RpcContext,
  instanceUuid: string,
  error: unknown,
): Promise<void> {
  await ctx.removeAllocations(instanceUuid);
  await ctx.failInstance(instanceUuid, { vm_state: VmState.ERROR, task_state: null }, error);
  await ctx.failedEvent(instanceUuid, context, SCHEDULE_AND_BUILD_EVENT, error);
}

/**
 * Nova's schedule_and_build_instances for servers the API already wrote (in BUILD, scheduling):
 * the scheduler picks and claims a host for each, each takes its host's availability zone, the
 * quota is checked again with the servers counted, and each chosen agent gets
 * `build_and_run_instance` with the alternates (the agent sets host and node when it starts).
 */
export async function buildInstances(ctx: ConductorContext, args: BuildArgs): Promise<void> {
  const { context } = args;
  const rows = await Promise.all(args.instanceUuids.map((uuid) => ctx.instances.find(uuid)));
  const uuids = rows.filter((row) => row !== null).map((row) => row.uuid);
  if (uuids.length === 0) return;

  let spec: StoredRequestSpec;
  let picks: InstanceSelection[];
  try {
    spec = await ctx.requestSpec(uuids[0]);
    picks = await ctx.selectDestinations({ context, spec, instanceUuids: uuids, returnAlternates: true });
  } catch (error) {
    ctx.logger.warn({ err: error, instances: uuids }, 'Failed to schedule instances');
    for (const uuid of uuids) await buryFailedBuild(ctx, context, uuid, error);
    return;
  }

  const building: InstanceSelection[] = [];
  for (const pick of picks) {
    try {
      await ctx.instances.save(pick.instanceUuid, {
        availability_zone: await ctx.zoneOf(pick.selection.host),
      });
      building.push(pick);
    } catch (error) {
      if (!(error instanceof InstanceNotFound)) throw error;
      // Deleted while it was being scheduled: its claim goes, and there is nothing to build.
      ctx.logger.debug({ instanceUuid: pick.instanceUuid }, 'While scheduling instance, it was deleted.');
      await ctx.removeAllocations(pick.instanceUuid);
    }
  }

  try {
    await ctx.quotas.checkQuota(spec.projectId, spec.userId, { instances: 0, cores: 0, ram: 0 });
  } catch (error) {
    const failure =
      error instanceof OverQuota ? tooManyInstances(error, spec, args.instanceUuids.length) : error;
    for (const pick of building) await buryFailedBuild(ctx, context, pick.instanceUuid, failure);
    return;
  }

  for (const pick of building) {
    ctx.logger.debug(
      {
        instanceUuid: pick.instanceUuid,
        host: pick.selection.host,
        node: pick.selection.nodename,
        alternates: pick.alternates.map((alternate) => alternate.host),
      },
      'Selected host',
    );
    await ctx.agent(pick.selection.host).cast('build_and_run_instance', {
      context,
      instanceUuid: pick.instanceUuid,
      adminPassword: args.adminPassword,
      alternates: pick.alternates,
    });
  }
}
