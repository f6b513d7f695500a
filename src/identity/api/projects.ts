import type { FastifyRequest } from 'fastify';
import type { IdentityDeps } from '../deps.js';
import { type Attributes, normalizeKeys } from '../resources/attributes.js';
import { cannotChangeId, invalid } from '../resources/errors.js';
import {
  booleanFilter,
  filterAttributes,
  inexactFilters,
  type ListQuery,
  matchesInexact,
  queryFlag,
  queryValue,
} from '../resources/list-filters.js';
import { createProject, deleteProject, updateProject } from '../resources/project-changes.js';
import { listParents, listSubtree, parentsAsIds, subtreeAsIds } from '../resources/project-hierarchy.js';
import {
  findProject,
  getProject,
  listProjects,
  type Project,
  type ProjectBody,
} from '../resources/projects.js';
import { projectsForUser } from '../assignments/index.js';
import { collectionLinks } from './links.js';
import type { RouteModule } from './routes.js';
import {
  createProjectBody,
  projectListResponse,
  projectResponse,
  updateProjectBody,
} from './schemas/projects.js';
import { listQuery, noContent, pathParams } from './schemas/resource-fields.js';
import { projectRef, projectView } from './views/projects.js';

const LIST_FILTERS = ['domain_id', 'enabled', 'name', 'parent_id', 'is_domain'] as const;
const TAG_FILTERS = ['tags', 'tags-any', 'not-tags', 'not-tags-any'] as const;
const EXPAND_FLAGS = [
  'parents_as_list',
  'parents_as_ids',
  'subtree_as_list',
  'subtree_as_ids',
  'include_limits',
];

type ProjectRequest = FastifyRequest<{ Params: { project_id: string } }>;

/** `{project_id, target: {project}}`, the target empty when the project does not exist (404 comes after policy). */
export async function projectTarget(deps: IdentityDeps, id: string) {
  const found = await findProject(deps.db, id);
  return { found, target: { project_id: id, target: found ? { project: projectRef(found) } : {} } };
}

/** Revokes the tokens scoped to a project, or to a domain seen as a project. */
async function revokeScope(deps: IdentityDeps, project: Project): Promise<void> {
  await deps.revocations.revoke(project.isDomain ? { domainId: project.id } : { projectId: project.id });
}

