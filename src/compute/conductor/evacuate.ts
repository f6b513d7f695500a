import { flavorOf } from '../instances/instance-repo.js';
import type { MigrationRow } from '../instances/migrations-repo.js';
import { VmState } from '../instances/states.js';
import type { ConductorMethods } from '../rpc/conductor-api.js';
import type { ConductorContext } from './conductor-context.js';
import { computeServiceInUse } from './errors.js';

type EvacuateArgs = Parameters<ConductorMethods['evacuate_instance']>[0];

/**
 * Nova's rebuild_instance for an evacuation: the source host must be down; a new host is
 * scheduled without it (the host asked for, or any) and claimed, the instance keeping its
 * source allocation as well until the source cleans up; then `rebuild_instance` is cast to the
 * new host with `evacuatedFrom`. The `evacuation` record is the API's (created here when absent).
 * Failure: the record goes to `error` and the server to ERROR with a fault, as Nova's.
 */
export async function evacuateInstance(ctx: ConductorContext, args: EvacuateArgs): Promise<void> {
  const { context, instanceUuid } = args;
  await ctx.recordEvent(instanceUuid, context, 'conductor_rebuild_server', async () => {
    const instance = await ctx.instances.get(instanceUuid);
    const source = instance.host;
    let migration: MigrationRow | undefined = await ctx.migrations.findInStatus(
      instanceUuid,
      'accepted',
      'evacuation',
    );
    migration ??= await ctx.migrations.create({
      instanceUuid,
      type: 'evacuation',
      status: 'accepted',
      sourceCompute: source,
      sourceNode: instance.node,
      destCompute: args.host,
      oldFlavorId: null,
      newFlavorId: null,
      userId: context.userId,
      projectId: context.projectId,
    });
    // The API refuses an evacuation from a host that is up; checked again as it may have come back.
    if (source && (await ctx.isComputeUp(source))) {
      const error = computeServiceInUse(source);
      await ctx.migrations.update(migration.uuid, { status: 'error' });
      await ctx.failInstance(instanceUuid, { vm_state: instance.vm_state, task_state: null }, error);
      throw error;
    }
    try {
      const spec = await ctx.requestSpec(instanceUuid);
      const [pick] = await ctx.selectDestinations({
        context,
        spec: { ...spec, flavor: flavorOf(instance), forceHosts: [], forceNodes: [] },
        instanceUuids: [instanceUuid],
        ignoreHosts: source ? [source] : [],
        requestedDestination: args.host ? { host: args.host, node: null } : null,
        returnAlternates: false,
      });
      const destination = pick.selection;
      try {
        await ctx.migrations.update(migration.uuid, {
          dest_compute: destination.host,
          dest_node: destination.nodename,
        });
        await ctx.instances.save(instanceUuid, { availability_zone: await ctx.zoneOf(destination.host) });
        await ctx.agent(destination.host).cast('rebuild_instance', {
          context,
          instanceUuid,
          imageRef: instance.image_ref,
          adminPassword: args.adminPassword,
          preserveEphemeral: false,
          evacuatedFrom: source,
        });
      } catch (error) {
        await ctx.removeProviderAllocation(instanceUuid, destination.providerUuid);
        throw error;
      }
    } catch (error) {
      await ctx.migrations.update(migration.uuid, { status: 'error' });
      await ctx.failInstance(instanceUuid, { vm_state: VmState.ERROR, task_state: null }, error);
      throw error;
    }
  });
}
