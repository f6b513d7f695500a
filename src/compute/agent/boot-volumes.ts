import { setTimeout as sleep } from 'node:timers/promises';
import type { BlockStorageClient } from '../../common/clients/block-storage-client.js';
import type { RpcContext } from '../rpc/context.js';
import type { InstanceRow } from '../instances/instance-repo.js';
import { VolumeBdms, nextDeviceName, type BdmRow } from '../volumes/volume-bdms.js';
import { VolumeNotCreated } from '../volumes/volume-errors.js';
import type { AgentContext } from './agent-context.js';
import { AgentStopped } from './lifecycle.js';
import { cinderOf, connectToHost, deleteAttachmentQuietly } from './volume-connections.js';

/** Where an instance's root disk is when its mappings name none (Nova's default). */
const DEFAULT_ROOT_DEVICE = '/dev/vda';

/**
 * `_await_block_device_map_created`: looks at the new volume until it is available, at most
 * `block_device_allocate_retries` more times, `..._interval` seconds apart; a volume in error, or
 * still not available at the end, is Nova's VolumeNotCreated.
 */
async function awaitAvailable(
  ctx: AgentContext,
  cinder: BlockStorageClient,
  volumeId: string,
): Promise<void> {
  const attempts = ctx.settings.blockDeviceAllocateRetries + 1;
  const started = Date.now();
  let status = 'unknown';
  let attempt = 1;
  for (; attempt <= attempts; attempt++) {
    status = (await cinder.getVolume(volumeId))?.status ?? 'deleted';
    if (status === 'available') return;
    if (status === 'error' || status === 'deleted') break;
    if (attempt < attempts) await sleep(ctx.settings.blockDeviceAllocateRetriesIntervalSec * 1000);
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  throw new VolumeNotCreated(volumeId, seconds, Math.min(attempt, attempts), status);
}

/**
 * `DriverImageBlockDevice` / `DriverBlankBlockDevice` / `DriverSnapshotBlockDevice`: the volume
 * of a mapping that asks for a new one, made in the caller's project (with the caller's token),
 * from the image or snapshot, of the size asked. It must become available; if it does not it is
 * deleted again, as Nova's wait does.
 */
async function createVolume(
  ctx: AgentContext,
  row: InstanceRow,
  bdm: BdmRow,
  context: RpcContext,
): Promise<string> {
  const admin = cinderOf(ctx, row);
  const asCaller = context.authToken ? ctx.volume!.asUser(context.authToken, row.project_id) : admin;
  const volume = await asCaller.createVolume({
    size: bdm.volume_size ?? 0,
    name: bdm.source_type === 'blank' ? `${row.uuid}-blank-vol` : '',
    description: '',
    imageRef: bdm.source_type === 'image' ? bdm.image_id : null,
    snapshotId: bdm.source_type === 'snapshot' ? bdm.snapshot_id : null,
    volumeType: bdm.volume_type,
    // `cross_az_attach` is on (Nova's default): the volume may be in any zone.
    availabilityZone: null,
  });
  try {
    await awaitAvailable(ctx, admin, volume.id);
  } catch (error) {
    await asCaller
      .deleteVolume(volume.id)
      .catch((deleteError: unknown) => ctx.logFailure(deleteError, `deleting volume ${volume.id}`, row.uuid));
    throw error;
  }
  return volume.id;
}

/**
 * `_default_block_device_names` for volumes: the boot volume takes the root device (which the
 * instance records), the others the next free names.
 */
async function nameDevices(ctx: AgentContext, row: InstanceRow, bdms: VolumeBdms): Promise<InstanceRow> {
  let instance = row;
  if (!instance.root_device_name) {
    instance = await ctx.instances.save(row.uuid, { root_device_name: DEFAULT_ROOT_DEVICE });
  }
  for (const bdm of await bdms.volumesOf(row.uuid)) {
    if (bdm.device_name) continue;
    const device =
      bdm.boot_index === 0
        ? instance.root_device_name!
        : nextDeviceName(instance, await bdms.ofInstance(row.uuid));
    await bdms.update(bdm.id, { device_name: device });
  }
  return instance;
}

/**
 * `_prep_block_device` before a spawn: each volume mapping gets its volume (made now when the
 * mapping asks for a new one, e.g. `--boot-from-volume`), an attachment for this server, this
 * host's connection (saved on the mapping for the driver) and Cinder's `os-complete`. Returns the
 * instance, whose root device name may have been set.
 */
export async function connectVolumes(
  ctx: AgentContext,
  row: InstanceRow,
  context: RpcContext,
): Promise<InstanceRow> {
  const bdms = new VolumeBdms(ctx.db, ctx.now);
  if ((await bdms.volumesOf(row.uuid)).length === 0) return row;
  const cinder = cinderOf(ctx, row);
  const instance = await nameDevices(ctx, row, bdms);
  const { spec } = await ctx.guestOf(instance);
  for (const mapping of await bdms.volumesOf(row.uuid)) {
    if (!mapping.volume_id) {
      await bdms.update(mapping.id, { volume_id: await createVolume(ctx, instance, mapping, context) });
    }
    let bdm = (await bdms.byUuid(mapping.uuid))!;
    if (!bdm.attachment_id) {
      await bdms.update(bdm.id, {
        attachment_id: (await cinder.createAttachment(bdm.volume_id!, row.uuid)).id,
      });
      bdm = (await bdms.byUuid(mapping.uuid))!;
    }
    const connection = await connectToHost(ctx, cinder, spec, bdm);
    await bdms.update(bdm.id, { connection_info: JSON.stringify(connection) });
    await cinder.completeAttachment(bdm.attachment_id!);
  }
  return instance;
}

/**
 * After a failed build (the guest destroyed): the volumes' attachments go, so the volumes are
 * available again and the next host (a reschedule) makes its own; the volumes themselves stay
 * with the server, which deletes those marked delete_on_termination when it is deleted.
 */
export async function disconnectVolumes(ctx: AgentContext, row: InstanceRow): Promise<void> {
  if (!ctx.volume) return;
  const bdms = new VolumeBdms(ctx.db, ctx.now);
  const cinder = cinderOf(ctx, row);
  for (const bdm of await bdms.volumesOf(row.uuid)) {
    if (bdm.attachment_id) await deleteAttachmentQuietly(ctx, cinder, bdm.attachment_id, row.uuid);
    if (bdm.attachment_id || bdm.connection_info) {
      await bdms.update(bdm.id, { attachment_id: null, connection_info: null });
    }
  }
}

/**
 * `_cleanup_volumes` of a deleted server (its guest destroyed): every attachment is deleted, then
 * the volumes marked delete_on_termination. A failure is logged and the delete goes on, as Nova's.
 */
export async function releaseVolumes(ctx: AgentContext, row: InstanceRow): Promise<void> {
  if (!ctx.volume) return;
  const bdms = new VolumeBdms(ctx.db, ctx.now);
  const cinder = cinderOf(ctx, row);
  for (const bdm of await bdms.volumesOf(row.uuid)) {
    try {
      if (bdm.attachment_id) await cinder.deleteAttachment(bdm.attachment_id);
      if (bdm.volume_id && bdm.delete_on_termination) await cinder.deleteVolume(bdm.volume_id);
    } catch (error) {
      if (error instanceof AgentStopped) throw error;
      ctx.logFailure(error, `letting volume ${bdm.volume_id} of the deleted server go`, row.uuid);
    }
  }
}
