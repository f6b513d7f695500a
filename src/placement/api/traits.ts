import { badRequest, ConcurrentUpdate, conflict, ErrorCode, notFound } from '../errors.js';
import { findProvider, getProvider } from '../providers/lookup.js';
import { setProviderTraits } from '../providers/traits.js';
import {
  deleteTrait,
  ensureTrait,
  getTrait,
  listTraits,
  providerTraits,
  type TraitFilters,
} from '../traits.js';
import {
  anyJsonObject,
  authorize,
  cacheHeaders,
  lastModifiedOf,
  noContent,
  requireJsonContent,
} from './http.js';
import { lastValues, queryParams } from './query.js';
import type { RouteModule } from './routes.js';
import { anyQuery, CUSTOM_TRAIT_PATTERN, providerParams } from './schemas/common.js';
import { validateBody, validateQuery } from './validation.js';
import { absoluteUrl } from './views/links.js';

const listTraitsQuery = {
  type: 'object',
  properties: { name: { type: 'string' }, associated: { type: 'string' } },
  additionalProperties: false,
};

const setProviderTraitsBody = {
  type: 'object',
  properties: {
    traits: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 255 } },
    resource_provider_generation: { type: 'integer' },
  },
  required: ['traits', 'resource_provider_generation'],
  additionalProperties: false,
};

const customTrait = new RegExp(CUSTOM_TRAIT_PATTERN);

const traitParams = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } as const;
const traitsResponse = {
  type: 'object',
  properties: { traits: { type: 'array', items: { type: 'string' } } },
  required: ['traits'],
  additionalProperties: true,
} as const;
const providerTraitsResponse = {
  ...traitsResponse,
  properties: { ...traitsResponse.properties, resource_provider_generation: { type: 'integer' } },
  required: ['traits', 'resource_provider_generation'],
} as const;

function traitConflicts(error: unknown): never {
  if (error instanceof ConcurrentUpdate) throw conflict(error.message, ErrorCode.CONCURRENT_UPDATE);
  throw error;
}

/** `name=in:A,B` or `name=startswith:HW_`, as upstream reads them. */
function nameFilter(value: string): TraitFilters {
  const colon = value.indexOf(':');
  if (colon < 0) {
    throw badRequest(
      `Badly formatted name parameter. Expected name query string parameter in form: ?name=[in|startswith]:[name1,name2|prefix]. Got: "${value}"`,
    );
  }
  const [op, operand] = [value.slice(0, colon), value.slice(colon + 1)];
  if (op === 'in') return { names: operand.split(',') };
  if (op === 'startswith') return { prefix: operand };
  return {};
}

/** `/traits` and `/resource_providers/{uuid}/traits` (1.6+; a 404 before). */
export const traitRoutes: RouteModule = (app, deps) => {
  const now = () => deps.now().toISOString();
  const since16 = (version: { atLeast(v: string): boolean }) => {
    if (!version.atLeast('1.6')) throw notFound('The resource could not be found.');
  };

  app.get(
    '/traits',
    { schema: { querystring: anyQuery, response: { 200: traitsResponse } } },
    async (request, reply) => {
      since16(request.microversion);
      authorize(deps, request, 'placement:traits:list');
      const query = lastValues(queryParams(request));
      validateQuery(listTraitsQuery, query);
      let filters: TraitFilters = query.name !== undefined ? nameFilter(query.name) : {};
      if (query.associated !== undefined) {
        const associated = query.associated.toLowerCase();
        if (associated !== 'true' && associated !== 'false') {
          throw badRequest('The query parameter "associated" only accepts "true" or "false"');
        }
        filters = { ...filters, associated: associated === 'true' };
      }
      const traits = await listTraits(deps.db, filters);
      cacheHeaders(request, reply, lastModifiedOf(traits));
      return { traits: traits.map((trait) => trait.name) };
    },
  );

  app.get<{ Params: { name: string } }>(
    '/traits/:name',
    { schema: { params: traitParams, response: noContent } },
    async (request, reply) => {
      since16(request.microversion);
      authorize(deps, request, 'placement:traits:show');
      const trait = await getTrait(deps.db, request.params.name);
      cacheHeaders(request, reply, trait.created_at);
      return reply.status(204).send();
    },
  );

  app.put<{ Params: { name: string } }>(
    '/traits/:name',
    {
      config: { noBody: true },
      schema: { params: traitParams, response: { 201: { type: 'null' }, 204: { type: 'null' } } },
    },
    async (request, reply) => {
      since16(request.microversion);
      authorize(deps, request, 'placement:traits:update');
      const { name } = request.params;
      if (!customTrait.test(name) || name.length > 255) {
        throw badRequest(
          'The trait is invalid. A valid trait must be no longer than 255 characters, start with the prefix "CUSTOM_" and use following characters: "A"-"Z", "0"-"9" and "_"',
        );
      }
      const { trait, created } = await ensureTrait(deps.db, name, now());
      reply.header('location', absoluteUrl(deps, `/traits/${name}`));
      cacheHeaders(request, reply, trait.created_at);
      return reply.status(created ? 201 : 204).send();
    },
  );

  app.delete<{ Params: { name: string } }>(
    '/traits/:name',
    { schema: { params: traitParams, response: noContent } },
    async (request, reply) => {
      since16(request.microversion);
      authorize(deps, request, 'placement:traits:delete');
      await deleteTrait(deps.db, request.params.name);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { uuid: string } }>(
    '/resource_providers/:uuid/traits',
    { schema: { params: providerParams, response: { 200: providerTraitsResponse } } },
    async (request, reply) => {
      since16(request.microversion);
      authorize(deps, request, 'placement:resource_providers:traits:list');
      const { uuid } = request.params;
      const provider = await findProvider(deps.db, uuid);
      if (!provider) {
        throw notFound(
          `No resource provider with uuid ${uuid} found: No resource provider with uuid ${uuid} found`,
        );
      }
      const traits = await providerTraits(deps.db, provider.id);
      cacheHeaders(request, reply, lastModifiedOf(traits));
      return { traits: traits.map((trait) => trait.name), resource_provider_generation: provider.generation };
    },
  );

  app.put<{ Params: { uuid: string }; Body: { traits: string[]; resource_provider_generation: number } }>(
    '/resource_providers/:uuid/traits',
    {
      preValidation: requireJsonContent,
      schema: { params: providerParams, body: anyJsonObject, response: { 200: providerTraitsResponse } },
    },
    async (request, reply) => {
      since16(request.microversion);
      authorize(deps, request, 'placement:resource_providers:traits:update');
      const body = validateBody<typeof request.body>(setProviderTraitsBody, request.body);
      await getProvider(deps.db, request.params.uuid);
      const result = await setProviderTraits(
        deps.db,
        request.params.uuid,
        { generation: body.resource_provider_generation, traits: body.traits },
        now(),
      ).catch(traitConflicts);
      cacheHeaders(request, reply, lastModifiedOf(result.traits));
      return {
        traits: result.traits.map((trait) => trait.name),
        resource_provider_generation: result.generation,
      };
    },
  );

  app.delete<{ Params: { uuid: string } }>(
    '/resource_providers/:uuid/traits',
    { schema: { params: providerParams, response: noContent } },
    async (request, reply) => {
      since16(request.microversion);
      authorize(deps, request, 'placement:resource_providers:traits:delete');
      await setProviderTraits(deps.db, request.params.uuid, { generation: null, traits: [] }, now()).catch(
        traitConflicts,
      );
      return reply.status(204).send();
    },
  );
};
