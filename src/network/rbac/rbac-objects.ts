import type { CallContext } from '../api/engine/definition.js';
import type { NetworkDb } from '../db/record-store.js';
import type { ResourceTable } from '../db/schema.js';
import { NeutronError, notFound } from '../errors.js';
import { networkVisible } from '../networks/network-handler.js';
import { rbacEntries, type RbacAction, type RbacEntry, type RbacObjectType } from './rbac-access.js';

/** neutron's RbacPolicyInUse: the target project still uses what the entry gives it. */
export function rbacPolicyInUse(objectId: string, details: string): NeutronError {
  return new NeutronError(
    409,
    'RbacPolicyInUse',
    `RBAC policy on object ${objectId} cannot be removed because other objects depend on it.\nDetails: ${details}`,
  );
}

/** What an RBAC entry's object is, as far as the entry is concerned. */
export interface RbacObject {
  id: string;
  projectId: string;
  /** The object's attributes (a network's `is_default`...). */
  body: Record<string, unknown>;
  /** Every RBAC entry on the object. */
  entries: RbacEntry[];
}

/** How RBAC works for one object type: its actions, how its object is found, what uses the access. */
interface RbacObjectKind {
  table: ResourceTable;
  actions: readonly RbacAction[];
  notFound(id: string): NeutronError;
  /** InvalidInput's message when a project shares an object it does not own. */
  notOwned: string;
  /** Whether the caller may see the object at all (without it, the object is not found). */
  visible(call: CallContext, object: RbacObject): boolean;
  /** The projects that use the object by some entry's access (ports on a shared network...). */
  boundProjects(db: NetworkDb, object: RbacObject, action: RbacAction): Promise<Set<string>>;
}

/** The projects owning rows of `table` whose JSON body names `objectId` under `attribute`. */
async function projectsReferring(
  db: NetworkDb,
  table: ResourceTable,
  attribute: string,
  objectId: string,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom(table)
    .select(['project_id', 'body'])
    .where('body', 'like', `%${objectId}%`)
    .execute();
  const projects = new Set<string>();
  for (const row of rows) {
    const value = (JSON.parse(row.body) as Record<string, unknown>)[attribute];
    if (value === objectId || (Array.isArray(value) && value.includes(objectId)))
      projects.add(row.project_id);
  }
  return projects;
}

async function projectsOf(
  db: NetworkDb,
  table: 'ports' | 'routers',
  column: 'parent_id' | 'ref_id',
  id: string,
) {
  const rows = await db.selectFrom(table).select('project_id').where(column, '=', id).execute();
  return new Set(rows.map((row) => row.project_id));
}

const sharedOnly = {
  actions: ['access_as_shared'] as const,
  notOwned: 'Only admins can manipulate policies on objects they do not own',
  visible: (call: CallContext, object: RbacObject) =>
    call.isAdmin || object.projectId === call.context.projectId,
};

const KINDS: Record<RbacObjectType, RbacObjectKind> = {
  network: {
    table: 'networks',
    actions: ['access_as_shared', 'access_as_external'],
    notFound: (id) => notFound('NetworkNotFound', `Network ${id} could not be found.`),
    notOwned: 'Only admins can manipulate policies on networks they do not own',
    visible: (call, object) =>
      networkVisible(call, { id: object.id, project_id: object.projectId }, object.entries),
    // Ports on a shared network; routers with their gateway on an external one.
    boundProjects: (db, object, action) =>
      action === 'access_as_shared'
        ? projectsOf(db, 'ports', 'parent_id', object.id)
        : projectsOf(db, 'routers', 'ref_id', object.id),
  },
  security_group: {
    ...sharedOnly,
    table: 'security_groups',
    notFound: (id) => notFound('SecurityGroupNotFound', `Security group ${id} does not exist`),
    boundProjects: (db, object) => projectsReferring(db, 'ports', 'security_groups', object.id),
  },
  subnetpool: {
    ...sharedOnly,
    table: 'subnetpools',
    notFound: (id) => notFound('SubnetPoolNotFound', `Subnet pool ${id} could not be found.`),
    boundProjects: (db, object) => projectsReferring(db, 'subnets', 'subnetpool_id', object.id),
  },
  address_scope: {
    ...sharedOnly,
    table: 'address_scopes',
    notFound: (id) => notFound('AddressScopeNotFound', `Address scope ${id} could not be found.`),
    boundProjects: (db, object) => projectsReferring(db, 'subnetpools', 'address_scope_id', object.id),
  },
};

