import { flavorOf } from '../instances/instance-repo.js';
import { TaskState, VmState } from '../instances/states.js';
import type { ConductorMethods } from '../rpc/conductor-api.js';
import type { ConductorContext } from './conductor-context.js';
import { isNoValidHost } from './errors.js';

type UnshelveArgs = Parameters<ConductorMethods['unshelve_instance']>[0];

/**
 * Nova's unshelve_instance. A SHELVED server is still on its host: it is powered on there. A
 * SHELVED_OFFLOADED one is scheduled from its stored spec (in the zone asked for, which the spec
 * keeps from now on, and on the host asked for), claimed, and `unshelve_instance` is cast to the
 * chosen host. No valid host leaves it SHELVED_OFFLOADED with no task (and a fault, which Nova
 * only logs); any other failure clears the task and is recorded on the action.
 */
export async function unshelveInstance(ctx: ConductorContext, args: UnshelveArgs): Promise<void> {
  const { context, instanceUuid } = args;
  await ctx.recordEvent(instanceUuid, context, 'conductor_unshelve_instance', async () => {
    const instance = await ctx.instances.get(instanceUuid);
    if (instance.vm_state === VmState.SHELVED && instance.host) {
      await ctx.instances.save(
        instanceUuid,
        { task_state: TaskState.POWERING_ON },
        { taskState: [TaskState.UNSHELVING] },
      );
      await ctx.agent(instance.host).cast('start_instance', { context, instanceUuid });
      return;
    }
    if (instance.vm_state !== VmState.SHELVED_OFFLOADED) {
      ctx.logger.error({ instanceUuid }, 'Unshelve attempted but vm_state not SHELVED or SHELVED_OFFLOADED');
      await ctx.instances.save(instanceUuid, { vm_state: VmState.ERROR });
      return;
    }
    try {
      let spec = await ctx.requestSpec(instanceUuid);
      if (args.availabilityZone) {
        spec = { ...spec, availabilityZone: args.availabilityZone };
        await ctx.saveRequestSpec(instanceUuid, spec);
      }
      const [pick] = await ctx.selectDestinations({
        context,
        spec: { ...spec, flavor: flavorOf(instance), forceHosts: [], forceNodes: [] },
        instanceUuids: [instanceUuid],
        requestedDestination: args.host ? { host: args.host, node: null } : null,
        returnAlternates: false,
      });
      const destination = pick.selection;
      try {
        await ctx.instances.save(instanceUuid, { availability_zone: await ctx.zoneOf(destination.host) });
        await ctx.agent(destination.host).cast('unshelve_instance', { context, instanceUuid, destination });
      } catch (error) {
        await ctx.removeAllocations(instanceUuid);
        throw error;
      }
    } catch (error) {
      if (isNoValidHost(error)) {
        ctx.logger.warn({ instanceUuid }, 'No valid host found for unshelve instance');
        await ctx.failInstance(instanceUuid, { task_state: null }, error);
      } else {
        ctx.logger.error({ err: error, instanceUuid }, 'Unshelve attempted but an error has occurred');
        await ctx.instances.save(instanceUuid, { task_state: null }).catch(() => {});
      }
      throw error;
    }
  });
}
