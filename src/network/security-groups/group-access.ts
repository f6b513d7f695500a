import type { CallContext } from '../api/engine/definition.js';
import type { ListFilters } from '../api/engine/list-query.js';
import type { NetworkDb } from '../db/record-store.js';
import type { NetworkDeps } from '../deps.js';
import { rbacEntries, rbacGrants, type RbacEntry } from '../rbac/rbac-access.js';
import { ensureDefaultSecurityGroup } from './default-group.js';

/** The RBAC entries on security groups (Neutron's rbac-security-groups), by group id. */
export async function groupRbacEntries(db: NetworkDb, groupIds: string[]): Promise<Map<string, RbacEntry[]>> {
  const entries = await rbacEntries(db, groupIds);
  return new Map(
    [...entries].map(([id, list]) => [id, list.filter((entry) => entry.object_type === 'security_group')]),
  );
}

/**
 * Whether a project sees a group, as Neutron's project-scoped query does: an admin sees every
 * group, a project its own and those shared with it by RBAC.
 */
export function groupVisibleTo(
  projectId: string | null,
  isAdmin: boolean,
  group: Record<string, unknown>,
  entries: RbacEntry[] | undefined,
): boolean {
  return isAdmin || group.project_id === projectId || rbacGrants(entries, 'access_as_shared', projectId);
}

/** Whether the group exists and `projectId` sees it (Neutron's _check_security_group). */
export async function groupExistsFor(
  db: NetworkDb,
  groupId: string,
  projectId: string | null,
  isAdmin: boolean,
): Promise<boolean> {
  const row = await db
    .selectFrom('security_groups')
    .select('project_id')
    .where('id', '=', groupId)
    .executeTakeFirst();
  if (!row) return false;
  return groupVisibleTo(projectId, isAdmin, row, (await groupRbacEntries(db, [groupId])).get(groupId));
}

/**
 * The ports that use a group. A port keeps its groups in its `security_groups` attribute; the
 * text search narrows the read to the ports whose body names the group at all.
 */
export async function portsUsingGroup(db: NetworkDb, groupId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('ports')
    .select(['id', 'body'])
    .where('body', 'like', `%${groupId}%`)
    .execute();
  return rows
    .filter((row) => {
      const groups = (JSON.parse(row.body) as { security_groups?: unknown }).security_groups;
      return Array.isArray(groups) && groups.includes(groupId);
    })
    .map((row) => row.id);
}

/**
 * Makes the default group of the project a list is about (its `project_id` filter, else the
 * caller's), as Neutron does on every list of groups or rules; only for the caller's own project
 * or an admin, so nobody makes another project's default group (Neutron bug 1987410).
 */
export async function ensureListedProjectDefault(
  deps: NetworkDeps,
  call: CallContext,
  filters: ListFilters,
): Promise<void> {
  const projectId = String(filters.project_id?.[0] ?? filters.tenant_id?.[0] ?? call.context.projectId ?? '');
  if (!projectId || (projectId !== call.context.projectId && !call.isAdmin)) return;
  await ensureDefaultSecurityGroup(deps.db, deps, projectId);
}
