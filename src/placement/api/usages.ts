import { notFound } from '../errors.js';
import { findProvider } from '../providers/lookup.js';
import { providerUsages, totalUsages, usagesByConsumerType } from '../usages.js';
import { authorize, cacheHeaders } from './http.js';
import { lastValues, queryParams } from './query.js';
import type { RouteModule } from './routes.js';
import { anyQuery, CONSUMER_TYPE_GET_PATTERN, providerParams } from './schemas/common.js';
import { forVersion, validateQuery } from './validation.js';

const scopeField = { type: 'string', minLength: 1, maxLength: 255 };
const usagesQuery = {
  '1.9': {
    type: 'object',
    properties: { project_id: scopeField, user_id: scopeField },
    required: ['project_id'],
    additionalProperties: false,
  },
  '1.38': {
    type: 'object',
    properties: {
      project_id: scopeField,
      user_id: scopeField,
      consumer_type: { ...scopeField, pattern: CONSUMER_TYPE_GET_PATTERN },
    },
    required: ['project_id'],
    additionalProperties: false,
  },
};

const usagesResponse = {
  type: 'object',
  properties: { usages: { type: 'object', additionalProperties: true } },
  required: ['usages'],
  additionalProperties: true,
} as const;

const providerUsagesResponse = {
  type: 'object',
  properties: {
    resource_provider_generation: { type: 'integer' },
    usages: { type: 'object', additionalProperties: { type: 'integer' } },
  },
  required: ['resource_provider_generation', 'usages'],
  additionalProperties: true,
} as const;

/**
 * What is in use: per provider (by class), and per project or user (GET /usages, from 1.9;
 * grouped by consumer type from 1.38). Usages are "now", so Last-Modified is now.
 */
export const usageRoutes: RouteModule = (app, deps) => {
  app.get<{ Params: { uuid: string } }>(
    '/resource_providers/:uuid/usages',
    { schema: { params: providerParams, response: { 200: providerUsagesResponse } } },
    async (request, reply) => {
      authorize(deps, request, 'placement:resource_providers:usages');
      const { uuid } = request.params;
      const provider = await findProvider(deps.db, uuid);
      if (!provider) {
        throw notFound(
          `No resource provider with uuid ${uuid} found: No resource provider with uuid ${uuid} found`,
        );
      }
      cacheHeaders(request, reply, undefined);
      return {
        resource_provider_generation: provider.generation,
        usages: await providerUsages(deps.db, provider.id),
      };
    },
  );

  app.get(
    '/usages',
    { schema: { querystring: anyQuery, response: { 200: usagesResponse } } },
    async (request, reply) => {
      if (!request.microversion.atLeast('1.9')) throw notFound('The resource could not be found.');
      const query = lastValues(queryParams(request));
      authorize(deps, request, 'placement:usages', { project_id: query.project_id ?? null });
      validateQuery(forVersion(usagesQuery, request.microversion), query);
      const scope = { projectId: query.project_id, userId: query.user_id };
      const usages = request.microversion.atLeast('1.38')
        ? await usagesByConsumerType(deps.db, scope, query.consumer_type)
        : await totalUsages(deps.db, scope);
      cacheHeaders(request, reply, undefined);
      return { usages };
    },
  );
};