/** neutron's InvalidActionForType, with the valid actions as Python prints a tuple. */
export function validateAction(objectType: RbacObjectType, action: string): void {
  const actions = KINDS[objectType].actions;
  if (actions.includes(action as RbacAction)) return;
  const tuple = `(${actions.map((name) => `'${name}'`).join(', ')}${actions.length === 1 ? ',' : ''})`;
  throw new NeutronError(
    400,
    'InvalidActionForType',
    `Invalid action '${action}' for object type '${objectType}'. Valid actions: ${tuple}`,
  );
}

/** The object of an entry, whoever owns it; null when there is none with that id. */
export async function loadRbacObject(
  db: NetworkDb,
  objectType: RbacObjectType,
  objectId: string,
): Promise<RbacObject | null> {
  const row = await db
    .selectFrom(KINDS[objectType].table)
    .select(['id', 'project_id', 'body'])
    .where('id', '=', objectId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    projectId: row.project_id,
    body: JSON.parse(row.body) as Record<string, unknown>,
    entries: (await rbacEntries(db, [objectId])).get(objectId) ?? [],
  };
}

/**
 * The object an entry is for, as its creator or updater must have it: visible to the caller
 * (else its type's NotFound) and, unless the caller is an admin, owned by the caller's project
 * (else InvalidInput, as Neutron's RBAC callbacks say).
 */
export async function ownedRbacObject(
  db: NetworkDb,
  call: CallContext,
  objectType: RbacObjectType,
  objectId: string,
): Promise<RbacObject> {
  const kind = KINDS[objectType];
  const object = await loadRbacObject(db, objectType, objectId);
  if (!object || !kind.visible(call, object)) throw kind.notFound(objectId);
  if (!call.isAdmin && object.projectId !== call.context.projectId) {
    throw new NeutronError(400, 'InvalidInput', `Invalid input for operation: ${kind.notOwned}.`);
  }
  return object;
}

/**
 * Refuses to take away what `entry` grants (deleting it, or moving it to `newTarget`) while its
 * target project still uses the object through it: ports on a shared network, routers on an
 * external one, ports in a shared security group, subnets from a shared pool... Access the
 * project keeps by another entry, by a wildcard, or as the owner, is not lost.
 */
export async function assertAccessUnused(
  db: NetworkDb,
  objectType: RbacObjectType,
  object: RbacObject,
  entry: RbacEntry,
  newTarget: string | null = null,
): Promise<void> {
  const target = entry.target_tenant;
  if (target === object.projectId || target === newTarget) return;
  const others = object.entries.filter((other) => other.id !== entry.id && other.action === entry.action);
  if (target !== '*' && others.some((other) => other.target_tenant === '*')) return;
  const external = entry.action === 'access_as_external';
  if (external && target === '*' && object.body.is_default === true) {
    throw rbacPolicyInUse(object.id, 'Default external networks must be shared to everyone.');
  }
  const keeping = new Set([object.projectId, ...others.map((other) => other.target_tenant)]);
  if (newTarget) keeping.add(newTarget);
  const bound = await KINDS[objectType].boundProjects(db, object, entry.action);
  // Ports without a project (router gateways, floating IPs) belong to the network's service.
  const stranded = [...bound].filter((project) =>
    target === '*' ? project !== '' && !keeping.has(project) : project === target,
  );
  if (stranded.length === 0) return;
  if (objectType !== 'network') throw rbacPolicyInUse(object.id, `project_id=${target}`);
  throw rbacPolicyInUse(
    object.id,
    external
      ? 'There are routers attached to this network that depend on this policy for access.'
      : `Unable to reconfigure sharing settings for network ${object.id}. Multiple tenants are using it.`,
  );
}
