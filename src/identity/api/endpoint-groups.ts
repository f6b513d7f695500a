import {
  createEndpointGroup,
  deleteEndpointGroup,
  endpointsInGroup,
  getEndpointGroup,
  listEndpointGroups,
  updateEndpointGroup,
  type EndpointGroupInput,
} from '../endpoint-filter/endpoint-groups.js';
import {
  addEndpointGroupToProject,
  endpointGroupsForProject,
  getEndpointGroupInProject,
  projectsForEndpointGroup,
  removeEndpointGroupFromProject,
} from '../endpoint-filter/project-associations.js';
import { collectionLinks } from './links.js';
import type { RouteModule } from './routes.js';
import {
  endpointGroupCreateBody,
  endpointGroupListQuery,
  endpointGroupListResponse,
  endpointGroupParams,
  endpointGroupProjectParams,
  endpointGroupResponse,
  endpointGroupUpdateBody,
  noContent,
  projectEndpointGroupResponse,
  projectParams,
} from './schemas/endpoint-groups.js';
import { endpointListResponse } from './schemas/endpoints.js';
import { projectListResponse } from './schemas/projects.js';
import { endpointGroupView, projectEndpointGroupView } from './views/endpoint-groups.js';
import { endpointView } from './views/endpoints.js';
import { projectView } from './views/projects.js';

type GroupParams = { endpoint_group_id: string };
type GroupProjectParams = { endpoint_group_id: string; project_id: string };
type NewGroup = EndpointGroupInput & { name: string; filters: Record<string, unknown> };

const PREFIX = '/v3/OS-EP-FILTER';

/** OS-EP-FILTER endpoint groups, and their associations with projects. */
export const endpointGroupRoutes: RouteModule = (app, deps) => {
  app.get<{ Querystring: { name?: string } }>(
    `${PREFIX}/endpoint_groups`,
    { schema: { querystring: endpointGroupListQuery, response: { 200: endpointGroupListResponse } } },
    async (request) => {
      deps.policy.enforce('identity:list_endpoint_groups', {}, request.context);
      const groups = await listEndpointGroups(deps.db, { name: request.query.name });
      return {
        endpoint_groups: groups.map((group) => endpointGroupView(deps.baseUrl, group)),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );

  // HEAD (Tempest's check_endpoint_group) is answered by this route too.
  app.get<{ Params: GroupParams }>(
    `${PREFIX}/endpoint_groups/:endpoint_group_id`,
    { schema: { params: endpointGroupParams, response: { 200: endpointGroupResponse } } },
    async (request) => {
      deps.policy.enforce('identity:get_endpoint_group', { ...request.params }, request.context);
      const group = await getEndpointGroup(deps.db, request.params.endpoint_group_id);
      return { endpoint_group: endpointGroupView(deps.baseUrl, group) };
    },
  );

  app.post<{ Body: { endpoint_group: NewGroup } }>(
    `${PREFIX}/endpoint_groups`,
    { schema: { body: endpointGroupCreateBody, response: { 201: endpointGroupResponse } } },
    async (request, reply) => {
      deps.policy.enforce('identity:create_endpoint_group', {}, request.context);
      const group = await createEndpointGroup(deps.db, request.body.endpoint_group);
      return reply.status(201).send({ endpoint_group: endpointGroupView(deps.baseUrl, group) });
    },
  );

  app.patch<{ Params: GroupParams; Body: { endpoint_group: EndpointGroupInput } }>(
    `${PREFIX}/endpoint_groups/:endpoint_group_id`,
    {
      schema: {
        params: endpointGroupParams,
        body: endpointGroupUpdateBody,
        response: { 200: endpointGroupResponse },
      },
    },
    async (request) => {
      deps.policy.enforce('identity:update_endpoint_group', { ...request.params }, request.context);
      const group = await updateEndpointGroup(
        deps.db,
        request.params.endpoint_group_id,
        request.body.endpoint_group,
      );
      return { endpoint_group: endpointGroupView(deps.baseUrl, group) };
    },
  );

  app.delete<{ Params: GroupParams }>(
    `${PREFIX}/endpoint_groups/:endpoint_group_id`,
    { schema: { params: endpointGroupParams, response: { 204: noContent } } },
    async (request, reply) => {
      deps.policy.enforce('identity:delete_endpoint_group', { ...request.params }, request.context);
      await deleteEndpointGroup(deps.db, request.params.endpoint_group_id);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: GroupParams }>(
    `${PREFIX}/endpoint_groups/:endpoint_group_id/endpoints`,
    { schema: { params: endpointGroupParams, response: { 200: endpointListResponse } } },
    async (request) => {
      deps.policy.enforce(
        'identity:list_endpoints_associated_with_endpoint_group',
        { ...request.params },
        request.context,
      );
      const endpoints = await endpointsInGroup(deps.db, request.params.endpoint_group_id);
      return {
        endpoints: endpoints.map((endpoint) => endpointView(deps.baseUrl, endpoint)),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );

  app.get<{ Params: GroupParams }>(
    `${PREFIX}/endpoint_groups/:endpoint_group_id/projects`,
    { schema: { params: endpointGroupParams, response: { 200: projectListResponse } } },
    async (request) => {
      deps.policy.enforce(
        'identity:list_projects_associated_with_endpoint_group',
        { ...request.params },
        request.context,
      );
      const projects = await projectsForEndpointGroup(deps.db, request.params.endpoint_group_id);
      return {
        projects: projects.map((project) => projectView(deps.baseUrl, project)),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );

  app.get<{ Params: { project_id: string } }>(
    `${PREFIX}/projects/:project_id/endpoint_groups`,
    { schema: { params: projectParams, response: { 200: endpointGroupListResponse } } },
    async (request) => {
      deps.policy.enforce(
        'identity:list_endpoint_groups_for_project',
        { ...request.params },
        request.context,
      );
      const groups = await endpointGroupsForProject(deps.db, request.params.project_id);
      return {
        endpoint_groups: groups.map((group) => endpointGroupView(deps.baseUrl, group)),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );

  const association = `${PREFIX}/endpoint_groups/:endpoint_group_id/projects/:project_id`;

  app.get<{ Params: GroupProjectParams }>(
    association,
    { schema: { params: endpointGroupProjectParams, response: { 200: projectEndpointGroupResponse } } },
    async (request) => {
      deps.policy.enforce('identity:get_endpoint_group_in_project', { ...request.params }, request.context);
      const { endpoint_group_id: groupId, project_id: projectId } = request.params;
      const found = await getEndpointGroupInProject(deps.db, groupId, projectId);
      return { project_endpoint_group: projectEndpointGroupView(deps.baseUrl, found) };
    },
  );

  app.put<{ Params: GroupProjectParams }>(
    association,
    {
      schema: { params: endpointGroupProjectParams, response: { 204: noContent } },
      config: { noBody: true },
    },
    async (request, reply) => {
      deps.policy.enforce('identity:add_endpoint_group_to_project', { ...request.params }, request.context);
      await addEndpointGroupToProject(deps.db, request.params.endpoint_group_id, request.params.project_id);
      return reply.status(204).send();
    },
  );

  app.delete<{ Params: GroupProjectParams }>(
    association,
    { schema: { params: endpointGroupProjectParams, response: { 204: noContent } } },
    async (request, reply) => {
      deps.policy.enforce(
        'identity:remove_endpoint_group_from_project',
        { ...request.params },
        request.context,
      );
      await removeEndpointGroupFromProject(
        deps.db,
        request.params.endpoint_group_id,
        request.params.project_id,
      );
      return reply.status(204).send();
    },
  );
};
