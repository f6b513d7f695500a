import type { BlockStorageDb } from '../volumes/volume-records.js';
import type { METADATA_TABLES } from './schema.js';

/** A key/value table: rows (owner_id, key, value), one owner's keys unique. */
export type KeyValueTable = (typeof METADATA_TABLES)[number];

/** The pairs of some owners in one query, by owner id, keys in order (an empty dict for those without). */
export async function keyValuesByOwner(
  db: BlockStorageDb,
  table: KeyValueTable,
  ownerIds: string[],
): Promise<Map<string, Record<string, string>>> {
  const byOwner = new Map<string, Record<string, string>>(ownerIds.map((id) => [id, {}]));
  if (ownerIds.length === 0) return byOwner;
  const rows = await db
    .selectFrom(table)
    .select(['owner_id', 'key', 'value'])
    .where('owner_id', 'in', ownerIds)
    .orderBy('key')
    .execute();
  for (const row of rows) byOwner.get(row.owner_id)![row.key] = row.value;
  return byOwner;
}

/** One owner's pairs, keys in order. */
export async function keyValuesOf(
  db: BlockStorageDb,
  table: KeyValueTable,
  ownerId: string,
): Promise<Record<string, string>> {
  return (await keyValuesByOwner(db, table, [ownerId])).get(ownerId)!;
}

/** Sets pairs of one owner: a key it has takes the new value, others are added. */
export async function putKeyValues(
  db: BlockStorageDb,
  table: KeyValueTable,
  ownerId: string,
  pairs: Record<string, string>,
): Promise<void> {
  for (const [key, value] of Object.entries(pairs)) {
    await db
      .insertInto(table)
      .values({ owner_id: ownerId, key, value })
      .onConflict((conflict) => conflict.columns(['owner_id', 'key']).doUpdateSet({ value }))
      .execute();
  }
}
