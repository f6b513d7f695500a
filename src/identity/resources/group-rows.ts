import type { Kysely } from 'kysely';
import type { IdentitySchema } from '../db/schema.js';
import { inChunks } from './chunks.js';

/** Deletes groups with their memberships and grants. Runs inside the caller's transaction. */
export async function deleteGroupRows(
  tx: Kysely<IdentitySchema>,
  groupIds: readonly string[],
): Promise<void> {
  await inChunks(groupIds, async (ids) => {
    await tx
      .deleteFrom('assignment')
      .where('actor_id', 'in', ids)
      .where('type', 'in', ['GroupProject', 'GroupDomain', 'GroupSystem'])
      .execute();
    await tx.deleteFrom('user_group_membership').where('group_id', 'in', ids).execute();
    await tx.deleteFrom('group').where('id', 'in', ids).execute();
  });
}
