import type { Kysely } from 'kysely';
import type { IdentitySchema } from '../db/schema.js';
import { deleteTrustsOfProjects } from '../trusts/trust-store.js';
import { inChunks } from './chunks.js';

/**
 * Deletes projects and what hangs on them, as Keystone's project delete does: their tags, the
 * grants on them, the credentials scoped to them, and any user's default project pointing at
 * them, and the trusts on them. The projects may form subtrees among themselves; links between them are cut first.
 * Runs inside the caller's transaction; checks (leaf, immutable) are the caller's.
 */
export async function deleteProjectRows(
  tx: Kysely<IdentitySchema>,
  projectIds: readonly string[],
  now: Date,
): Promise<void> {
  await deleteTrustsOfProjects(tx, projectIds, now);
  await inChunks(projectIds, async (ids) => {
    await tx.updateTable('project').set({ parent_id: null }).where('id', 'in', ids).execute();
    await tx.deleteFrom('project_tag').where('project_id', 'in', ids).execute();
    await tx
      .deleteFrom('assignment')
      .where('target_id', 'in', ids)
      .where('type', 'in', ['UserProject', 'GroupProject'])
      .execute();
    await tx.deleteFrom('credential').where('project_id', 'in', ids).execute();
    await tx
      .updateTable('user')
      .set({ default_project_id: null })
      .where('default_project_id', 'in', ids)
      .execute();
  });
  await inChunks(projectIds, (ids) => tx.deleteFrom('project').where('id', 'in', ids).execute());
}
