import {
  createService,
  deleteService,
  getService,
  listServices,
  updateService,
  type ServiceInput,
} from '../catalog/services.js';
import { cannotChangeId } from '../catalog/keystone-errors.js';
import { collectionLinks } from './links.js';
import type { RouteModule } from './routes.js';
import {
  serviceCreateBody,
  serviceListQuery,
  serviceListResponse,
  serviceParams,
  serviceResponse,
  serviceUpdateBody,
} from './schemas/services.js';
import { serviceView } from './views/services.js';

type Params = { service_id: string };

/** `/v3/services`: the catalog's services. */
export const serviceRoutes: RouteModule = (app, deps) => {
  app.get<{ Querystring: { type?: string; name?: string } }>(
    '/v3/services',
    { schema: { querystring: serviceListQuery, response: { 200: serviceListResponse } } },
    async (request) => {
      deps.policy.enforce('identity:list_services', {}, request.context);
      const services = await listServices(deps.db, request.query);
      return {
        services: services.map((service) => serviceView(deps.baseUrl, service)),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );

  app.get<{ Params: Params }>(
    '/v3/services/:service_id',
    { schema: { params: serviceParams, response: { 200: serviceResponse } } },
    async (request) => {
      deps.policy.enforce('identity:get_service', { ...request.params }, request.context);
      return { service: serviceView(deps.baseUrl, await getService(deps.db, request.params.service_id)) };
    },
  );

  app.post<{ Body: { service: ServiceInput & { type: string } } }>(
    '/v3/services',
    { schema: { body: serviceCreateBody, response: { 201: serviceResponse } } },
    async (request, reply) => {
      deps.policy.enforce('identity:create_service', {}, request.context);
      const service = await createService(deps.db, request.body.service);
      return reply.status(201).send({ service: serviceView(deps.baseUrl, service) });
    },
  );

  app.patch<{ Params: Params; Body: { service: ServiceInput } }>(
    '/v3/services/:service_id',
    { schema: { params: serviceParams, body: serviceUpdateBody, response: { 200: serviceResponse } } },
    async (request) => {
      deps.policy.enforce('identity:update_service', { ...request.params }, request.context);
      const { service_id: id } = request.params;
      const input = request.body.service;
      if (input.id != null && input.id !== id) throw cannotChangeId();
      return { service: serviceView(deps.baseUrl, await updateService(deps.db, id, input)) };
    },
  );

  app.delete<{ Params: Params }>(
    '/v3/services/:service_id',
    { schema: { params: serviceParams, response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      deps.policy.enforce('identity:delete_service', { ...request.params }, request.context);
      await deleteService(deps.db, request.params.service_id);
      return reply.status(204).send();
    },
  );
};
