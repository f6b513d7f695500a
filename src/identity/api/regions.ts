import {
  createRegion,
  deleteRegion,
  getRegion,
  listRegions,
  updateRegion,
  type RegionInput,
} from '../catalog/regions.js';
import { BadRequest } from '../../common/http/errors.js';
import { cannotChangeId } from '../catalog/keystone-errors.js';
import { collectionLinks } from './links.js';
import type { RouteModule } from './routes.js';
import {
  regionCreateBody,
  regionListQuery,
  regionListResponse,
  regionParams,
  regionResponse,
  regionUpdateBody,
} from './schemas/regions.js';
import { regionView } from './views/regions.js';

type Params = { region_id: string };
type Body = { region: RegionInput };

/** `/v3/regions`: the catalog's regions, with client-chosen ids (PUT) or generated ones (POST). */
export const regionRoutes: RouteModule = (app, deps) => {
  app.get<{ Querystring: { parent_region_id?: string } }>(
    '/v3/regions',
    { schema: { querystring: regionListQuery, response: { 200: regionListResponse } } },
    async (request) => {
      deps.policy.enforce('identity:list_regions', {}, request.context);
      const regions = await listRegions(deps.db, { parentRegionId: request.query.parent_region_id });
      return {
        regions: regions.map((region) => regionView(deps.baseUrl, region)),
        links: collectionLinks(deps.baseUrl, request),
      };
    },
  );

  app.get<{ Params: Params }>(
    '/v3/regions/:region_id',
    { schema: { params: regionParams, response: { 200: regionResponse } } },
    async (request) => {
      deps.policy.enforce('identity:get_region', { ...request.params }, request.context);
      return { region: regionView(deps.baseUrl, await getRegion(deps.db, request.params.region_id)) };
    },
  );

  app.post<{ Body: Body }>(
    '/v3/regions',
    { schema: { body: regionCreateBody, response: { 201: regionResponse } } },
    async (request, reply) => {
      deps.policy.enforce('identity:create_region', {}, request.context);
      const region = await createRegion(deps.db, request.body.region);
      return reply.status(201).send({ region: regionView(deps.baseUrl, region) });
    },
  );

  app.put<{ Params: Params; Body: Body }>(
    '/v3/regions/:region_id',
    { schema: { params: regionParams, body: regionCreateBody, response: { 201: regionResponse } } },
    async (request, reply) => {
      deps.policy.enforce('identity:create_region', { ...request.params }, request.context);
      const { region_id: id } = request.params;
      const input = request.body.region;
      if (input.id !== undefined && input.id !== id) {
        throw new BadRequest(`Conflicting region IDs specified: "${id}" != "${input.id}"`);
      }
      const region = await createRegion(deps.db, { ...input, id });
      return reply.status(201).send({ region: regionView(deps.baseUrl, region) });
    },
  );

  app.patch<{ Params: Params; Body: Body }>(
    '/v3/regions/:region_id',
    { schema: { params: regionParams, body: regionUpdateBody, response: { 200: regionResponse } } },
    async (request) => {
      deps.policy.enforce('identity:update_region', { ...request.params }, request.context);
      const { region_id: id } = request.params;
      const input = request.body.region;
      if (input.id != null && input.id !== id) throw cannotChangeId();
      return { region: regionView(deps.baseUrl, await updateRegion(deps.db, id, input)) };
    },
  );

  app.delete<{ Params: Params }>(
    '/v3/regions/:region_id',
    { schema: { params: regionParams, response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      deps.policy.enforce('identity:delete_region', { ...request.params }, request.context);
      await deleteRegion(deps.db, request.params.region_id);
      return reply.status(204).send();
    },
  );
};
