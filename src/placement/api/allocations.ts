import type { Microversion } from '../../common/http/microversion.js';
import { INCOMPLETE_CONSUMER_ID } from '../allocations/consumers.js';
import { allocationsOfConsumer, allocationsOnProvider } from '../allocations/read.js';
import { replaceAllocations, type AllocationRequest } from '../allocations/write.js';
import { badRequest, ConcurrentUpdate, conflict, ErrorCode, isUniqueViolation, notFound } from '../errors.js';
import { findProvider } from '../providers/lookup.js';
import { normalizeUuid } from '../uuid.js';
import {
  anyJsonObject,
  authorize,
  cacheHeaders,
  lastModifiedOf,
  noContent,
  requireJsonContent,
} from './http.js';
import type { RouteModule } from './routes.js';
import { providerParams } from './schemas/common.js';
import {
  consumerAllocationsResponse,
  consumerParams,
  postAllocationsBody,
  providerAllocationsResponse,
  putAllocationsBody,
} from './schemas/allocations.js';
import { forVersion, validateBody } from './validation.js';
import { consumerAllocationsView, providerAllocationsView } from './views/allocations.js';

/** One consumer's allocations as a request body states them, in any microversion's form. */
export interface AllocationBody {
  allocations:
    | Record<string, { resources: Record<string, number> }>
    | { resource_provider: { uuid: string }; resources: Record<string, number> }[];
  project_id?: string;
  user_id?: string;
  consumer_generation?: number | null;
  consumer_type?: string;
}

/**
 * The write a body asks for: the list form (before 1.12) becomes allocations by provider;
 * no project (before 1.8) means upstream's "incomplete consumer" ids; the generation is
 * checked from 1.28 and the type recorded from 1.38.
 */
export function allocationRequest(
  uuid: string,
  body: AllocationBody,
  version: Microversion,
): AllocationRequest {
  const allocations = new Map<string, Record<string, number>>();
  if (Array.isArray(body.allocations)) {
    for (const entry of body.allocations) allocations.set(entry.resource_provider.uuid, entry.resources);
  } else {
    for (const [provider, entry] of Object.entries(body.allocations))
      allocations.set(provider, entry.resources);
  }
  const complete = body.project_id !== undefined;
  return {
    uuid,
    projectId: complete ? body.project_id! : INCOMPLETE_CONSUMER_ID,
    userId: complete ? body.user_id! : INCOMPLETE_CONSUMER_ID,
    generation: version.atLeast('1.28') ? (body.consumer_generation ?? null) : undefined,
    consumerType: version.atLeast('1.38') ? body.consumer_type : undefined,
    allocations,
  };
}

/** The 409s of an allocation write, in upstream's words. */
export function allocationConflicts(error: unknown): never {
  if (error instanceof ConcurrentUpdate) {
    throw conflict(
      `Inventory and/or allocations changed while attempting to allocate: ${error.message}`,
      ErrorCode.CONCURRENT_UPDATE,
    );
  }
  // Two writers creating the same consumer at once: the loser's view of it was stale.
  if (isUniqueViolation(error)) {
    throw conflict(
      `Inventory and/or allocations changed while attempting to allocate: ${new ConcurrentUpdate(false).message}`,
      ErrorCode.CONCURRENT_UPDATE,
    );
  }
  throw error;
}

/** `/allocations`: what consumers use, written atomically with capacity and generation checks. */
export const allocationRoutes: RouteModule = (app, deps) => {
  const now = () => deps.now().toISOString();

  app.get<{ Params: { consumer_uuid: string } }>(
    '/allocations/:consumer_uuid',
    { schema: { params: consumerParams, response: { 200: consumerAllocationsResponse } } },
    async (request, reply) => {
      authorize(deps, request, 'placement:allocations:list');
      const { consumer, allocations } = await allocationsOfConsumer(deps.db, request.params.consumer_uuid);
      cacheHeaders(request, reply, lastModifiedOf(allocations));
      return consumerAllocationsView(consumer, allocations, request.microversion);
    },
  );

  app.put<{ Params: { consumer_uuid: string }; Body: AllocationBody }>(
    '/allocations/:consumer_uuid',
    {
      preValidation: requireJsonContent,
      schema: { params: consumerParams, body: anyJsonObject, response: noContent },
    },
    async (request, reply) => {
      authorize(deps, request, 'placement:allocations:update');
      const uuid = normalizeUuid(request.params.consumer_uuid);
      if (!uuid) throw badRequest(`Malformed consumer_uuid: ${request.params.consumer_uuid}`);
      const version = request.microversion;
      const body = validateBody<AllocationBody>(forVersion(putAllocationsBody, version), request.body);
      await replaceAllocations(deps.db, [allocationRequest(uuid, body, version)], {
        now: now(),
        unknownClass: (message) =>
          badRequest(`Unable to allocate inventory for consumer ${uuid}: ${message}`),
      }).catch(allocationConflicts);
      return reply.status(204).send();
    },
  );

  app.post<{ Body: Record<string, AllocationBody> }>(
    '/allocations',
    { preValidation: requireJsonContent, schema: { body: anyJsonObject, response: noContent } },
    async (request, reply) => {
      if (!request.microversion.atLeast('1.13')) throw notFound('The resource could not be found.');
      authorize(deps, request, 'placement:allocations:manage');
      const version = request.microversion;
      const body = validateBody<Record<string, AllocationBody>>(
        forVersion(postAllocationsBody, version),
        request.body,
      );
      const requests = Object.entries(body).map(([uuid, entry]) => allocationRequest(uuid, entry, version));
      await replaceAllocations(deps.db, requests, {
        now: now(),
        unknownClass: (message) => badRequest(`Unable to allocate inventory ${message}`),
      }).catch(allocationConflicts);
      return reply.status(204).send();
    },
  );

  app.delete<{ Params: { consumer_uuid: string } }>(
    '/allocations/:consumer_uuid',
    { schema: { params: consumerParams, response: noContent } },
    async (request, reply) => {
      authorize(deps, request, 'placement:allocations:delete');
      const uuid = request.params.consumer_uuid;
      const removed = await deps.db.transaction().execute(async (tx) => {
        const result = await tx.deleteFrom('allocation').where('consumer_id', '=', uuid).executeTakeFirst();
        await tx.deleteFrom('consumer').where('uuid', '=', uuid).execute();
        return Number(result.numDeletedRows);
      });
      if (removed === 0) throw notFound(`No allocations for consumer '${uuid}'`);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: { uuid: string } }>(
    '/resource_providers/:uuid/allocations',
    { schema: { params: providerParams, response: { 200: providerAllocationsResponse } } },
    async (request, reply) => {
      authorize(deps, request, 'placement:resource_providers:allocations:list');
      const { uuid } = request.params;
      const provider = await findProvider(deps.db, uuid);
      if (!provider)
        throw notFound(`Resource provider '${uuid}' not found: No resource provider with uuid ${uuid} found`);
      const allocations = await allocationsOnProvider(deps.db, provider.id);
      cacheHeaders(request, reply, lastModifiedOf(allocations));
      return providerAllocationsView(allocations, provider.generation, request.microversion);
    },
  );
};
