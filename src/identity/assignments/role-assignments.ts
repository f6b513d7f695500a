import type { Kysely } from 'kysely';
import type { IdentitySchema } from '../db/schema.js';
import {
  copyRef,
  groupIdsOfUser,
  queryAssignments,
  querySystemAssignments,
  refKey,
  userIdsInGroup,
  type AssignmentRef,
} from './assignment-refs.js';
import { implicationMap } from './implied-roles.js';
import { requireProject, requireUser, rolesByIds } from './lookups.js';
import { ProjectTreeCache } from './project-tree.js';

type Db = Kysely<IdentitySchema>;

/** The filters of `GET /v3/role_assignments`, already checked for contradictions. */
export interface RoleAssignmentFilters {
  roleId?: string;
  userId?: string;
  groupId?: string;
  /** `scope.system=all`. */
  system?: boolean;
  domainId?: string;
  projectId?: string;
  /** With `projectId`: the projects below it too. */
  includeSubtree?: boolean;
  /** `scope.OS-INHERIT:inherited_to`: true for only inherited, false for only direct ones. */
  inherited?: boolean;
  /**
   * The assignments that actually give users roles: group assignments become one per member,
   * inherited ones one per project below the grant point, implied roles are added, and
   * domain-specific roles (which only serve to imply others) are dropped.
   */
  effective?: boolean;
}

/**
 * Role assignments matching the filters, as Keystone's assignment manager lists them. In
 * effective mode system assignments are not listed, as upstream.
 */
export async function listRoleAssignments(db: Db, filters: RoleAssignmentFilters): Promise<AssignmentRef[]> {
  const tree = new ProjectTreeCache(db);
  const subtreeIds =
    filters.projectId && filters.includeSubtree ? await tree.descendantsOf(filters.projectId) : [];
  return filters.effective
    ? listEffective(db, tree, filters, subtreeIds)
    : listDirect(db, filters, subtreeIds);
}

async function listDirect(db: Db, f: RoleAssignmentFilters, subtreeIds: string[]): Promise<AssignmentRef[]> {
  const onTargets = f.system
    ? []
    : await queryAssignments(db, {
        roleId: f.roleId,
        userId: f.userId,
        groupIds: f.groupId ? [f.groupId] : undefined,
        domainId: f.domainId,
        projectIds: f.projectId ? [...subtreeIds, f.projectId] : undefined,
        inherited: f.inherited,
      });
  const onSystem =
    f.system || (!f.projectId && !f.domainId)
      ? await querySystemAssignments(db, { userId: f.userId, groupId: f.groupId, roleId: f.roleId })
      : [];
  return [...onTargets, ...onSystem];
}

interface ActorScope {
  userId?: string;
  groupIds?: string[];
  projectId?: string;
  subtreeIds: string[];
  domainId?: string;
  inherited?: boolean;
}

/**
 * The assignments that may affect an actor (a user, or a set of groups) on the filtered
 * targets, before expansion: direct ones on the targets, and inherited ones from the
 * project's domain and ancestors (or from anywhere, when no project is named).
 */
async function assignmentsForActor(db: Db, tree: ProjectTreeCache, s: ActorScope): Promise<AssignmentRef[]> {
  const ofInterest = s.projectId ? [...s.subtreeIds, s.projectId] : undefined;
  const actor = { userId: s.userId, groupIds: s.groupIds };
  const refs: AssignmentRef[] = [];
  if (s.inherited !== true) {
    refs.push(
      ...(await queryAssignments(db, {
        ...actor,
        domainId: s.domainId,
        projectIds: ofInterest,
        inherited: false,
      })),
    );
  }
  if (s.inherited !== false) {
    if (s.projectId) {
      const project = await requireProject(db, s.projectId);
      refs.push(...(await queryAssignments(db, { ...actor, domainId: project.domain_id, inherited: true })));
      const sources = [...(await tree.ancestorsOf(s.projectId))];
      if (s.subtreeIds.length > 0) sources.push(...(ofInterest ?? []));
      if (sources.length > 0) {
        refs.push(...(await queryAssignments(db, { ...actor, projectIds: sources, inherited: true })));
      }
    } else {
      refs.push(...(await queryAssignments(db, { ...actor, inherited: true })));
    }
  }
  return refs;
}

