import type { Kysely } from 'kysely';
import { ApiError, Conflict, NotFound } from '../../common/http/errors.js';
import type { IdentitySchema } from '../db/schema.js';
import type { RoleRow } from './lookups.js';

type Db = Kysely<IdentitySchema>;

/** Keystone's `[assignment] prohibited_implied_role` default: no role may imply admin. */
export const PROHIBITED_IMPLIED_ROLES: readonly string[] = ['admin'];

export interface Implication {
  prior_role_id: string;
  implied_role_id: string;
}

/**
 * Records that `prior` implies `implied`. As Keystone: a prohibited role cannot be implied, a
 * global role cannot imply a domain-specific one (the reverse and cross-domain are allowed),
 * and cycles are allowed (expansion is what stops on them).
 */
export async function createImplication(db: Db, prior: RoleRow, implied: RoleRow): Promise<void> {
  const invalid = new ApiError(403, `${implied.id} cannot be an implied roles.`);
  if (PROHIBITED_IMPLIED_ROLES.includes(implied.name)) throw invalid;
  if (prior.domain_id === null && implied.domain_id !== null) throw invalid;
  const duplicate = new Conflict('Conflict occurred attempting to store implied_role - Duplicate entry.');
  try {
    await db.transaction().execute(async (tx) => {
      if (await findImplication(tx, prior.id, implied.id)) throw duplicate;
      await tx
        .insertInto('implied_role')
        .values({ prior_role_id: prior.id, implied_role_id: implied.id })
        .execute();
    });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505') throw duplicate;
    throw error;
  }
}

async function findImplication(db: Db, priorId: string, impliedId: string): Promise<Implication | undefined> {
  return db
    .selectFrom('implied_role')
    .selectAll()
    .where('prior_role_id', '=', priorId)
    .where('implied_role_id', '=', impliedId)
    .executeTakeFirst();
}

function notImplied(priorId: string, impliedId: string): NotFound {
  return new NotFound(`${priorId} does not imply ${impliedId}.`);
}

/** Keystone's ImpliedRoleNotFound when `prior` does not directly imply `implied`. */
export async function requireImplication(db: Db, priorId: string, impliedId: string): Promise<void> {
  if (!(await findImplication(db, priorId, impliedId))) throw notImplied(priorId, impliedId);
}

export async function deleteImplication(db: Db, priorId: string, impliedId: string): Promise<void> {
  const result = await db
    .deleteFrom('implied_role')
    .where('prior_role_id', '=', priorId)
    .where('implied_role_id', '=', impliedId)
    .executeTakeFirst();
  if (result.numDeletedRows === 0n) throw notImplied(priorId, impliedId);
}

/** The roles `prior` directly implies (one level, as the API lists them). */
export async function rolesImpliedBy(db: Db, priorId: string): Promise<RoleRow[]> {
  return db
    .selectFrom('implied_role')
    .innerJoin('role', 'role.id', 'implied_role.implied_role_id')
    .selectAll('role')
    .where('implied_role.prior_role_id', '=', priorId)
    .execute();
}

/** Every implication rule. */
export async function listImplications(db: Db): Promise<Implication[]> {
  return db.selectFrom('implied_role').selectAll().execute();
}

/** Implication rules as a map from a prior role to the roles it directly implies. */
export async function implicationMap(db: Db): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  for (const rule of await listImplications(db)) {
    const implied = map.get(rule.prior_role_id);
    if (implied) implied.push(rule.implied_role_id);
    else map.set(rule.prior_role_id, [rule.implied_role_id]);
  }
  return map;
}
