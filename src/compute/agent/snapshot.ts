import type { InstanceRow } from '../instances/instance-repo.js';
import { TaskState } from '../instances/states.js';
import type { InstanceSpec } from '../virt/types.js';
import type { AgentContext } from './agent-context.js';
import type { ArgsOf } from './agent-methods.js';
import { AgentStopped } from './lifecycle.js';
import { runInstanceTask } from './instance-task.js';

/** The task states a snapshot moves through: a plain one, or the one a shelve makes. */
export interface SnapshotTaskStates {
  /** The task states the snapshot may start from. */
  from: readonly TaskState[];
  pendingUpload: TaskState;
  uploading: TaskState;
}

export const SNAPSHOT_STATES: SnapshotTaskStates = {
  from: [TaskState.IMAGE_SNAPSHOT_PENDING, TaskState.IMAGE_SNAPSHOT],
  pendingUpload: TaskState.IMAGE_PENDING_UPLOAD,
  uploading: TaskState.IMAGE_UPLOADING,
};

export const BACKUP_STATES: SnapshotTaskStates = { ...SNAPSHOT_STATES, from: [TaskState.IMAGE_BACKUP] };

export const SHELVE_SNAPSHOT_STATES: SnapshotTaskStates = {
  from: [TaskState.SHELVING],
  pendingUpload: TaskState.SHELVING_IMAGE_PENDING_UPLOAD,
  uploading: TaskState.SHELVING_IMAGE_UPLOADING,
};

/**
 * Captures the guest's disk into the image the API created (queued): the driver's format goes on
 * the image first, then its bytes, as libvirt's snapshot updates the image with its data. The
 * instance shows the pending-upload and uploading task states on the way.
 */
export async function uploadSnapshot(
  ctx: AgentContext,
  spec: InstanceSpec,
  imageId: string,
  states: SnapshotTaskStates,
): Promise<void> {
  await ctx.instances.save(spec.uuid, { task_state: states.pendingUpload }, { taskState: states.from });
  await ctx.driver.snapshot(spec, async (data, format) => {
    await ctx.images.updateImage(imageId, [
      { op: 'replace', path: '/disk_format', value: format.diskFormat },
      { op: 'replace', path: '/container_format', value: format.containerFormat },
    ]);
    await ctx.instances.save(
      spec.uuid,
      { task_state: states.uploading },
      { taskState: [states.pendingUpload] },
    );
    await ctx.images.upload(imageId, data);
  });
}

/** Deletes the image of a snapshot that failed (Nova's `delete_image_on_error`). */
export async function deleteFailedSnapshot(ctx: AgentContext, imageId: string, instanceUuid: string) {
  try {
    await ctx.images.deleteImage(imageId);
  } catch (error) {
    if (error instanceof AgentStopped) throw error;
    ctx.logFailure(error, `deleting the image ${imageId} of a failed snapshot`, instanceUuid);
  }
}

/** Snapshots the guest into `imageId`, then the instance has no task again. */
async function snapshotInto(
  ctx: AgentContext,
  row: InstanceRow,
  imageId: string,
  states: SnapshotTaskStates,
) {
  const { spec } = await ctx.guestOf(row);
  await uploadSnapshot(ctx, spec, imageId, states);
  await ctx.instances.save(
    row.uuid,
    { task_state: null, power_state: await ctx.powerStateOf(row.uuid) },
    { taskState: [states.uploading] },
  );
}

/** `snapshot_instance` (createImage): on failure the image goes and the instance has no task again. */
export function snapshotInstance(ctx: AgentContext, args: ArgsOf<'snapshot_instance'>) {
  return runInstanceTask(ctx, {
    method: 'snapshot_instance',
    args,
    cleanup: () => deleteFailedSnapshot(ctx, args.imageId, args.instanceUuid),
    work: (row) => snapshotInto(ctx, row, args.imageId, SNAPSHOT_STATES),
  });
}

/**
 * `backup_instance` (createBackup): a snapshot into the backup's image, then the rotation. As in
 * Nova only a failed snapshot deletes the image; the backup stands when the rotation fails.
 */
export function backupInstance(ctx: AgentContext, args: ArgsOf<'backup_instance'>) {
  let uploaded = false;
  return runInstanceTask(ctx, {
    method: 'backup_instance',
    args,
    cleanup: async () => {
      if (!uploaded) await deleteFailedSnapshot(ctx, args.imageId, args.instanceUuid);
    },
    work: async (row) => {
      await snapshotInto(ctx, row, args.imageId, BACKUP_STATES);
      uploaded = true;
      await rotateBackups(ctx, row.uuid, args.backupType, args.rotation);
    },
  });
}

/**
 * Nova's `_rotate_backups`: the server's backups of `backupType` beyond the newest `rotation`
 * are deleted, oldest first; one that cannot be deleted is logged and the others still go.
 */
async function rotateBackups(ctx: AgentContext, instanceUuid: string, backupType: string, rotation: number) {
  const backups = await ctx.images.listImages({
    instance_uuid: instanceUuid,
    image_type: 'backup',
    backup_type: backupType,
  });
  for (const image of backups.slice(rotation).reverse()) {
    try {
      await ctx.images.deleteImage(image.id);
    } catch (error) {
      if (error instanceof AgentStopped) throw error;
      ctx.logFailure(error, `deleting the excess backup ${image.id}`, instanceUuid);
    }
  }
}
