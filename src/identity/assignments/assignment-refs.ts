import type { Kysely, Selectable } from 'kysely';
import type { AssignmentTable, AssignmentType, IdentitySchema } from '../db/schema.js';

type Db = Kysely<IdentitySchema>;

/**
 * One role assignment as the listing works on it: an actor, a target and a role. Expanded
 * (effective) assignments say where they came from in `indirect`: the group the user is in,
 * the domain or ancestor project an inherited role was granted on, the prior role of an
 * implied one.
 */
export interface AssignmentRef {
  userId?: string;
  groupId?: string;
  projectId?: string;
  domainId?: string;
  system?: true;
  roleId: string;
  /** Granted on a domain or project for the projects below it (OS-INHERIT). */
  inherited?: true;
  indirect?: { groupId?: string; projectId?: string; domainId?: string; roleId?: string };
}

/** A key equal for equal refs, so expansion can tell which it has seen. */
export function refKey(ref: AssignmentRef): string {
  const i = ref.indirect ?? {};
  return [
    ref.userId,
    ref.groupId,
    ref.projectId,
    ref.domainId,
    ref.system,
    ref.roleId,
    ref.inherited,
    i.groupId,
    i.projectId,
    i.domainId,
    i.roleId,
  ].join('|');
}

export function copyRef(ref: AssignmentRef): AssignmentRef {
  return ref.indirect ? { ...ref, indirect: { ...ref.indirect } } : { ...ref };
}

const USER_TYPES: AssignmentType[] = ['UserProject', 'UserDomain'];
const GROUP_TYPES: AssignmentType[] = ['GroupProject', 'GroupDomain'];
const PROJECT_TYPES: AssignmentType[] = ['UserProject', 'GroupProject'];
const DOMAIN_TYPES: AssignmentType[] = ['UserDomain', 'GroupDomain'];
const ALL_TYPES: AssignmentType[] = [...USER_TYPES, ...GROUP_TYPES];

export interface AssignmentQuery {
  roleId?: string;
  userId?: string;
  /** Assignments of any of these groups; when given (non-empty), `userId` is ignored. */
  groupIds?: string[];
  domainId?: string;
  /** Assignments on any of these projects; when given (non-empty), `domainId` is ignored. */
  projectIds?: string[];
  /** Only inherited (true) or only direct (false) assignments; both when undefined. */
  inherited?: boolean;
}

/** The kinds of assignment a filter can match, as Keystone narrows them: actor kind and target kind. */
function typesFor(query: AssignmentQuery): AssignmentType[] {
  const byActor = query.groupIds?.length ? GROUP_TYPES : query.userId ? USER_TYPES : null;
  const byTarget = query.projectIds?.length ? PROJECT_TYPES : query.domainId ? DOMAIN_TYPES : null;
  if (byActor && byTarget) return byActor.filter((type) => byTarget.includes(type));
  return byActor ?? byTarget ?? ALL_TYPES;
}

export function refFromRow(row: Selectable<AssignmentTable>): AssignmentRef {
  const ref: AssignmentRef = { roleId: row.role_id };
  if (row.type.startsWith('User')) ref.userId = row.actor_id;
  else ref.groupId = row.actor_id;
  if (row.type.endsWith('Project')) ref.projectId = row.target_id;
  else if (row.type.endsWith('Domain')) ref.domainId = row.target_id;
  else ref.system = true;
  if (row.inherited) ref.inherited = true;
  return ref;
}

/** Project and domain assignments matching every given filter. */
export async function queryAssignments(db: Db, query: AssignmentQuery): Promise<AssignmentRef[]> {
  let select = db.selectFrom('assignment').selectAll().where('type', 'in', typesFor(query));
  if (query.roleId) select = select.where('role_id', '=', query.roleId);
  const actors = query.groupIds?.length ? query.groupIds : query.userId ? [query.userId] : null;
  if (actors) select = select.where('actor_id', 'in', actors);
  const targets = query.projectIds?.length ? query.projectIds : query.domainId ? [query.domainId] : null;
  if (targets) select = select.where('target_id', 'in', targets);
  if (query.inherited !== undefined) select = select.where('inherited', '=', query.inherited ? 1 : 0);
  return (await select.execute()).map(refFromRow);
}

/** System assignments, of one user or group or of everyone. */
export async function querySystemAssignments(
  db: Db,
  filter: { userId?: string; groupId?: string; roleId?: string },
): Promise<AssignmentRef[]> {
  let select = db.selectFrom('assignment').selectAll().where('target_id', '=', 'system');
  if (filter.userId) {
    select = select.where('type', '=', 'UserSystem').where('actor_id', '=', filter.userId);
  } else if (filter.groupId) {
    select = select.where('type', '=', 'GroupSystem').where('actor_id', '=', filter.groupId);
  } else {
    select = select.where('type', 'in', ['UserSystem', 'GroupSystem']);
  }
  if (filter.roleId) select = select.where('role_id', '=', filter.roleId);
  return (await select.execute()).map(refFromRow);
}

/** The groups a user is a member of. */
export async function groupIdsOfUser(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('user_group_membership')
    .select('group_id')
    .where('user_id', '=', userId)
    .execute();
  return rows.map((row) => row.group_id);
}

/** The members of a group. */
export async function userIdsInGroup(db: Db, groupId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('user_group_membership')
    .select('user_id')
    .where('group_id', '=', groupId)
    .execute();
  return rows.map((row) => row.user_id);
}
