import { InstanceNotFound, networkInfoOf } from '../instances/instance-repo.js';
import { vifSpecsOf } from '../networking/network-info.js';
import type { ExternalEvent } from '../rpc/compute-api.js';
import type { AgentContext } from './agent-context.js';
import { refreshNetworkInfo } from './instance-network.js';

/** The events Neutron sends that the agent acts on itself, rather than handing them to a waiter. */
export const NETWORK_CACHE_EVENTS = ['network-changed', 'network-vif-deleted'];

/**
 * What Nova's `external_instance_event` does for Neutron's own events, under the instance's lock
 * (after any build or move under way): `network-changed` refreshes the network info (a floating
 * IP or an address changed); `network-vif-deleted` takes a deleted port off the guest and out of
 * the network info. An instance gone meanwhile needs nothing.
 */
export async function handleNetworkEvent(ctx: AgentContext, event: ExternalEvent): Promise<void> {
  if (!ctx.network) return;
  await ctx.locks.run(event.instanceUuid, async () => {
    const row = await ctx.instances.find(event.instanceUuid);
    if (!row) return;
    try {
      if (event.name === 'network-changed') {
        await refreshNetworkInfo(ctx, row);
        return;
      }
      const networkInfo = networkInfoOf(row);
      const deleted = networkInfo.find((vif) => vif.portId === event.tag);
      if (!deleted) return;
      await ctx.instances.save(row.uuid, {
        network_info: JSON.stringify(networkInfo.filter((vif) => vif !== deleted)),
      });
      if (row.host === ctx.host) {
        await ctx.driver
          .detachInterface((await ctx.guestOf(row)).spec, vifSpecsOf([deleted])[0])
          .catch((error: unknown) =>
            ctx.logFailure(error, `detaching deleted port ${deleted.portId}`, row.uuid),
          );
      }
    } catch (error) {
      if (!(error instanceof InstanceNotFound)) throw error;
    }
  });
}
