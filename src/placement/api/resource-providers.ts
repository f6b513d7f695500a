import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { findProvider, getProvider } from '../providers/lookup.js';
import { listProviders, type ProviderFilters } from '../providers/list.js';
import { createProvider, deleteProvider, updateProvider } from '../providers/providers.js';
import { normalizeUuid } from '../uuid.js';
import { notFound } from '../errors.js';
import {
  anyJsonObject,
  authorize,
  cacheHeaders,
  lastModifiedOf,
  noContent,
  requireJsonContent,
} from './http.js';
import { lastValues, parseMemberOf, parseResources, parseTraits, queryParams } from './query.js';
import type { RouteModule } from './routes.js';
import {
  anyQuery,
  createProviderBody,
  listProvidersQuery,
  provider as providerSchema,
  providerListResponse,
  providerParams,
  updateProviderBody,
} from './schemas/resource-providers.js';
import { forVersion, validateBody, validateQuery } from './validation.js';
import { absoluteUrl, mountPath } from './views/links.js';
import { providerView } from './views/providers.js';

type Params = { uuid: string };

/** The filters of GET /resource_providers, read as the request's microversion allows. */
function listFilters(request: FastifyRequest): ProviderFilters {
  const version = request.microversion;
  const params = queryParams(request);
  validateQuery(forVersion(listProvidersQuery, version), lastValues(params));
  const filters: ProviderFilters = {};
  if (params.has('member_of')) {
    const memberOf = parseMemberOf(params, version);
    filters.memberOf = memberOf.required;
    filters.forbiddenAggregates = memberOf.forbidden;
  }
  if (params.has('required')) {
    const traits = parseTraits(params, version);
    filters.requiredTraits = traits.required;
    filters.forbiddenTraits = traits.forbidden;
  }
  // webob gives the last of repeated values, as schema validation saw them.
  const last = lastValues(params);
  if (last.name) filters.name = last.name;
  if (last.uuid) filters.uuid = last.uuid;
  if (last.in_tree) filters.inTree = last.in_tree;
  if (last.resources !== undefined) filters.resources = parseResources(last.resources);
  return filters;
}

/** `/resource_providers`: providers, their trees and generations. */
export const resourceProviderRoutes: RouteModule = (app, deps) => {
  const mount = mountPath(deps);
  const now = () => deps.now().toISOString();

  app.get(
    '/resource_providers',
    { schema: { querystring: anyQuery, response: { 200: providerListResponse } } },
    async (request, reply) => {
      authorize(deps, request, 'placement:resource_providers:list');
      const providers = await listProviders(deps.db, listFilters(request));
      cacheHeaders(request, reply, lastModifiedOf(providers));
      return { resource_providers: providers.map((rp) => providerView(mount, rp, request.microversion)) };
    },
  );

  app.post<{ Body: { name: string; uuid?: string; parent_provider_uuid?: string | null } }>(
    '/resource_providers',
    {
      preValidation: requireJsonContent,
      schema: { body: anyJsonObject, response: { 200: providerSchema, 201: { type: 'null' } } },
    },
    async (request, reply) => {
      authorize(deps, request, 'placement:resource_providers:create');
      const version = request.microversion;
      const body = validateBody<typeof request.body>(forVersion(createProviderBody, version), request.body);
      const uuid = body.uuid ? normalizeUuid(body.uuid)! : randomUUID();
      const provider = await createProvider(
        deps.db,
        { uuid, name: body.name, parent_provider_uuid: body.parent_provider_uuid },
        now(),
      );
      reply.header('location', absoluteUrl(deps, `/resource_providers/${uuid}`));
      if (!version.atLeast('1.20')) return reply.status(201).send();
      cacheHeaders(request, reply, lastModifiedOf([provider]));
      return providerView(mount, provider, version);
    },
  );

  app.get<{ Params: Params }>(
    '/resource_providers/:uuid',
    { schema: { params: providerParams, response: { 200: providerSchema } } },
    async (request, reply) => {
      authorize(deps, request, 'placement:resource_providers:show');
      const provider = await getProvider(deps.db, request.params.uuid);
      cacheHeaders(request, reply, lastModifiedOf([provider]));
      return providerView(mount, provider, request.microversion);
    },
  );

  app.put<{ Params: Params; Body: { name: string; parent_provider_uuid?: string | null } }>(
    '/resource_providers/:uuid',
    {
      preValidation: requireJsonContent,
      schema: { params: providerParams, body: anyJsonObject, response: { 200: providerSchema } },
    },
    async (request, reply) => {
      authorize(deps, request, 'placement:resource_providers:update');
      const version = request.microversion;
      const before = await findProvider(deps.db, request.params.uuid);
      if (!before) throw notFound(`No resource provider with uuid ${request.params.uuid} found`);
      const body = validateBody<typeof request.body>(forVersion(updateProviderBody, version), request.body);
      const provider = await updateProvider(deps.db, request.params.uuid, body, {
        allowReparenting: version.atLeast('1.37'),
        now: now(),
      });
      // Upstream dates the answer by the provider's previous update, and omits it if none.
      if (before.updated_at) cacheHeaders(request, reply, before.updated_at);
      else if (version.atLeast('1.15')) reply.header('cache-control', 'no-cache');
      return providerView(mount, provider, version);
    },
  );

  app.delete<{ Params: Params }>(
    '/resource_providers/:uuid',
    { schema: { params: providerParams, response: noContent } },
    async (request, reply) => {
      authorize(deps, request, 'placement:resource_providers:delete');
      await deleteProvider(deps.db, request.params.uuid);
      return reply.status(204).send();
    },
  );
};
