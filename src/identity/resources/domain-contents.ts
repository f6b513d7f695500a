import type { Kysely } from 'kysely';
import type { IdentitySchema } from '../db/schema.js';
import { deleteProjectRows } from './project-rows.js';
import { deleteGroupRows } from './group-rows.js';
import { deleteUserRows } from './user-rows.js';

/**
 * Removes what a domain owns before the domain itself goes, as Keystone does on domain delete:
 * its projects (with their tags, grants and credentials), its users (with passwords,
 * memberships, grants, credentials, application credentials), its groups (with memberships
 * and grants), the roles specific to it (with every grant of them) and the grants on the domain
 * itself. Runs inside the caller's transaction.
 */
export async function deleteDomainContents(
  tx: Kysely<IdentitySchema>,
  domainId: string,
  now: Date,
): Promise<void> {
  const ids = async (table: 'project' | 'user' | 'group') =>
    (await tx.selectFrom(table).select('id').where('domain_id', '=', domainId).execute()).map(
      (row) => row.id,
    );

  await deleteProjectRows(tx, await ids('project'), now);
  await deleteUserRows(tx, await ids('user'), now);
  await deleteGroupRows(tx, await ids('group'));

  const roleIds = (await tx.selectFrom('role').select('id').where('domain_id', '=', domainId).execute()).map(
    (row) => row.id,
  );
  if (roleIds.length) {
    await tx.deleteFrom('assignment').where('role_id', 'in', roleIds).execute();
    await tx.deleteFrom('implied_role').where('prior_role_id', 'in', roleIds).execute();
    await tx.deleteFrom('implied_role').where('implied_role_id', 'in', roleIds).execute();
    await tx.deleteFrom('application_credential_role').where('role_id', 'in', roleIds).execute();
    await tx.deleteFrom('role').where('id', 'in', roleIds).execute();
  }
  await tx
    .deleteFrom('assignment')
    .where('target_id', '=', domainId)
    .where('type', 'in', ['UserDomain', 'GroupDomain'])
    .execute();
}
