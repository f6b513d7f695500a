import type { Kysely } from 'kysely';
import { BadRequest } from '../../common/http/errors.js';
import {
  assignmentNames,
  listRoleAssignments,
  requireProject,
  type AssignmentRef,
  type RoleAssignmentFilters,
} from '../assignments/index.js';
import type { IdentitySchema } from '../db/schema.js';
import { collectionLinks } from './links.js';
import type { RouteModule } from './routes.js';
import { roleAssignmentsQuery, roleAssignmentsResponse } from './schemas/role-assignments.js';
import { roleAssignmentView } from './views/role-assignments.js';

type Query = Record<string, string | undefined>;

/** Keystone's boolean query flags: present means true, unless its value is `0`. */
function flag(query: Query, name: string): boolean {
  return query[name] !== undefined && query[name] !== '0';
}

/**
 * The filters, refusing combinations that contradict each other or (in effective mode)
 * could only give an empty list, with Keystone's messages.
 */
function filtersOf(query: Query, includeSubtree: boolean): RoleAssignmentFilters {
  const value = (name: string) => query[name] || undefined;
  const refuse = (both: boolean, message: string) => {
    if (both) throw new BadRequest(message);
  };
  refuse(
    Boolean(value('scope.domain.id') && value('scope.project.id')),
    'Specify a domain or project, not both',
  );
  refuse(Boolean(value('scope.domain.id') && value('scope.system')), 'Specify system or domain, not both');
  refuse(Boolean(value('scope.project.id') && value('scope.system')), 'Specify system or project, not both');
  refuse(Boolean(value('user.id') && value('group.id')), 'Specify a user or group, not both');
  const inheritedTo = query['scope.OS-INHERIT:inherited_to'];
  const inherited = inheritedTo === undefined ? undefined : inheritedTo === 'projects';
  const effective = flag(query, 'effective');
  if (effective) {
    refuse(
      Boolean(value('group.id')),
      'Combining effective and group filter will always result in an empty list.',
    );
    refuse(
      Boolean(inherited && value('scope.domain.id')),
      'Combining effective, domain and inherited filters will always result in an empty list.',
    );
  }
  return {
    roleId: value('role.id'),
    userId: value('user.id'),
    groupId: value('group.id'),
    system: query['scope.system'] === 'all',
    domainId: value('scope.domain.id'),
    projectId: value('scope.project.id'),
    includeSubtree,
    inherited,
    effective,
  };
}

/** What a domain-scoped caller may see: assignments on its domain or on its domain's projects. */
async function inDomain(db: Kysely<IdentitySchema>, refs: AssignmentRef[], domainId: string) {
  const projectIds = [...new Set(refs.flatMap((ref) => (ref.projectId ? [ref.projectId] : [])))];
  const projects =
    projectIds.length === 0
      ? []
      : await db.selectFrom('project').select(['id', 'domain_id']).where('id', 'in', projectIds).execute();
  const projectDomain = new Map(projects.map((project) => [project.id, project.domain_id]));
  return refs.filter(
    (ref) => ref.domainId === domainId || (ref.projectId && projectDomain.get(ref.projectId) === domainId),
  );
}

/** `GET /v3/role_assignments`. */
export const roleAssignmentRoutes: RouteModule = (app, deps) => {
  app.get<{ Querystring: Query }>(
    '/v3/role_assignments',
    { schema: { querystring: roleAssignmentsQuery, response: { 200: roleAssignmentsResponse } } },
    async (request) => {
      const query = request.query;
      const context = request.context;
      let refs: AssignmentRef[];
      if (flag(query, 'include_subtree')) {
        const projectId = query['scope.project.id'];
        const target = projectId ? { project: await requireProject(deps.db, projectId) } : {};
        deps.policy.enforce('identity:list_role_assignments_for_tree', { target }, context);
        if (!projectId) {
          throw new BadRequest('scope.project.id must be specified if include_subtree is also specified');
        }
        refs = await listRoleAssignments(deps.db, filtersOf(query, true));
      } else {
        const target = context.domainId ? { target: { domain_id: context.domainId } } : {};
        deps.policy.enforce('identity:list_role_assignments', target, context);
        refs = await listRoleAssignments(deps.db, filtersOf(query, false));
        if (context.domainId) refs = await inDomain(deps.db, refs, context.domainId);
      }
      const names = flag(query, 'include_names') ? await assignmentNames(deps.db, refs) : undefined;
      return {
        role_assignments: refs.map((ref) => roleAssignmentView(deps.baseUrl, ref, names)),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );
};
