import type { Kysely } from 'kysely';
import type { IdentitySchema } from '../db/schema.js';
import { findUser, type DomainRow, type ProjectRow } from './lookups.js';
import { listRoleAssignments } from './role-assignments.js';

type Db = Kysely<IdentitySchema>;

async function effectiveTargets(db: Db, userId: string, key: 'projectId' | 'domainId'): Promise<string[]> {
  if (!(await findUser(db, userId))) return [];
  const refs = await listRoleAssignments(db, { userId, effective: true });
  return [...new Set(refs.flatMap((ref) => (ref[key] ? [ref[key]] : [])))];
}

/**
 * The projects where a user has any effective role: granted directly or to one of its
 * groups, inherited from a domain or an ancestor project, a domain-specific role counting
 * only through the global roles it implies. Disabled projects are included, as Keystone
 * lists them; a user that does not exist has none.
 */
export async function projectsForUser(db: Db, userId: string): Promise<ProjectRow[]> {
  const ids = await effectiveTargets(db, userId, 'projectId');
  if (ids.length === 0) return [];
  return db.selectFrom('project').selectAll().where('id', 'in', ids).orderBy('name').execute();
}

/** The domains where a user has an effective role granted on the domain itself. */
export async function domainsForUser(db: Db, userId: string): Promise<DomainRow[]> {
  const ids = await effectiveTargets(db, userId, 'domainId');
  if (ids.length === 0) return [];
  return db.selectFrom('domain').selectAll().where('id', 'in', ids).orderBy('name').execute();
}
