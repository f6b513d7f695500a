import type { Kysely, Selectable, Transaction } from 'kysely';
import { keyValuesByOwner, keyValuesOf, putKeyValues } from '../db/key-value-rows.js';
import type { BlockStorageSchema, VolumeAttachmentTable, VolumeTable } from '../db/schema.js';

export type BlockStorageDb = Kysely<BlockStorageSchema> | Transaction<BlockStorageSchema>;
export type VolumeRow = Selectable<VolumeTable>;
export type AttachmentRow = Selectable<VolumeAttachmentTable>;

/** The key/value tables of a volume. */
export type VolumeMetadataTable = 'volume_metadata' | 'volume_admin_metadata' | 'volume_glance_metadata';

/** A volume with what its views show beside the row: type, metadata, attachments. */
export interface VolumeRecord extends VolumeRow {
  volumeTypeName: string | null;
  metadata: Record<string, string>;
  adminMetadata: Record<string, string>;
  imageMetadata: Record<string, string>;
  /** Only the attachments whose attach_status is `attached`. */
  attachments: AttachmentRow[];
}

export async function volumeRow(db: BlockStorageDb, id: string): Promise<VolumeRow | undefined> {
  return db.selectFrom('volumes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Adds the view's companions (type name, metadata, attachments) to volume rows, in one query each. */
export async function volumeRecords(db: BlockStorageDb, rows: VolumeRow[]): Promise<VolumeRecord[]> {
  const ids = rows.map((row) => row.id);
  const typeIds = [...new Set(rows.map((row) => row.volume_type_id))];
  const types = new Map(
    typeIds.length === 0
      ? []
      : (await db.selectFrom('volume_types').select(['id', 'name']).where('id', 'in', typeIds).execute()).map(
          (type) => [type.id, type.name],
        ),
  );
  const [metadata, adminMetadata, imageMetadata] = await Promise.all([
    keyValuesByOwner(db, 'volume_metadata', ids),
    keyValuesByOwner(db, 'volume_admin_metadata', ids),
    keyValuesByOwner(db, 'volume_glance_metadata', ids),
  ]);
  const attachments = new Map<string, AttachmentRow[]>();
  if (ids.length > 0) {
    const attached = await db
      .selectFrom('volume_attachments')
      .selectAll()
      .where('volume_id', 'in', ids)
      .where('attach_status', '=', 'attached')
      .orderBy('created_at')
      .execute();
    for (const attachment of attached) {
      attachments.set(attachment.volume_id, [...(attachments.get(attachment.volume_id) ?? []), attachment]);
    }
  }
  return rows.map((row) => ({
    ...row,
    volumeTypeName: types.get(row.volume_type_id) ?? null,
    metadata: metadata.get(row.id)!,
    adminMetadata: adminMetadata.get(row.id)!,
    imageMetadata: imageMetadata.get(row.id)!,
    attachments: attachments.get(row.id) ?? [],
  }));
}

export async function volumeRecord(db: BlockStorageDb, row: VolumeRow): Promise<VolumeRecord> {
  return (await volumeRecords(db, [row]))[0];
}

/**
 * Writes key/value pairs of a volume: merged into what is there, or replacing all of it
 * (`replace`). Returns the volume's pairs afterwards.
 */
export async function writeMetadata(
  db: BlockStorageDb,
  table: VolumeMetadataTable,
  volumeId: string,
  changes: Record<string, string>,
  replace: boolean,
): Promise<Record<string, string>> {
  if (replace) await db.deleteFrom(table).where('owner_id', '=', volumeId).execute();
  await putKeyValues(db, table, volumeId, changes);
  return keyValuesOf(db, table, volumeId);
}

export async function deleteMetadataKey(
  db: BlockStorageDb,
  table: VolumeMetadataTable,
  volumeId: string,
  key: string,
): Promise<void> {
  await db.deleteFrom(table).where('owner_id', '=', volumeId).where('key', '=', key).execute();
}
