import type { Kysely } from 'kysely';
import type { BlockStorageSchema } from '../db/schema.js';
import type { VolumeRow } from '../volumes/volume-records.js';
import type { BackedUpVolume } from './backup-manifest.js';

type Db = Kysely<BlockStorageSchema>;

/** The name Cinder gives a volume it makes for a restore; only such a volume takes the backed-up name. */
export const RESTORE_VOLUME_NAME_PREFIX = 'restore_backup_';

async function keyValues(db: Db, table: 'volume_metadata' | 'volume_glance_metadata', id: string) {
  const rows = await db.selectFrom(table).select(['key', 'value']).where('owner_id', '=', id).execute();
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}

/** What a backup keeps of its volume beside the bytes (Cinder's BackupMetadataAPI). */
export async function backedUpVolume(db: Db, volume: VolumeRow): Promise<BackedUpVolume> {
  return {
    name: volume.name,
    description: volume.description,
    bootable: volume.bootable === 1,
    metadata: await keyValues(db, 'volume_metadata', volume.id),
    imageMetadata: await keyValues(db, 'volume_glance_metadata', volume.id),
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
      for (const [key, value] of Object.entries(values)) {
        await trx
          .insertInto(table)
          .values({ owner_id: volume.id, key, value })
          .onConflict((conflict) => conflict.columns(['owner_id', 'key']).doUpdateSet({ value }))
          .execute();
      }
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
