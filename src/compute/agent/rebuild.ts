import { flavorOf, systemMetadataOf } from '../instances/instance-repo.js';
import { TaskState, VmState } from '../instances/states.js';
import type { AgentContext } from './agent-context.js';
import type { ArgsOf } from './agent-methods.js';
import { withImageMetadata } from './guest-spec.js';
import { errorOut, runInstanceTask } from './instance-task.js';
import { powerOffGuest } from './power-actions.js';
import { bindPortsHere } from './instance-network.js';

/**
 * `rebuild_instance` (Nova's `_do_rebuild_instance`): the guest is destroyed and spawned again
 * from `imageRef`, and a stopped instance is stopped again afterwards. For an evacuation the old
 * guest is on a failed host: the instance moves to this one (whose claim the conductor made) and
 * its evacuation record ends 'done', or 'failed' with this host's claim given back. A failure
 * leaves the instance in ERROR, as Nova's does.
 */
export function rebuildInstance(ctx: AgentContext, args: ArgsOf<'rebuild_instance'>) {
  const evacuating = args.evacuatedFrom !== null;
  let evacuationUuid: string | null = null;
  return runInstanceTask(ctx, {
    method: 'rebuild_instance',
    args,
    onFailure: errorOut,
    cleanup: async (row) => {
      if (!evacuating) return;
      if (evacuationUuid) await ctx.migrations.setStatus(evacuationUuid, 'failed');
      await ctx.destroyLeftovers(row, 'a failed evacuation');
      await ctx.removeOwnAllocations(row.uuid);
    },
    work: async (row) => {
      let systemMetadata = systemMetadataOf(row);
      if (args.imageRef !== row.image_ref) {
        const image = await ctx.images.getImage(args.imageRef);
        if (!image) throw new Error(`Image ${args.imageRef} could not be found.`);
        systemMetadata = withImageMetadata(systemMetadata, image, flavorOf(row));
      }
      const evacuation = evacuating ? await ctx.migrations.findEvacuation(row.uuid) : undefined;
      if (evacuation) {
        evacuationUuid = evacuation.uuid;
        await ctx.migrations.update(evacuation.uuid, {
          status: 'pre-migrating',
          dest_compute: ctx.host,
          dest_node: ctx.nodename,
        });
      }
      const rebuilding = await ctx.instances.save(
        row.uuid,
        {
          task_state: TaskState.REBUILD_BLOCK_DEVICE_MAPPING,
          image_ref: args.imageRef,
          system_metadata: JSON.stringify(systemMetadata),
          ...(evacuating ? { host: ctx.host, node: ctx.nodename, launched_on: ctx.host } : {}),
        },
        { taskState: [TaskState.REBUILDING] },
      );
      // An evacuated server's ports come to this host (`setup_instance_network_on_host`).
      const guest = await ctx.guestOf(evacuating ? await bindPortsHere(ctx, rebuilding) : rebuilding);
      // The old guest: here unless it was on the failed host (destroy is a no-op then).
      await ctx.driver.destroy(guest.spec, guest.devices);
      await ctx.instances.save(
        row.uuid,
        { task_state: TaskState.REBUILD_SPAWNING },
        { taskState: [TaskState.REBUILD_BLOCK_DEVICE_MAPPING] },
      );
      await ctx.driver.spawn(guest.spec, {
        ...guest.devices,
        adminPassword: args.adminPassword,
        injectedFiles: [],
      });
      const stopped = row.vm_state === VmState.STOPPED;
      const powerState = stopped
        ? await powerOffGuest(ctx, guest.spec, true)
        : await ctx.powerStateOf(row.uuid);
      await ctx.instances.save(
        row.uuid,
        {
          vm_state: stopped ? VmState.STOPPED : VmState.ACTIVE,
          task_state: null,
          power_state: powerState,
          launched_at: ctx.now().toISOString(),
        },
        { taskState: [TaskState.REBUILD_SPAWNING] },
      );
      if (evacuation) await ctx.migrations.setStatus(evacuation.uuid, 'done');
      ctx.usageChanged();
    },
  });
}
