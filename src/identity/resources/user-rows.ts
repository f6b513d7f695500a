import type { Kysely } from 'kysely';
import type { IdentitySchema } from '../db/schema.js';
import { deleteTrustsOfUsers } from '../trusts/trust-store.js';
import { inChunks } from './chunks.js';

/**
 * Deletes users and what belongs to them, as Keystone's user delete does: their passwords,
 * group memberships, grants (project, domain and system), credentials and application
 * credentials, and the trusts they give or receive. Runs inside the caller's transaction.
 */
export async function deleteUserRows(
  tx: Kysely<IdentitySchema>,
  userIds: readonly string[],
  now: Date,
): Promise<void> {
  await deleteTrustsOfUsers(tx, userIds, now);
  await inChunks(userIds, async (ids) => {
    await tx
      .deleteFrom('assignment')
      .where('actor_id', 'in', ids)
      .where('type', 'in', ['UserProject', 'UserDomain', 'UserSystem'])
      .execute();
    await tx.deleteFrom('user_group_membership').where('user_id', 'in', ids).execute();
    await tx.deleteFrom('password').where('user_id', 'in', ids).execute();
    await tx.deleteFrom('credential').where('user_id', 'in', ids).execute();
    const credentials = tx.selectFrom('application_credential').select('id').where('user_id', 'in', ids);
    await tx
      .deleteFrom('application_credential_role')
      .where('application_credential_id', 'in', credentials)
      .execute();
    await tx.deleteFrom('application_credential').where('user_id', 'in', ids).execute();
    await tx.deleteFrom('user').where('id', 'in', ids).execute();
  });
}
