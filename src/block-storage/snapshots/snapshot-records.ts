import type { Selectable } from 'kysely';
import { keyValuesByOwner } from '../db/key-value-rows.js';
import type { SnapshotTable } from '../db/schema.js';
import type { BlockStorageDb } from '../volumes/volume-records.js';

export type SnapshotRow = Selectable<SnapshotTable>;

/** A snapshot with its metadata, as the views show it. */
export interface SnapshotRecord extends SnapshotRow {
  metadata: Record<string, string>;
}

export async function snapshotRow(db: BlockStorageDb, id: string): Promise<SnapshotRow | undefined> {
  return db.selectFrom('snapshots').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Snapshot rows with their metadata, in the same order. */
export async function withMetadata(db: BlockStorageDb, rows: SnapshotRow[]): Promise<SnapshotRecord[]> {
  const metadata = await keyValuesByOwner(
    db,
    'snapshot_metadata',
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({ ...row, metadata: metadata.get(row.id)! }));
}
