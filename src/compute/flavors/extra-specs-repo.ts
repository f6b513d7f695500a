import type { Kysely } from 'kysely';
import type { ComputeSchema } from '../db/schema.js';
import type { FlavorRow } from './flavors-repo.js';

/** Sets extra specs (adding or replacing by key) in one transaction. */
export async function setExtraSpecs(
  db: Kysely<ComputeSchema>,
  flavor: FlavorRow,
  specs: Record<string, string>,
  now: Date,
): Promise<void> {
  const time = now.toISOString();
  await db.transaction().execute(async (trx) => {
    for (const [key, value] of Object.entries(specs)) {
      const updated = await trx
        .updateTable('flavor_extra_specs')
        .set({ value, updated_at: time })
        .where('flavor_id', '=', flavor.id)
        .where('key', '=', key)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) {
        await trx
          .insertInto('flavor_extra_specs')
          .values({ flavor_id: flavor.id, key, value, created_at: time, updated_at: null })
          .execute();
      }
    }
  });
}

/** Deletes one extra spec; false when the flavor has no such key. */
export async function deleteExtraSpec(
  db: Kysely<ComputeSchema>,
  flavor: FlavorRow,
  key: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('flavor_extra_specs')
    .where('flavor_id', '=', flavor.id)
    .where('key', '=', key)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
