import type { NetworkDb } from '../db/record-store.js';

/** The RBAC actions Neutron knows: share an object, or make a network usable as external. */
export type RbacAction = 'access_as_shared' | 'access_as_external';

/** An RBAC entry as stored in `rbac_policies` (body attributes). */
export interface RbacEntry {
  id: string;
  object_type: string;
  object_id: string;
  action: RbacAction;
  target_tenant: string;
  project_id: string;
}

/** Every RBAC entry of the objects given, keyed by object id (one query for a whole list). */
export async function rbacEntries(db: NetworkDb, objectIds: string[]): Promise<Map<string, RbacEntry[]>> {
  const rows = objectIds.length
    ? await db.selectFrom('rbac_policies').selectAll().where('parent_id', 'in', objectIds).execute()
    : [];
  const entries = new Map<string, RbacEntry[]>();
  for (const row of rows) {
    const entry = { ...(JSON.parse(row.body) as RbacEntry), id: row.id, project_id: row.project_id };
    entries.set(entry.object_id, [...(entries.get(entry.object_id) ?? []), entry]);
  }
  return entries;
}

/** Whether the entries give `projectId` the action (an entry for it, or for every project: `*`). */
export function rbacGrants(
  entries: RbacEntry[] | undefined,
  action: RbacAction,
  projectId: string | null,
): boolean {
  return (entries ?? []).some(
    (entry) => entry.action === action && (entry.target_tenant === '*' || entry.target_tenant === projectId),
  );
}

/** Whether there is a wildcard entry for the action (what `shared` / `router:external` mean). */
export function rbacWildcard(entries: RbacEntry[] | undefined, action: RbacAction): boolean {
  return (entries ?? []).some((entry) => entry.action === action && entry.target_tenant === '*');
}

/** Adds an RBAC entry (the wildcard that `shared: true` or `router:external: true` stands for). */
export async function addRbacEntry(
  db: NetworkDb,
  entry: Omit<RbacEntry, 'id'> & { id: string },
  time: string,
): Promise<void> {
  const { id, project_id: projectId, ...body } = entry;
  await db
    .insertInto('rbac_policies')
    .values({
      id,
      project_id: projectId,
      parent_id: entry.object_id,
      ref_id: entry.target_tenant,
      body: JSON.stringify(body),
      revision_number: 1,
      created_at: time,
      updated_at: time,
    })
    .execute();
}

/** Removes the wildcard entry of an action on an object (`shared: false`). */
export async function removeRbacWildcard(db: NetworkDb, objectId: string, action: RbacAction): Promise<void> {
  const entries = (await rbacEntries(db, [objectId])).get(objectId) ?? [];
  const ids = entries
    .filter((entry) => entry.action === action && entry.target_tenant === '*')
    .map((e) => e.id);
  if (ids.length) await db.deleteFrom('rbac_policies').where('id', 'in', ids).execute();
}

/** The object types RBAC entries may be made for here (Neutron's RBAC tables that Stratus has). */
export const RBAC_OBJECT_TYPES = ['network', 'security_group', 'subnetpool', 'address_scope'] as const;
export type RbacObjectType = (typeof RBAC_OBJECT_TYPES)[number];

function entryOf(row: { id: string; project_id: string; body: string }): RbacEntry {
  return { ...(JSON.parse(row.body) as RbacEntry), id: row.id, project_id: row.project_id };
}

/** One RBAC entry by its id. */
export async function rbacEntry(db: NetworkDb, id: string): Promise<RbacEntry | null> {
  const row = await db.selectFrom('rbac_policies').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? entryOf(row) : null;
}

/** Every RBAC entry, or those a project owns. */
export async function listRbacEntries(db: NetworkDb, ownerProjectId?: string): Promise<RbacEntry[]> {
  let query = db.selectFrom('rbac_policies').selectAll();
  if (ownerProjectId !== undefined) query = query.where('project_id', '=', ownerProjectId);
  return (await query.orderBy('created_at').orderBy('id').execute()).map(entryOf);
}

/**
 * The ids of the objects of a type that an action is granted on to a project (an entry for it
 * or for every project), for lists that show what is shared with the caller.
 */
export async function objectIdsGranted(
  db: NetworkDb,
  objectType: RbacObjectType,
  action: RbacAction,
  projectId: string | null,
): Promise<string[]> {
  const rows = await db
    .selectFrom('rbac_policies')
    .select(['id', 'project_id', 'body'])
    .where('ref_id', 'in', projectId ? ['*', projectId] : ['*'])
    .execute();
  return rows
    .map(entryOf)
    .filter((entry) => entry.object_type === objectType && entry.action === action)
    .map((entry) => entry.object_id);
}

/** Moves an entry to another target project (the one thing an RBAC policy update may change). */
export async function retargetRbacEntry(
  db: NetworkDb,
  entry: RbacEntry,
  targetTenant: string,
  time: string,
): Promise<void> {
  const { id: _id, project_id: _projectId, ...body } = entry;
  await db
    .updateTable('rbac_policies')
    .set({
      ref_id: targetTenant,
      body: JSON.stringify({ ...body, target_tenant: targetTenant }),
      updated_at: time,
    })
    .where('id', '=', entry.id)
    .execute();
}

/** Removes one RBAC entry. */
export async function deleteRbacEntry(db: NetworkDb, id: string): Promise<void> {
  await db.deleteFrom('rbac_policies').where('id', '=', id).execute();
}
