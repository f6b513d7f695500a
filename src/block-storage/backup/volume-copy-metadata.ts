import type { Kysely } from 'kysely';
import { keyValuesOf, putKeyValues } from '../db/key-value-rows.js';
import type { BlockStorageSchema } from '../db/schema.js';
import type { VolumeRow } from '../volumes/volume-records.js';
import type { BackedUpVolume } from './backup-manifest.js';

type Db = Kysely<BlockStorageSchema>;

/** The name Cinder gives a volume it makes for a restore; only such a volume takes the backed-up name. */
export const RESTORE_VOLUME_NAME_PREFIX = 'restore_backup_';

/** What a backup keeps of its volume beside the bytes (Cinder's BackupMetadataAPI). */
export async function backedUpVolume(db: Db, volume: VolumeRow): Promise<BackedUpVolume> {
  return {
    name: volume.name,
    description: volume.description,
    bootable: volume.bootable === 1,
    metadata: await keyValuesOf(db, 'volume_metadata', volume.id),
    imageMetadata: await keyValuesOf(db, 'volume_glance_metadata', volume.id),
  };
}

/**
 * Gives a restored volume what the backup kept: its metadata and image properties (and so its
 * bootable flag), and its name and description when the volume was made for the restore.
 */
export async function applyBackedUpVolume(
  db: Db,
  volume: VolumeRow,
  copy: BackedUpVolume,
  now: Date,
): Promise<void> {
  const takesName =
    Boolean(copy.name) && (!volume.name || volume.name.startsWith(RESTORE_VOLUME_NAME_PREFIX));
  await db.transaction().execute(async (trx) => {
    for (const [table, values] of [
      ['volume_metadata', copy.metadata],
      ['volume_glance_metadata', copy.imageMetadata],
    ] as const) {
      await putKeyValues(trx, table, volume.id, values);
    }
    await trx
      .updateTable('volumes')
      .set({
        ...(takesName ? { name: copy.name, description: copy.description } : {}),
        ...(copy.bootable || Object.keys(copy.imageMetadata).length > 0 ? { bootable: 1 } : {}),
        updated_at: now.toISOString(),
      })
      .where('id', '=', volume.id)
      .execute();
  });
}
