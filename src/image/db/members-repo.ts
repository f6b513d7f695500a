import type { MemberStatus } from '../model/image.js';
import type { ImageDb } from './images-repo.js';
import type { ImageMemberTable } from './schema.js';

/** A project an image is shared with, and whether it accepted. */
export interface ImageMember {
  image_id: string;
  member_id: string;
  status: MemberStatus;
  created_at: string;
  updated_at: string;
}

function toMember(row: ImageMemberTable): ImageMember {
  return {
    image_id: row.image_id,
    member_id: row.member,
    status: row.status as MemberStatus,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** The status of `project`'s membership of an image, or null when it is not a member. */
export async function membershipOf(
  db: ImageDb,
  imageId: string,
  project: string | null,
): Promise<MemberStatus | null> {
  if (project === null) return null;
  const row = await db
    .selectFrom('image_member')
    .select('status')
    .where('image_id', '=', imageId)
    .where('member', '=', project)
    .executeTakeFirst();
  return (row?.status as MemberStatus | undefined) ?? null;
}

export async function listMembers(db: ImageDb, imageId: string): Promise<ImageMember[]> {
  const rows = await db
    .selectFrom('image_member')
    .selectAll()
    .where('image_id', '=', imageId)
    .orderBy('created_at')
    .orderBy('member')
    .execute();
  return rows.map(toMember);
}

export async function findMember(
  db: ImageDb,
  imageId: string,
  member: string,
): Promise<ImageMember | undefined> {
  const row = await db
    .selectFrom('image_member')
    .selectAll()
    .where('image_id', '=', imageId)
    .where('member', '=', member)
    .executeTakeFirst();
  return row ? toMember(row) : undefined;
}

export async function countMembers(db: ImageDb, imageId: string): Promise<number> {
  const row = await db
    .selectFrom('image_member')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('image_id', '=', imageId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Adds a member; false when the project already is one. */
export async function insertMember(db: ImageDb, member: ImageMember): Promise<boolean> {
  const result = await db
    .insertInto('image_member')
    .values({
      image_id: member.image_id,
      member: member.member_id,
      status: member.status,
      created_at: member.created_at,
      updated_at: member.updated_at,
    })
    .onConflict((oc) => oc.columns(['image_id', 'member']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function updateMemberStatus(
  db: ImageDb,
  imageId: string,
  member: string,
  status: MemberStatus,
  updatedAt: string,
): Promise<void> {
  await db
    .updateTable('image_member')
    .set({ status, updated_at: updatedAt })
    .where('image_id', '=', imageId)
    .where('member', '=', member)
    .execute();
}

export async function deleteMember(db: ImageDb, imageId: string, member: string): Promise<void> {
  await db.deleteFrom('image_member').where('image_id', '=', imageId).where('member', '=', member).execute();
}
