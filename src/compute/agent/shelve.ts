import { systemMetadataOf, type InstanceRow } from '../instances/instance-repo.js';
import { TaskState, VmState } from '../instances/states.js';
import { PowerState } from '../virt/power-state.js';
import type { AgentContext } from './agent-context.js';
import type { ArgsOf } from './agent-methods.js';
import { bindPortsHere, spawnWithNetwork, unbindPortsOf } from './instance-network.js';
import { runInstanceTask, type OnFailure } from './instance-task.js';
import { powerOffGuest } from './power-actions.js';
import { deleteShelvedImage, withoutShelvedKeys } from './shelved-image.js';
import { deleteFailedSnapshot, SHELVE_SNAPSHOT_STATES, uploadSnapshot } from './snapshot.js';

/** A failed shelve leaves the instance as it was, with the guest's power state as it is now. */
const shelveFailed =
  (ctx: AgentContext): OnFailure =>
  async (_error, row) => ({
    task_state: null,
    power_state: await ctx.powerStateOf(row.uuid).catch(() => row.power_state),
  });

/**
 * Nova's `_shelve_offload_instance`: the guest goes, its ports leave the host (they stay the
 * instance's), and the claim goes; the instance keeps its snapshot (or volumes) and belongs to no
 * host until it is unshelved.
 */
async function offload(ctx: AgentContext, row: InstanceRow, cleanShutdown: boolean): Promise<void> {
  const guest = await ctx.guestOf(row);
  const powerState = await powerOffGuest(ctx, guest.spec, cleanShutdown);
  await unbindPortsOf(ctx, row);
  await ctx.driver.destroy(guest.spec, guest.devices);
  await ctx.deleteAllocations(row.uuid);
  await ctx.instances.save(
    row.uuid,
    {
      power_state: powerState,
      vm_state: VmState.SHELVED_OFFLOADED,
      task_state: null,
      host: null,
      node: null,
      launched_on: null,
    },
    { taskState: [TaskState.SHELVING, TaskState.SHELVING_OFFLOADING] },
  );
  ctx.usageChanged();
}

/**
 * `shelve_instance` (Nova's `_shelve_instance`): the guest is powered off (at once when paused),
 * its disk goes into the image the API created, and the instance is SHELVED, then offloaded
 * when asked. A volume-backed instance has no image to make.
 */
export function shelveInstance(ctx: AgentContext, args: ArgsOf<'shelve_instance'>) {
  const imageId = args.imageId;
  return runInstanceTask(ctx, {
    method: 'shelve_instance',
    args,
    onFailure: shelveFailed(ctx),
    cleanup: imageId ? () => deleteFailedSnapshot(ctx, imageId, args.instanceUuid) : undefined,
    work: async (row) => {
      const { spec } = await ctx.guestOf(row);
      await powerOffGuest(ctx, spec, row.power_state !== PowerState.PAUSED);
      if (imageId) await uploadSnapshot(ctx, spec, imageId, SHELVE_SNAPSHOT_STATES);
      const systemMetadata = {
        ...systemMetadataOf(row),
        shelved_at: ctx.now().toISOString(),
        shelved_host: ctx.host,
        ...(imageId ? { shelved_image_id: imageId } : {}),
      };
      const shelved = await ctx.instances.save(
        row.uuid,
        {
          vm_state: VmState.SHELVED,
          task_state: args.offload ? TaskState.SHELVING_OFFLOADING : null,
          power_state: await ctx.powerStateOf(row.uuid),
          system_metadata: JSON.stringify(systemMetadata),
        },
        { taskState: [TaskState.SHELVING, TaskState.SHELVING_IMAGE_UPLOADING] },
      );
      if (args.offload) await offload(ctx, shelved, false);
    },
  });
}

/** `shelve_offload_instance`: a SHELVED instance leaves its host. */
export function shelveOffloadInstance(ctx: AgentContext, args: ArgsOf<'shelve_offload_instance'>) {
  return runInstanceTask(ctx, {
    method: 'shelve_offload_instance',
    args,
    onFailure: shelveFailed(ctx),
    work: (row) => offload(ctx, row, true),
  });
}

/**
 * `unshelve_instance` on the host the conductor chose and claimed (Nova's `_unshelve_instance`):
 * the guest is spawned from the shelved snapshot (or its volumes), the snapshot is deleted, and
 * the instance is ACTIVE on this host. On failure the claim goes back and the instance stays
 * SHELVED_OFFLOADED on no host. A SHELVED instance still on this host is simply started again.
 */
export function unshelveInstance(ctx: AgentContext, args: ArgsOf<'unshelve_instance'>) {
  let spawning = false;
  return runInstanceTask(ctx, {
    method: 'unshelve_instance',
    args,
    cleanup: async (row) => {
      if (!spawning) return;
      await ctx.destroyLeftovers(row, 'a failed unshelve');
      await unbindPortsOf(ctx, row);
      await ctx.deleteAllocations(row.uuid);
    },
    onFailure: (_error, row) =>
      spawning
        ? { task_state: null, host: null, node: null, launched_on: null }
        : { task_state: null, power_state: row.power_state },
    work: async (row) => {
      const systemMetadata = systemMetadataOf(row);
      if (row.vm_state === VmState.SHELVED && row.host === ctx.host) {
        const guest = await ctx.guestOf(row);
        await ctx.driver.powerOn(guest.spec, guest.devices);
      } else {
        spawning = true;
        // `setup_instance_network_on_host`: the ports come to this host before the guest does.
        const here = await bindPortsHere(
          ctx,
          await ctx.instances.save(
            row.uuid,
            { task_state: TaskState.SPAWNING, host: ctx.host, node: ctx.nodename, launched_on: ctx.host },
            { taskState: [TaskState.UNSHELVING] },
          ),
        );
        const imageId = systemMetadata.shelved_image_id ?? (row.image_ref || null);
        const guest = await ctx.guestOf(here, { imageId });
        await spawnWithNetwork(ctx, here, () =>
          ctx.driver.spawn(guest.spec, { ...guest.devices, adminPassword: null, injectedFiles: [] }),
        );
      }
      await ctx.instances.save(
        row.uuid,
        {
          vm_state: VmState.ACTIVE,
          task_state: null,
          power_state: await ctx.powerStateOf(row.uuid),
          launched_at: ctx.now().toISOString(),
          system_metadata: JSON.stringify(withoutShelvedKeys(systemMetadata)),
        },
        { taskState: [TaskState.UNSHELVING, TaskState.SPAWNING] },
      );
      ctx.usageChanged();
      await deleteShelvedImage(ctx, row.uuid, systemMetadata);
    },
  });
}
