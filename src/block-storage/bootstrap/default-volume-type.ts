import type { Kysely } from 'kysely';
import type { BlockStorageSchema } from '../db/schema.js';

/**
 * Makes the configured default volume type when no type of that name exists, as Cinder's
 * database migration makes `__DEFAULT__`: volumes created without a type get it.
 */
export async function ensureDefaultVolumeType(
  db: Kysely<BlockStorageSchema>,
  name: string,
  newId: () => string,
  now: Date,
): Promise<void> {
  await db
    .insertInto('volume_types')
    .values({
      id: newId(),
      name,
      description: 'Default Volume Type',
      is_public: 1,
      qos_specs_id: null,
      created_at: now.toISOString(),
      updated_at: null,
    })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
}
