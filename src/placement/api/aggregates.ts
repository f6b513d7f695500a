import { ConcurrentUpdate, conflict, ErrorCode, notFound } from '../errors.js';
import { providerAggregates, setProviderAggregates } from '../providers/aggregates.js';
import { getProvider } from '../providers/lookup.js';
import { authorize, cacheHeaders, requireJsonContent } from './http.js';
import type { RouteModule } from './routes.js';
import { providerParams } from './schemas/common.js';
import { validateBody } from './validation.js';

const aggregateList = { type: 'array', items: { type: 'string', format: 'uuid' }, uniqueItems: true };
/** Before 1.19 the body is the bare list; from 1.19 it names the generation read. */
const setAggregatesBody = {
  '1.1': aggregateList,
  '1.19': {
    type: 'object',
    properties: { aggregates: aggregateList, resource_provider_generation: { type: 'integer' } },
    required: ['aggregates', 'resource_provider_generation'],
    additionalProperties: false,
  },
};

const aggregatesResponse = {
  type: 'object',
  properties: {
    aggregates: { type: 'array', items: { type: 'string' } },
    resource_provider_generation: { type: 'integer' },
  },
  required: ['aggregates'],
  additionalProperties: true,
} as const;

type Body = string[] | { aggregates: string[]; resource_provider_generation: number };

/**
 * `/resource_providers/{uuid}/aggregates` (1.1+): the aggregates a provider is in. Placement
 * has no aggregate times, so Last-Modified is now.
 */
export const aggregateRoutes: RouteModule = (app, deps) => {
  app.get<{ Params: { uuid: string } }>(
    '/resource_providers/:uuid/aggregates',
    { schema: { params: providerParams, response: { 200: aggregatesResponse } } },
    async (request, reply) => {
      if (!request.microversion.atLeast('1.1')) throw notFound('The resource could not be found.');
      authorize(deps, request, 'placement:resource_providers:aggregates:list');
      const provider = await getProvider(deps.db, request.params.uuid);
      const aggregates = await providerAggregates(deps.db, provider.id);
      cacheHeaders(request, reply, undefined);
      return {
        aggregates,
        ...(request.microversion.atLeast('1.19')
          ? { resource_provider_generation: provider.generation }
          : {}),
      };
    },
  );

  app.put<{ Params: { uuid: string }; Body: Body }>(
    '/resource_providers/:uuid/aggregates',
    {
      preValidation: requireJsonContent,
      schema: {
        params: providerParams,
        body: { type: ['array', 'object'] },
        response: { 200: aggregatesResponse },
      },
    },
    async (request, reply) => {
      if (!request.microversion.atLeast('1.1')) throw notFound('The resource could not be found.');
      authorize(deps, request, 'placement:resource_providers:aggregates:update');
      const withGeneration = request.microversion.atLeast('1.19');
      await getProvider(deps.db, request.params.uuid);
      const body = validateBody<Body>(setAggregatesBody[withGeneration ? '1.19' : '1.1'], request.body);
      const aggregates = Array.isArray(body) ? body : body.aggregates;
      const provider = await setProviderAggregates(deps.db, request.params.uuid, aggregates, {
        generation: Array.isArray(body) ? undefined : body.resource_provider_generation,
        now: deps.now().toISOString(),
      }).catch((error) => {
        if (error instanceof ConcurrentUpdate) {
          throw conflict(`Update conflict: ${error.message}`, ErrorCode.CONCURRENT_UPDATE);
        }
        throw error;
      });
      cacheHeaders(request, reply, undefined);
      return { aggregates, ...(withGeneration ? { resource_provider_generation: provider.generation } : {}) };
    },
  );
};