/** `/v3/projects`: CRUD of projects with Keystone's hierarchy (`parent_id`, `is_domain`). */
export const projectRoutes: RouteModule = (app, deps: IdentityDeps) => {
  /** Adds what `?parents_as_*` and `?subtree_as_*` ask for to a project's view. */
  async function expand(request: FastifyRequest, project: Project) {
    const query = request.query as ListQuery;
    const view: Attributes = projectView(deps.baseUrl, project);
    const parentsList = queryFlag(query, 'parents_as_list');
    const parentsIds = queryFlag(query, 'parents_as_ids');
    const subtreeList = queryFlag(query, 'subtree_as_list');
    const subtreeIds = queryFlag(query, 'subtree_as_ids');
    if (parentsList && parentsIds) {
      throw invalid('Cannot use parents_as_list and parents_as_ids query params at the same time.');
    }
    if (subtreeList && subtreeIds) {
      throw invalid('Cannot use subtree_as_list and subtree_as_ids query params at the same time.');
    }
    // The `_as_list` forms show only projects the caller has a role on, each as `{project}`.
    const visible =
      parentsList || subtreeList
        ? new Set((await projectsForUser(deps.db, request.context.userId)).map((p) => p.id))
        : new Set<string>();
    const listed = (projects: Project[]) =>
      projects.filter((p) => visible.has(p.id)).map((p) => ({ project: projectView(deps.baseUrl, p) }));
    if (parentsList || parentsIds) {
      const parents = await listParents(deps.db, project);
      view.parents = parentsList ? listed(parents) : parentsAsIds(parents);
    }
    if (subtreeList || subtreeIds) {
      const subtree = await listSubtree(deps.db, project);
      view.subtree = subtreeList ? listed(subtree) : subtreeAsIds(project.id, subtree);
    }
    return view;
  }

  app.get(
    '/v3/projects',
    {
      schema: {
        querystring: listQuery([...LIST_FILTERS, ...TAG_FILTERS]),
        response: { 200: projectListResponse },
      },
    },
    async (request) => {
      const query = request.query as ListQuery;
      const scopeDomain = request.context.domainId;
      deps.policy.enforce(
        'identity:list_projects',
        {
          ...(scopeDomain ? { target: { domain_id: scopeDomain } } : {}),
          ...filterAttributes(query, LIST_FILTERS),
        },
        request.context,
      );
      const flag = (name: string) => {
        const value = queryValue(query, name);
        return value === undefined ? undefined : booleanFilter(value);
      };
      const projects = await listProjects(deps.db, {
        name: queryValue(query, 'name'),
        domainId: queryValue(query, 'domain_id'),
        enabled: flag('enabled'),
        parentId: queryValue(query, 'parent_id'),
        isDomain: flag('is_domain') ?? false,
        tags: queryValue(query, 'tags'),
        tagsAny: queryValue(query, 'tags-any'),
        notTags: queryValue(query, 'not-tags'),
        notTagsAny: queryValue(query, 'not-tags-any'),
      });
      const inexact = inexactFilters(query, LIST_FILTERS);
      return {
        projects: projects
          .filter((project) => !scopeDomain || project.domainId === scopeDomain)
          .map((project) => projectView(deps.baseUrl, project))
          .filter((view) => matchesInexact(view, inexact)),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );

  app.get(
    '/v3/projects/:project_id',
    {
      schema: {
        params: pathParams('project_id'),
        querystring: listQuery(EXPAND_FLAGS),
        response: { 200: projectResponse },
      },
    },
    async (request: ProjectRequest) => {
      const { found, target } = await projectTarget(deps, request.params.project_id);
      deps.policy.enforce('identity:get_project', target, request.context);
      return {
        project: await expand(request, found ?? (await getProject(deps.db, request.params.project_id))),
      };
    },
  );

  app.post(
    '/v3/projects',
    { schema: { body: createProjectBody, response: { 201: projectResponse } } },
    async (request, reply) => {
      const body = normalizeKeys((request.body as { project: Attributes }).project) as ProjectBody;
      // Keystone's `_normalize_domain_id`: no domain given means the caller's domain scope, else
      // `default`. A project acting as a domain has none.
      const domainId = body.domain_id || request.context.domainId || 'default';
      deps.policy.enforce(
        'identity:create_project',
        { target: { project: { ...body, domain_id: body.is_domain ? null : domainId } } },
        request.context,
      );
      const project = await createProject(deps.db, body, { domainId, now: deps.now() });
      return reply.code(201).send({ project: projectView(deps.baseUrl, project) });
    },
  );

  app.patch(
    '/v3/projects/:project_id',
    {
      schema: {
        params: pathParams('project_id'),
        body: updateProjectBody,
        response: { 200: projectResponse },
      },
    },
    async (request: ProjectRequest) => {
      const id = request.params.project_id;
      deps.policy.enforce('identity:update_project', (await projectTarget(deps, id)).target, request.context);
      const body = normalizeKeys((request.body as { project: Attributes }).project) as ProjectBody;
      if (body.id !== undefined && body.id !== null && body.id !== id) throw cannotChangeId();
      const { project, disabled } = await updateProject(deps.db, id, body);
      if (disabled) await revokeScope(deps, project);
      return { project: projectView(deps.baseUrl, project, { withExtra: true }) };
    },
  );

  app.delete(
    '/v3/projects/:project_id',
    { schema: { params: pathParams('project_id'), response: { 204: noContent } } },
    async (request: ProjectRequest, reply) => {
      const id = request.params.project_id;
      deps.policy.enforce('identity:delete_project', (await projectTarget(deps, id)).target, request.context);
      await revokeScope(deps, await deleteProject(deps.db, id, deps.now()));
      return reply.code(204).send();
    },
  );
};
