import type { Kysely, Selectable } from 'kysely';
import { Forbidden, NotFound } from '../../common/http/errors.js';
import { storeConflict } from '../catalog/keystone-errors.js';
import type { IdentitySchema, TrustTable } from '../db/schema.js';
import { isoTime } from '../ids.js';
import { isUniqueViolation } from '../resources/errors.js';
import { inChunks } from '../resources/chunks.js';

type Db = Kysely<IdentitySchema>;

export type TrustRow = Selectable<TrustTable>;

/** A stored trust with the ids of the roles it delegates, in the order they were given. */
export interface Trust extends TrustRow {
  roleIds: string[];
}

/** Keystone's TrustNotFound; also what a deleted, expired or used-up trust answers. */
export const trustNotFound = (id: string) => new NotFound(`Could not find trust: ${id}.`);

/** The trust if it exists and is not deleted (expired and used-up ones included). */
export async function findTrust(db: Db, id: string): Promise<Trust | undefined> {
  const row = await db
    .selectFrom('trust')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const roles = await db.selectFrom('trust_role').select('role_id').where('trust_id', '=', id).execute();
  return { ...row, roleIds: roles.map((role) => role.role_id) };
}

/** True once the trust's expiry has passed (Keystone: `now > expires_at`). */
export function isExpired(trust: Pick<TrustRow, 'expires_at'>, now: Date): boolean {
  return trust.expires_at !== null && now.getTime() > Date.parse(trust.expires_at);
}

/** True when a limited trust has no use left. */
export function isUsedUp(trust: Pick<TrustRow, 'remaining_uses'>): boolean {
  return trust.remaining_uses !== null && trust.remaining_uses <= 0;
}

/**
 * The trust as Keystone's backend get_trust returns it: not deleted, not expired, with uses
 * left; otherwise 404. (Redelegation chains are checked by getTrust, one level up.)
 */
export async function findUsableTrust(db: Db, id: string, now: Date): Promise<Trust> {
  const trust = await findTrust(db, id);
  if (!trust || isExpired(trust, now) || isUsedUp(trust)) throw trustNotFound(id);
  return trust;
}

export interface TrustListFilter {
  trustorUserId?: string;
  trusteeUserId?: string;
  /** With trustorUserId: only the trusts redelegated from this one. */
  redelegatedTrustId?: string;
}

/** Trusts not deleted (expired and used-up ones too, as Keystone lists them), without roles. */
export async function listTrusts(db: Db, filter: TrustListFilter = {}): Promise<TrustRow[]> {
  let query = db.selectFrom('trust').selectAll().where('deleted_at', 'is', null);
  if (filter.trustorUserId !== undefined) query = query.where('trustor_user_id', '=', filter.trustorUserId);
  if (filter.trusteeUserId !== undefined) query = query.where('trustee_user_id', '=', filter.trusteeUserId);
  if (filter.redelegatedTrustId !== undefined) {
    query = query.where('redelegated_trust_id', '=', filter.redelegatedTrustId);
  }
  return query.execute();
}

/** Stores a trust and its roles in one transaction; 409 when an identical one exists, as upstream. */
export async function insertTrust(db: Db, trust: Trust): Promise<Trust> {
  const { roleIds, ...row } = trust;
  try {
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('trust').values(row).execute();
      if (roleIds.length > 0) {
        await tx
          .insertInto('trust_role')
          .values(roleIds.map((roleId) => ({ trust_id: trust.id, role_id: roleId })))
          .execute();
      }
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw storeConflict('trust', `Duplicate entry found with ID ${trust.id}`);
    throw error;
  }
  return trust;
}

/** Marks the trust deleted (Keystone keeps the row); false when it already was. */
export async function markTrustDeleted(db: Db, id: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('trust')
    .set({ deleted_at: isoTime(now) })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Takes one use of a limited trust after a token was issued with it. The decrement is
 * conditional, so concurrent issues never take more uses than there are (Keystone's
 * optimistic lock); the loser gets Keystone's TrustUseLimitReached.
 */
export async function consumeTrustUse(db: Db, id: string): Promise<void> {
  const row = await db
    .selectFrom('trust')
    .select('remaining_uses')
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw trustNotFound(id);
  if (row.remaining_uses === null) return;
  const result = await db
    .updateTable('trust')
    .set((eb) => ({ remaining_uses: eb('remaining_uses', '-', 1) }))
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .where('remaining_uses', '>', 0)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new Forbidden(`No remaining uses for trust: ${id}.`);
}

/**
 * Marks deleted every trust the users give or receive, as Keystone does when a user is
 * deleted. For the user-delete transaction (see resources/user-rows.ts).
 */
export async function deleteTrustsOfUsers(tx: Db, userIds: readonly string[], now: Date): Promise<void> {
  await inChunks(userIds, async (ids) => {
    await tx
      .updateTable('trust')
      .set({ deleted_at: isoTime(now) })
      .where('deleted_at', 'is', null)
      .where((eb) => eb.or([eb('trustor_user_id', 'in', ids), eb('trustee_user_id', 'in', ids)]))
      .execute();
  });
}

/** Marks deleted the trusts on the projects, as Keystone does when a project is deleted. */
export async function deleteTrustsOfProjects(
  tx: Db,
  projectIds: readonly string[],
  now: Date,
): Promise<void> {
  await inChunks(projectIds, async (ids) => {
    await tx
      .updateTable('trust')
      .set({ deleted_at: isoTime(now) })
      .where('deleted_at', 'is', null)
      .where('project_id', 'in', ids)
      .execute();
  });
}
