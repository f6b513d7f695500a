import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listEndpoints,
  updateEndpoint,
  type EndpointInput,
  type EndpointInterface,
} from '../catalog/endpoints.js';
import { cannotChangeId } from '../catalog/keystone-errors.js';
import { collectionLinks } from './links.js';
import type { RouteModule } from './routes.js';
import {
  endpointCreateBody,
  endpointListQuery,
  endpointListResponse,
  endpointParams,
  endpointResponse,
  endpointUpdateBody,
} from './schemas/endpoints.js';
import { endpointView } from './views/endpoints.js';

type Params = { endpoint_id: string };
type NewEndpoint = EndpointInput & { service_id: string; interface: EndpointInterface; url: string };

/** `/v3/endpoints`: the URLs of each service, per interface and region. */
export const endpointRoutes: RouteModule = (app, deps) => {
  app.get<{ Querystring: { service_id?: string; interface?: string; region_id?: string } }>(
    '/v3/endpoints',
    { schema: { querystring: endpointListQuery, response: { 200: endpointListResponse } } },
    async (request) => {
      deps.policy.enforce('identity:list_endpoints', {}, request.context);
      const endpoints = await listEndpoints(deps.db, {
        serviceId: request.query.service_id,
        interface: request.query.interface,
        regionId: request.query.region_id,
      });
      return {
        endpoints: endpoints.map((endpoint) => endpointView(deps.baseUrl, endpoint)),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );

  app.get<{ Params: Params }>(
    '/v3/endpoints/:endpoint_id',
    { schema: { params: endpointParams, response: { 200: endpointResponse } } },
    async (request) => {
      deps.policy.enforce('identity:get_endpoint', { ...request.params }, request.context);
      return { endpoint: endpointView(deps.baseUrl, await getEndpoint(deps.db, request.params.endpoint_id)) };
    },
  );

  app.post<{ Body: { endpoint: NewEndpoint } }>(
    '/v3/endpoints',
    { schema: { body: endpointCreateBody, response: { 201: endpointResponse } } },
    async (request, reply) => {
      deps.policy.enforce('identity:create_endpoint', {}, request.context);
      const endpoint = await createEndpoint(deps.db, request.body.endpoint);
      return reply.status(201).send({ endpoint: endpointView(deps.baseUrl, endpoint) });
    },
  );

  app.patch<{ Params: Params; Body: { endpoint: EndpointInput } }>(
    '/v3/endpoints/:endpoint_id',
    { schema: { params: endpointParams, body: endpointUpdateBody, response: { 200: endpointResponse } } },
    async (request) => {
      deps.policy.enforce('identity:update_endpoint', { ...request.params }, request.context);
      const { endpoint_id: id } = request.params;
      const input = request.body.endpoint;
      if (input.id != null && input.id !== id) throw cannotChangeId();
      return { endpoint: endpointView(deps.baseUrl, await updateEndpoint(deps.db, id, input)) };
    },
  );

  app.delete<{ Params: Params }>(
    '/v3/endpoints/:endpoint_id',
    { schema: { params: endpointParams, response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      deps.policy.enforce('identity:delete_endpoint', { ...request.params }, request.context);
      await deleteEndpoint(deps.db, request.params.endpoint_id);
      return reply.status(204).send();
    },
  );
};
