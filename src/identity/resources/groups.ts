import type { Kysely, Selectable } from 'kysely';
import type { GroupTable, IdentitySchema } from '../db/schema.js';
import { newId } from '../ids.js';
import {
  type Attributes,
  extraAttributes,
  parseAttributes,
  readDescription,
  storedDescription,
} from './attributes.js';
import { getDomain } from './domains.js';
import { cannotChangeDomainId, conflict, groupNotFound, isUniqueViolation } from './errors.js';
import { deleteGroupRows } from './group-rows.js';

type Db = Kysely<IdentitySchema>;

const GROUP_FIELDS = ['id', 'name', 'domain_id', 'description'];

export interface Group {
  id: string;
  name: string;
  domainId: string;
  description: string | null;
  extra: Attributes;
}

/** A group as a request body gives it (after schema validation). */
export interface GroupBody extends Attributes {
  name?: string;
  domain_id?: string;
  description?: string | null;
}

/** The `extra` column: the client's attributes, plus a null description (the column cannot be null). */
function storedExtra(group: Pick<Group, 'extra' | 'description'>): string {
  return JSON.stringify(storedDescription(group.extra, group.description));
}

export function rowToGroup(row: Selectable<GroupTable>): Group {
  const extra = parseAttributes(row.extra);
  return {
    id: row.id,
    name: row.name,
    domainId: row.domain_id,
    description: readDescription(extra, row.description),
    extra,
  };
}

export async function findGroup(db: Db, id: string): Promise<Group | undefined> {
  const row = await db.selectFrom('group').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToGroup(row);
}

/** The group, or Keystone's 404 `Could not find group: <id>.` */
export async function getGroup(db: Db, id: string): Promise<Group> {
  const group = await findGroup(db, id);
  if (!group) throw groupNotFound(id);
  return group;
}

export interface GroupFilters {
  name?: string;
  domainId?: string;
  /** Only the groups this user is a member of. */
  memberId?: string;
}

export async function listGroups(db: Db, filters: GroupFilters): Promise<Group[]> {
  let query = db.selectFrom('group').selectAll();
  if (filters.name !== undefined) query = query.where('name', '=', filters.name);
  if (filters.domainId !== undefined) query = query.where('domain_id', '=', filters.domainId);
  const memberId = filters.memberId;
  if (memberId !== undefined) {
    query = query.where('id', 'in', (eb) =>
      eb.selectFrom('user_group_membership').select('group_id').where('user_id', '=', memberId),
    );
  }
  return (await query.execute()).map(rowToGroup);
}

const duplicate = (name: string, domainId: string) =>
  conflict('group', `Duplicate entry found with name ${name} at domain ID ${domainId}`);

/** Creates a group in `domainId` (resolved by the API); an unknown domain is a 404. */
export async function createGroup(db: Db, body: GroupBody, domainId: string): Promise<Group> {
  await getDomain(db, domainId);
  const group: Group = {
    id: newId(),
    name: (body.name ?? '').trim(),
    domainId,
    description: body.description === undefined ? '' : body.description,
    extra: extraAttributes(body, GROUP_FIELDS),
  };
  try {
    await db
      .insertInto('group')
      .values({
        id: group.id,
        name: group.name,
        domain_id: domainId,
        description: group.description ?? '',
        extra: storedExtra(group),
      })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(group.name, domainId);
    throw error;
  }
  return group;
}

export async function updateGroup(db: Db, id: string, body: GroupBody): Promise<Group> {
  const original = await getGroup(db, id);
  if ('domain_id' in body && body.domain_id !== original.domainId) throw cannotChangeDomainId();
  const group: Group = {
    ...original,
    name: body.name === undefined ? original.name : body.name.trim(),
    description: body.description === undefined ? original.description : body.description,
    extra: { ...original.extra, ...extraAttributes(body, GROUP_FIELDS) },
  };
  try {
    await db
      .updateTable('group')
      .set({ name: group.name, description: group.description ?? '', extra: storedExtra(group) })
      .where('id', '=', id)
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(group.name, group.domainId);
    throw error;
  }
  return group;
}

/**
 * Deletes a group with its memberships and grants. Returns the members whose tokens must go:
 * all of them when the group held any role (their roles shrink), none otherwise.
 */
export async function deleteGroup(db: Db, id: string): Promise<string[]> {
  return db.transaction().execute(async (tx) => {
    await getGroup(tx, id);
    const grant = await tx
      .selectFrom('assignment')
      .select('role_id')
      .where('actor_id', '=', id)
      .where('type', 'in', ['GroupProject', 'GroupDomain', 'GroupSystem'])
      .executeTakeFirst();
    const members = grant
      ? (
          await tx.selectFrom('user_group_membership').select('user_id').where('group_id', '=', id).execute()
        ).map((row) => row.user_id)
      : [];
    await deleteGroupRows(tx, [id]);
    return members;
  });
}
