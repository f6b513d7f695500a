import type { BlockStorageDb } from '../volumes/volume-records.js';

/** The volume status an attach status shows as, when they differ (Cinder's ATTACH_STATUS_MAP). */
const VOLUME_STATUS_OF: Record<string, string> = { attached: 'in-use', detached: 'available' };

/** A volume's statuses once an attachment is gone, while the upload or migration it is in keeps its own. */
const STATUS_KEPT_WHEN_DETACHED = ['uploading'];

/**
 * Cinder's `volume_detached` after an attachment row is gone: the volume takes the status of its
 * most advanced remaining attachment (attached > attaching > detaching > reserved, those in an
 * error state aside), `available`/`detached` when none is left, unless an upload is under way.
 * The `attached_mode` admin metadata of the old attach flow goes too.
 */
export async function settleVolumeAttachStatus(
  trx: BlockStorageDb,
  volumeId: string,
  now: Date,
): Promise<void> {
  const rows = await trx
    .selectFrom('volume_attachments')
    .select('attach_status')
    .where('volume_id', '=', volumeId)
    .where('attach_status', 'not like', 'error_%')
    .orderBy('attach_status', 'asc')
    .limit(1)
    .execute();
  const attachStatus = rows[0]?.attach_status ?? 'detached';
  const volume = await trx
    .selectFrom('volumes')
    .select(['status', 'migration_status'])
    .where('id', '=', volumeId)
    .executeTakeFirst();
  if (!volume) return;
  const keepStatus =
    attachStatus === 'detached' &&
    ((volume.migration_status !== null && !['success', 'error'].includes(volume.migration_status)) ||
      STATUS_KEPT_WHEN_DETACHED.includes(volume.status));
  await trx
    .updateTable('volumes')
    .set({
      attach_status: attachStatus,
      ...(keepStatus ? {} : { status: VOLUME_STATUS_OF[attachStatus] ?? attachStatus }),
      updated_at: now.toISOString(),
    })
    .where('id', '=', volumeId)
    .execute();
  await trx
    .deleteFrom('volume_admin_metadata')
    .where('owner_id', '=', volumeId)
    .where('key', '=', 'attached_mode')
    .execute();
}
