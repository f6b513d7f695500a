import { InstanceNotFound } from '../instances/instance-repo.js';
import { VolumeBdms, nextDeviceName } from '../volumes/volume-bdms.js';
import {
  MultiattachNotSupportedByVirtDriver,
  VolumeTaggedAttachNotSupported,
} from '../volumes/volume-errors.js';
import type { AgentContext } from './agent-context.js';
import type { ArgsOf } from './agent-methods.js';
import { runInstanceTask } from './instance-task.js';
import { cinderOf, connectToHost, deleteAttachmentQuietly, savedConnection } from './volume-connections.js';

/** Volume attach and detach leave the instance's state as it was, whatever happens (as Nova's). */
const keepState = () => ({});

/**
 * `reserve_block_device_name` (a call), under the instance's lock so two attaches never take the
 * same device: the driver must be able to tag and share as asked, the next free device is picked
 * and the volume's mapping recorded with it.
 */
export async function reserveBlockDeviceName(
  ctx: AgentContext,
  args: ArgsOf<'reserve_block_device_name'>,
): Promise<{ device: string; bdmUuid: string }> {
  return ctx.locks.run(args.instanceUuid, async () => {
    const row = await ctx.instances.find(args.instanceUuid);
    if (!row) throw new InstanceNotFound(args.instanceUuid);
    const { capabilities } = ctx.driver;
    if (args.tag && !capabilities.supportsTaggedAttachVolume) throw new VolumeTaggedAttachNotSupported();
    if (args.multiattach && !capabilities.supportsMultiattach)
      throw new MultiattachNotSupportedByVirtDriver(args.volumeId);
    const bdms = new VolumeBdms(ctx.db, ctx.now);
    const device = nextDeviceName(row, await bdms.ofInstance(row.uuid));
    const bdmUuid = await bdms.addAttached(row.uuid, {
      volumeId: args.volumeId,
      device,
      tag: args.tag,
      deleteOnTermination: args.deleteOnTermination,
    });
    return { device, bdmUuid };
  });
}

/**
 * `attach_volume`: the reserved volume is connected to this host, plugged into the guest and
 * marked attached in Cinder. A failure takes it all back (the guest's device, the attachment,
 * the mapping): the volume is available again and the server as it was.
 */
export function attachVolume(ctx: AgentContext, args: ArgsOf<'attach_volume'>) {
  const bdms = new VolumeBdms(ctx.db, ctx.now);
  return runInstanceTask(ctx, {
    method: 'attach_volume',
    args,
    onFailure: keepState,
    work: async (row) => {
      const bdm = await bdms.byUuid(args.bdmUuid);
      if (!bdm) return;
      const cinder = cinderOf(ctx, row);
      const { spec } = await ctx.guestOf(row);
      let plugged = false;
      try {
        const connection = await connectToHost(ctx, cinder, spec, bdm);
        const mountpoint = bdm.device_name!;
        await ctx.driver.attachVolume(spec, { connection, mountpoint, bootIndex: null, tag: bdm.tag });
        plugged = true;
        await bdms.update(bdm.id, { connection_info: JSON.stringify(connection) });
        await cinder.completeAttachment(bdm.attachment_id!);
      } catch (error) {
        if (plugged) {
          await ctx.driver
            .detachVolume(spec, savedConnection((await bdms.byUuid(bdm.uuid)) ?? bdm)!, bdm.device_name!)
            .catch((unplugError: unknown) =>
              ctx.logFailure(unplugError, 'unplugging a failed attach', row.uuid),
            );
        }
        if (bdm.attachment_id) await deleteAttachmentQuietly(ctx, cinder, bdm.attachment_id, row.uuid);
        await bdms.remove(bdm.id);
        throw error;
      }
    },
  });
}

/**
 * `detach_volume`: the volume leaves the guest, then its attachment is deleted (Cinder makes it
 * available) and its mapping removed. When the guest will not let it go, Cinder is told to roll
 * the detach back (`in-use` again) and the mapping stays.
 */
export function detachVolume(ctx: AgentContext, args: ArgsOf<'detach_volume'>) {
  const bdms = new VolumeBdms(ctx.db, ctx.now);
  return runInstanceTask(ctx, {
    method: 'detach_volume',
    args,
    onFailure: keepState,
    work: async (row) => {
      const cinder = cinderOf(ctx, row);
      const bdm = await bdms.ofVolume(row.uuid, args.volumeId);
      const connection = bdm ? savedConnection(bdm) : null;
      if (bdm && connection && bdm.device_name) {
        try {
          await ctx.driver.detachVolume((await ctx.guestOf(row)).spec, connection, bdm.device_name);
        } catch (error) {
          await cinder
            .rollDetaching(args.volumeId)
            .catch((rollError: unknown) => ctx.logFailure(rollError, 'rolling the detach back', row.uuid));
          throw error;
        }
      }
      const attachmentId = args.attachmentId ?? bdm?.attachment_id ?? null;
      if (attachmentId) await cinder.deleteAttachment(attachmentId);
      if (bdm) await bdms.remove(bdm.id);
    },
  });
}
