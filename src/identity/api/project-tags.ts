import type { FastifyRequest } from 'fastify';
import type { IdentityDeps } from '../deps.js';
import { addTag, assertHasTag, removeTag, replaceTags } from '../resources/project-tags.js';
import { getProject } from '../resources/projects.js';
import { projectTarget } from './projects.js';
import type { RouteModule } from './routes.js';
import { replaceTagsBody, tagParams, tagsResponse } from './schemas/projects.js';
import { noContent, pathParams } from './schemas/resource-fields.js';

type TagsRequest = FastifyRequest<{ Params: { project_id: string } }>;
type TagRequest = FastifyRequest<{ Params: { project_id: string; value: string } }>;

/** `/v3/projects/{id}/tags[/{tag}]`: a project's tags as a list, and one tag at a time. */
export const projectTagRoutes: RouteModule = (app, deps: IdentityDeps) => {
  /** The project after the caller may do `action` on it; 404 after policy, as Keystone. */
  async function authorized(request: TagsRequest | TagRequest, action: string) {
    const id = request.params.project_id;
    const { found, target } = await projectTarget(deps, id);
    deps.policy.enforce(action, target, request.context);
    return found ?? getProject(deps.db, id);
  }

  const tagsBody = (request: FastifyRequest, tags: string[]) => ({
    tags,
    links: { self: `${deps.baseUrl}${request.url.replace(/^\/identity/, '')}` },
  });

  app.get(
    '/v3/projects/:project_id/tags',
    { schema: { params: pathParams('project_id'), response: { 200: tagsResponse } } },
    async (request: TagsRequest) => {
      const project = await authorized(request, 'identity:list_project_tags');
      return tagsBody(request, project.tags);
    },
  );

  app.put(
    '/v3/projects/:project_id/tags',
    { schema: { params: pathParams('project_id'), body: replaceTagsBody, response: { 200: tagsResponse } } },
    async (request: TagsRequest) => {
      const project = await authorized(request, 'identity:update_project_tags');
      const tags = await replaceTags(deps.db, project, (request.body as { tags: string[] }).tags);
      return tagsBody(request, tags);
    },
  );

  app.delete(
    '/v3/projects/:project_id/tags',
    { schema: { params: pathParams('project_id'), response: { 204: noContent } } },
    async (request: TagsRequest, reply) => {
      const project = await authorized(request, 'identity:delete_project_tags');
      await replaceTags(deps.db, project, []);
      return reply.code(204).send();
    },
  );

  app.get(
    '/v3/projects/:project_id/tags/:value',
    { schema: { params: tagParams, response: { 204: noContent } } },
    async (request: TagRequest, reply) => {
      const project = await authorized(request, 'identity:get_project_tag');
      assertHasTag(project, request.params.value);
      return reply.code(204).send();
    },
  );

  app.put(
    '/v3/projects/:project_id/tags/:value',
    { schema: { params: tagParams, response: { 201: noContent } }, config: { noBody: true } },
    async (request: TagRequest, reply) => {
      const project = await authorized(request, 'identity:create_project_tag');
      await addTag(deps.db, project, request.params.value);
      const location = `${deps.baseUrl}/v3/projects/${project.id}/tags/${encodeURIComponent(request.params.value)}`;
      return reply.code(201).header('location', location).send();
    },
  );

  app.delete(
    '/v3/projects/:project_id/tags/:value',
    { schema: { params: tagParams, response: { 204: noContent } } },
    async (request: TagRequest, reply) => {
      const project = await authorized(request, 'identity:delete_project_tag');
      await removeTag(deps.db, project, request.params.value);
      return reply.code(204).send();
    },
  );
};
