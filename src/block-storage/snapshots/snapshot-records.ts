import type { Selectable } from 'kysely';
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

/** The metadata of some snapshots, by snapshot id (an empty dict for those without). */
export async function snapshotMetadata(
  db: BlockStorageDb,
  ids: string[],
): Promise<Map<string, Record<string, string>>> {
  const byId = new Map<string, Record<string, string>>(ids.map((id) => [id, {}]));
  if (ids.length === 0) return byId;
  const rows = await db
    .selectFrom('snapshot_metadata')
    .select(['owner_id', 'key', 'value'])
    .where('owner_id', 'in', ids)
    .orderBy('key')
    .execute();
  for (const row of rows) byId.get(row.owner_id)![row.key] = row.value;
  return byId;
}

/** Snapshot rows with their metadata, in the same order. */
export async function withMetadata(db: BlockStorageDb, rows: SnapshotRow[]): Promise<SnapshotRecord[]> {
  const metadata = await snapshotMetadata(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({ ...row, metadata: metadata.get(row.id)! }));
}