async function listEffective(
  db: Db,
  tree: ProjectTreeCache,
  f: RoleAssignmentFilters,
  subtreeIds: string[],
): Promise<AssignmentRef[]> {
  // No group assignment survives expansion, and domains inherit nothing.
  if (f.groupId || (f.domainId && f.inherited)) return [];
  const scope: ActorScope = {
    projectId: f.projectId,
    subtreeIds,
    domainId: f.domainId,
    inherited: f.domainId ? false : f.inherited,
  };
  const found = await assignmentsForActor(db, tree, { ...scope, userId: f.userId });
  if (f.userId) {
    await requireUser(db, f.userId);
    const groupIds = await groupIdsOfUser(db, f.userId);
    if (groupIds.length > 0) found.push(...(await assignmentsForActor(db, tree, { ...scope, groupIds })));
  }
  const expanded: AssignmentRef[] = [];
  for (const ref of found)
    expanded.push(...(await expandIndirect(db, tree, ref, f.userId, f.projectId, subtreeIds)));
  let refs = addImpliedRoles(expanded, await implicationMap(db));
  refs = await withoutDomainRoles(db, refs);
  return f.roleId ? refs.filter((ref) => ref.roleId === f.roleId) : refs;
}

async function expandGroup(db: Db, ref: AssignmentRef, userId: string | undefined): Promise<AssignmentRef[]> {
  const members = userId ? [userId] : await userIdsInGroup(db, ref.groupId as string);
  return members.map((member) => {
    const expanded = copyRef(ref);
    expanded.userId = member;
    expanded.indirect = { ...expanded.indirect, groupId: ref.groupId };
    delete expanded.groupId;
    return expanded;
  });
}

/** A group assignment becomes one per member; an inherited one, one per project it reaches. */
async function expandIndirect(
  db: Db,
  tree: ProjectTreeCache,
  ref: AssignmentRef,
  userId: string | undefined,
  projectId: string | undefined,
  subtreeIds: string[],
): Promise<AssignmentRef[]> {
  if (!ref.inherited) return ref.groupId ? expandGroup(db, ref, userId) : [ref];
  let projectIds: string[];
  if (projectId) {
    // The inherited assignments were chosen for these projects, so they reach all of them,
    // unless granted on a project inside the subtree, which reaches only its own subtree.
    projectIds = [projectId, ...subtreeIds];
    if (subtreeIds.length > 0 && ref.projectId && projectIds.includes(ref.projectId)) {
      projectIds = await tree.descendantsOf(ref.projectId);
    }
  } else if (ref.domainId) {
    projectIds = await tree.projectsOfDomain(ref.domainId);
  } else {
    projectIds = await tree.descendantsOf(ref.projectId as string);
  }
  const actors = ref.groupId ? await expandGroup(db, ref, userId) : [ref];
  return actors.flatMap((actor) => projectIds.map((target) => inheritedOnto(actor, target)));
}

function inheritedOnto(ref: AssignmentRef, projectId: string): AssignmentRef {
  const expanded = copyRef(ref);
  expanded.indirect = { ...expanded.indirect };
  if (ref.projectId) expanded.indirect.projectId = ref.projectId;
  else expanded.indirect.domainId = ref.domainId;
  delete expanded.domainId;
  delete expanded.inherited;
  expanded.projectId = projectId;
  return expanded;
}

/**
 * Adds, for every assignment, one per role its role implies, transitively; the copy records
 * the prior role in `indirect.roleId`. A copy already expanded is not expanded again, which
 * stops the walk on implication cycles.
 */
export function addImpliedRoles(refs: AssignmentRef[], implications: Map<string, string[]>): AssignmentRef[] {
  const results = [...refs];
  const pending = [...refs];
  const checked = new Set<string>();
  while (pending.length > 0) {
    const next = pending.pop() as AssignmentRef;
    checked.add(refKey(next));
    for (const impliedId of implications.get(next.roleId) ?? []) {
      const implied = copyRef(next);
      implied.roleId = impliedId;
      implied.indirect = { ...implied.indirect, roleId: next.roleId };
      if (checked.has(refKey(implied))) continue;
      results.push(implied);
      pending.push(implied);
    }
  }
  return results;
}

async function withoutDomainRoles(db: Db, refs: AssignmentRef[]): Promise<AssignmentRef[]> {
  const roles = await rolesByIds(
    db,
    refs.map((ref) => ref.roleId),
  );
  const global = new Set(roles.filter((role) => role.domain_id === null).map((role) => role.id));
  return refs.filter((ref) => global.has(ref.roleId));
}
