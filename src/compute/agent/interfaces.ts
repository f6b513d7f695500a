import { BadRequest } from '../../common/http/errors.js';
import type { InstanceVif } from '../db/schema.js';
import { networkInfoOf } from '../instances/instance-repo.js';
import { allocateForInstance } from '../networking/allocate-for-instance.js';
import { deallocatePortForInstance } from '../networking/deallocate.js';
import { InterfaceAttachFailed, InterfaceDetachFailed, PortNotFound } from '../networking/errors.js';
import { vifSpecsOf } from '../networking/network-info.js';
import type { AgentContext } from './agent-context.js';
import type { ArgsOf } from './agent-methods.js';
import { refreshNetworkInfo } from './instance-network.js';
import { runInstanceTask } from './instance-task.js';

/** Interface changes leave the instance's state as it was, whatever happens. */
const keepState = () => ({});

/** The network service, or Nova's answer for a cloud without one. */
function networkOf(ctx: AgentContext, instanceUuid: string) {
  if (!ctx.network)
    throw new BadRequest(`Attaching interfaces is not supported for instance ${instanceUuid}.`);
  return ctx.network;
}

/**
 * `attach_interface` (a call): the hypervisor must hot-plug (and tag, when a tag is given); the
 * port is allocated and bound here, then plugged; when the plug fails the port goes again and
 * the API answers InterfaceAttachFailed. Returns the new VIF.
 */
export async function attachInterface(
  ctx: AgentContext,
  args: ArgsOf<'attach_interface'>,
): Promise<InstanceVif> {
  const vif = await runInstanceTask(ctx, {
    method: 'attach_interface',
    args,
    rethrow: true,
    onFailure: keepState,
    work: async (row) => {
      const { capabilities } = ctx.driver;
      if (!capabilities.supportsAttachInterface)
        throw new BadRequest(`Attaching interfaces is not supported for instance ${row.uuid}.`);
      if (args.request.tag && !capabilities.supportsTaggedAttachInterface)
        throw new BadRequest('Tagged network interface attach is not supported by this compute service.');
      const network = networkOf(ctx, row.uuid);
      const allocation = await allocateForInstance(
        network,
        { uuid: row.uuid, projectId: row.project_id, availabilityZone: row.availability_zone },
        { requested: [args.request], securityGroups: [], host: ctx.host, previous: networkInfoOf(row) },
      );
      const [attached] = allocation.allocated;
      try {
        await ctx.driver.attachInterface((await ctx.guestOf(row)).spec, vifSpecsOf([attached])[0]);
      } catch (error) {
        ctx.logFailure(error, `attaching port ${attached.portId}`, row.uuid);
        await deallocatePortForInstance(network, allocation.networkInfo, attached.portId);
        throw new InterfaceAttachFailed(row.uuid);
      }
      await ctx.instances.save(row.uuid, {
        network_info: JSON.stringify(allocation.networkInfo),
        security_groups: JSON.stringify(allocation.securityGroupNames),
      });
      return attached;
    },
  });
  return vif!;
}

/**
 * `detach_interface`: the VIF is unplugged from the guest, then the port deleted (or unbound,
 * when it was the user's), and the network info refreshed.
 */
export function detachInterface(ctx: AgentContext, args: ArgsOf<'detach_interface'>) {
  return runInstanceTask(ctx, {
    method: 'detach_interface',
    args,
    onFailure: keepState,
    work: async (row) => {
      const network = networkOf(ctx, row.uuid);
      const networkInfo = networkInfoOf(row);
      const condemned = networkInfo.find((vif) => vif.portId === args.portId);
      if (!condemned) throw new PortNotFound(args.portId);
      try {
        await ctx.driver.detachInterface((await ctx.guestOf(row)).spec, vifSpecsOf([condemned])[0]);
      } catch (error) {
        ctx.logFailure(error, `detaching port ${args.portId}`, row.uuid);
        throw new InterfaceDetachFailed(row.uuid);
      }
      const failures = await deallocatePortForInstance(network, networkInfo, args.portId);
      for (const { portId, error } of failures) ctx.logFailure(error, `unbinding port ${portId}`, row.uuid);
      await refreshNetworkInfo(ctx, row);
    },
  });
}
