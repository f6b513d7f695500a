import {
  addEndpointToProject,
  checkEndpointInProject,
  endpointsForProject,
  projectsForEndpoint,
  removeEndpointFromProject,
} from '../endpoint-filter/project-associations.js';
import { collectionLinks } from './links.js';
import type { RouteModule } from './routes.js';
import {
  endpointParams,
  noContent,
  projectEndpointParams,
  projectParams,
} from './schemas/endpoint-groups.js';
import { endpointListResponse } from './schemas/endpoints.js';
import { projectListResponse } from './schemas/projects.js';
import { endpointView } from './views/endpoints.js';
import { projectView } from './views/projects.js';

type Params = { project_id: string; endpoint_id: string };

const PREFIX = '/v3/OS-EP-FILTER';

/**
 * OS-EP-FILTER's direct endpoint-project associations. They are kept and listed; the token
 * catalog is not narrowed by them (Keystone does that only with its endpoint_filter catalog
 * driver, which is not its default).
 */
export const projectEndpointRoutes: RouteModule = (app, deps) => {
  const association = `${PREFIX}/projects/:project_id/endpoints/:endpoint_id`;

  app.put<{ Params: Params }>(
    association,
    { schema: { params: projectEndpointParams, response: { 204: noContent } }, config: { noBody: true } },
    async (request, reply) => {
      deps.policy.enforce('identity:add_endpoint_to_project', { ...request.params }, request.context);
      await addEndpointToProject(deps.db, request.params.endpoint_id, request.params.project_id);
      return reply.status(204).send();
    },
  );

  // HEAD is answered by this route too.
  app.get<{ Params: Params }>(
    association,
    { schema: { params: projectEndpointParams, response: { 204: noContent } } },
    async (request, reply) => {
      deps.policy.enforce('identity:check_endpoint_in_project', { ...request.params }, request.context);
      await checkEndpointInProject(deps.db, request.params.endpoint_id, request.params.project_id);
      return reply.status(204).send();
    },
  );

  app.delete<{ Params: Params }>(
    association,
    { schema: { params: projectEndpointParams, response: { 204: noContent } } },
    async (request, reply) => {
      deps.policy.enforce('identity:remove_endpoint_from_project', { ...request.params }, request.context);
      await removeEndpointFromProject(deps.db, request.params.endpoint_id, request.params.project_id);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { project_id: string } }>(
    `${PREFIX}/projects/:project_id/endpoints`,
    { schema: { params: projectParams, response: { 200: endpointListResponse } } },
    async (request) => {
      deps.policy.enforce('identity:list_endpoints_for_project', { ...request.params }, request.context);
      const endpoints = await endpointsForProject(deps.db, request.params.project_id);
      return {
        endpoints: endpoints.map((endpoint) => endpointView(deps.baseUrl, endpoint)),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );

  app.get<{ Params: { endpoint_id: string } }>(
    `${PREFIX}/endpoints/:endpoint_id/projects`,
    { schema: { params: endpointParams, response: { 200: projectListResponse } } },
    async (request) => {
      deps.policy.enforce('identity:list_projects_for_endpoint', { ...request.params }, request.context);
      const projects = await projectsForEndpoint(deps.db, request.params.endpoint_id);
      return {
        projects: projects.map((project) => projectView(deps.baseUrl, project)),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );
};
