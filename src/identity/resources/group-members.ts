import type { Kysely } from 'kysely';
import { NotFound } from '../../common/http/errors.js';
import type { IdentitySchema } from '../db/schema.js';
import { getGroup } from './groups.js';
import { getUser } from './users.js';

type Db = Kysely<IdentitySchema>;

/**
 * Group membership. A user and a group may be in different domains (Keystone only refuses
 * memberships across identity backends, and this cloud has one).
 */

const notMember = (userId: string, groupId: string) =>
  new NotFound(`User '${userId}' not found in group '${groupId}'`);

async function isMember(db: Db, groupId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('user_group_membership')
    .select('user_id')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Adds a user to a group; adding a member again changes nothing. */
export async function addMember(db: Db, groupId: string, userId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await getGroup(tx, groupId);
    await getUser(tx, userId);
    if (await isMember(tx, groupId, userId)) return;
    await tx.insertInto('user_group_membership').values({ group_id: groupId, user_id: userId }).execute();
  });
}

/** 404 (group, user, or membership) unless the user is in the group. */
export async function checkMember(db: Db, groupId: string, userId: string): Promise<void> {
  await getGroup(db, groupId);
  await getUser(db, userId);
  if (!(await isMember(db, groupId, userId))) throw notMember(userId, groupId);
}

export async function removeMember(db: Db, groupId: string, userId: string): Promise<void> {
  const removed = await db
    .deleteFrom('user_group_membership')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (removed.numDeletedRows > 0n) return;
  await getGroup(db, groupId);
  await getUser(db, userId);
  throw notMember(userId, groupId);
}
