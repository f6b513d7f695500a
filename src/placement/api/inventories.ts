import type { FastifyRequest } from 'fastify';
import { capacityProblem } from '../inventories/capacity.js';
import {
  addInventory,
  INVENTORY_DEFAULTS,
  InventoryInUse,
  listInventories,
  removeInventory,
  replaceInventories,
  updateInventory,
  type InventoryFields,
} from '../inventories/inventories.js';
import { badRequest, ConcurrentUpdate, conflict, ErrorCode, notFound, PlacementError } from '../errors.js';
import { bumpProviderGeneration } from '../providers/generation.js';
import { findProvider, getProvider, type Provider } from '../providers/lookup.js';
import { findResourceClass } from '../resource-classes.js';
import type { PlacementDeps } from '../deps.js';
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
  createInventoryBody,
  inventoriesResponse,
  inventoryParams,
  inventoryResponse,
  setInventoriesBody,
  updateInventoryBody,
} from './schemas/inventories.js';
import { validateBody } from './validation.js';
import { absoluteUrl } from './views/links.js';
import { inventoriesView, inventoryView } from './views/inventories.js';

type Params = { uuid: string };
type ClassParams = { uuid: string; resource_class: string };
type Record_ = Partial<InventoryFields> & { total: number; resource_provider_generation?: number };

/** A record with upstream's defaults for what the client left out. */
function withDefaults(record: Record_): InventoryFields {
  const { total, reserved, min_unit, max_unit, step_size, allocation_ratio } = {
    ...INVENTORY_DEFAULTS,
    ...record,
  };
  return { total, reserved, min_unit, max_unit, step_size, allocation_ratio };
}

/** GET's 404 repeats the lookup's own message after its own, as upstream. */
async function providerForRead(deps: PlacementDeps, uuid: string): Promise<Provider> {
  const provider = await findProvider(deps.db, uuid);
  if (!provider) {
    const message = `No resource provider with uuid ${uuid} found`;
    throw notFound(`${message} : ${message}`);
  }
  return provider;
}

const GENERATION_CONFLICT = 'resource provider generation conflict';

/** `/resource_providers/{uuid}/inventories`: what each provider has of each class. */
export const inventoryRoutes: RouteModule = (app, deps) => {
  const now = () => deps.now().toISOString();
  const inventoryUrl = (uuid: string, rc: string) =>
    absoluteUrl(deps, `/resource_providers/${uuid}/inventories/${rc}`);
  const checkCapacity = (
    request: FastifyRequest,
    provider: Provider,
    rc: string,
    fields: InventoryFields,
    verb: string,
  ) => {
    const problem = capacityProblem(request.microversion, rc, provider.uuid, fields);
    if (problem)
      throw badRequest(`Unable to ${verb} inventory for resource provider ${provider.uuid}: ${problem}`);
  };

  app.get<{ Params: Params }>(
    '/resource_providers/:uuid/inventories',
    { schema: { params: providerParams, response: { 200: inventoriesResponse } } },
    async (request, reply) => {
      authorize(deps, request, 'placement:resource_providers:inventories:list');
      const provider = await providerForRead(deps, request.params.uuid);
      const inventories = await listInventories(deps.db, provider.id);
      // Upstream has no date for an empty inventory, so it sends none.
      if (inventories.length > 0) cacheHeaders(request, reply, lastModifiedOf(inventories));
      else if (request.microversion.atLeast('1.15')) reply.header('cache-control', 'no-cache');
      return inventoriesView(
        inventories.map((inv) => [inv.resource_class, inv]),
        provider.generation,
      );
    },
  );

  app.post<{ Params: Params; Body: Record_ & { resource_class: string } }>(
    '/resource_providers/:uuid/inventories',
    {
      preValidation: requireJsonContent,
      schema: { params: providerParams, body: anyJsonObject, response: { 201: inventoryResponse } },
    },
    async (request, reply) => {
      authorize(deps, request, 'placement:resource_providers:inventories:create');
      const provider = await getProvider(deps.db, request.params.uuid);
      const body = validateBody<typeof request.body>(createInventoryBody, request.body);
      const fields = withDefaults(body);
      checkCapacity(request, provider, body.resource_class, fields, 'create');
      const generation = await deps.db
        .transaction()
        .execute((tx) =>
          addInventory(tx, provider, body.resource_class, fields, {
            now: now(),
            unknownClass: (message) =>
              badRequest(`Unable to create inventory for resource provider ${provider.uuid}: ${message}`),
          }),
        )
        .catch((error) => {
          if (error instanceof ConcurrentUpdate) {
            throw conflict(`Update conflict: ${error.message}`, ErrorCode.CONCURRENT_UPDATE);
          }
          throw error;
        });
      reply.header('location', inventoryUrl(provider.uuid, body.resource_class));
      cacheHeaders(request, reply, undefined);
      return reply.status(201).send(inventoryView(fields, generation));
    },
  );

  app.put<{
    Params: Params;
    Body: { resource_provider_generation: number; inventories: Record<string, Record_> };
  }>(
    '/resource_providers/:uuid/inventories',
    {
      preValidation: requireJsonContent,
      schema: { params: providerParams, body: anyJsonObject, response: { 200: inventoriesResponse } },
    },
    async (request, reply) => {
      authorize(deps, request, 'placement:resource_providers:inventories:update');
      await getProvider(deps.db, request.params.uuid);
      const body = validateBody<typeof request.body>(setInventoriesBody, request.body);
      const inventories = new Map(
        Object.entries(body.inventories).map(([rc, record]) => [rc, withDefaults(record)]),
      );
      const generation = await deps.db
        .transaction()
        .execute(async (tx) => {
          const provider = await getProvider(tx, request.params.uuid);
          if (body.resource_provider_generation !== provider.generation) {
            throw conflict(GENERATION_CONFLICT, ErrorCode.CONCURRENT_UPDATE);
          }
          for (const [rc, fields] of inventories) checkCapacity(request, provider, rc, fields, 'update');
          return replaceInventories(tx, provider, inventories, {
            now: now(),
            unknownClass: (message) =>
              badRequest(
                `Unknown resource class in inventory for resource provider ${provider.uuid}: ${message}`,
              ),
          });
        })
        .catch((error) => {
          if (error instanceof InventoryInUse) {
            throw conflict(`update conflict: ${error.message}`, ErrorCode.INVENTORY_INUSE);
          }
          if (error instanceof ConcurrentUpdate) {
            throw conflict(`update conflict: ${error.message}`, ErrorCode.CONCURRENT_UPDATE);
          }
          throw error;
        });
      cacheHeaders(request, reply, undefined);
      return inventoriesView(inventories, generation);
    },
  );

  app.delete<{ Params: Params }>(
    '/resource_providers/:uuid/inventories',
    { schema: { params: providerParams, response: noContent } },
    async (request, reply) => {
      if (!request.microversion.atLeast('1.5')) throw new PlacementError(405, '');
      authorize(deps, request, 'placement:resource_providers:inventories:delete');
      const provider = await getProvider(deps.db, request.params.uuid);
      await deps.db
        .transaction()
        .execute((tx) =>
          replaceInventories(tx, provider, new Map(), { now: now(), unknownClass: badRequest }),
        )
        .catch((error) => {
          if (error instanceof InventoryInUse) throw conflict(error.message, ErrorCode.INVENTORY_INUSE);
          if (error instanceof ConcurrentUpdate) {
            throw conflict(
              `Unable to delete inventory for resource provider ${provider.uuid} because the inventory was updated by another process. Please retry your request.`,
              ErrorCode.CONCURRENT_UPDATE,
            );
          }
          throw error;
        });
      return reply.status(204).send();
    },
  );

  app.get<{ Params: ClassParams }>(
    '/resource_providers/:uuid/inventories/:resource_class',
    { schema: { params: inventoryParams, response: { 200: inventoryResponse } } },
    async (request, reply) => {
      authorize(deps, request, 'placement:resource_providers:inventories:show');
      const { uuid, resource_class: rc } = request.params;
      const provider = await providerForRead(deps, uuid);
      const inventory = (await listInventories(deps.db, provider.id)).find(
        (inv) => inv.resource_class === rc,
      );
      if (!inventory) throw notFound(`No inventory of class ${rc} for ${uuid}`);
      cacheHeaders(request, reply, lastModifiedOf([inventory]));
      return inventoryView(inventory, provider.generation);
    },
  );

  app.put<{ Params: ClassParams; Body: Record_ }>(
    '/resource_providers/:uuid/inventories/:resource_class',
    {
      preValidation: requireJsonContent,
      schema: { params: inventoryParams, body: anyJsonObject, response: { 200: inventoryResponse } },
    },
    async (request, reply) => {
      authorize(deps, request, 'placement:resource_providers:inventories:update');
      const { uuid, resource_class: rc } = request.params;
      await getProvider(deps.db, uuid);
      const body = validateBody<Record_>(updateInventoryBody, request.body);
      const fields = withDefaults(body);
      const generation = await deps.db
        .transaction()
        .execute(async (tx) => {
          const provider = await getProvider(tx, uuid);
          if (body.resource_provider_generation !== provider.generation) {
            throw conflict(GENERATION_CONFLICT, ErrorCode.CONCURRENT_UPDATE);
          }
          checkCapacity(request, provider, rc, fields, 'update');
          const resourceClass = await findResourceClass(tx, rc);
          if (!resourceClass) throw notFound(`No such resource class ${rc}.`);
          if (!(await updateInventory(tx, provider, resourceClass.id, fields, now()))) {
            throw badRequest(
              `No inventory record with resource class for resource provider ${uuid}: No inventory of class ${rc} found.`,
            );
          }
          return bumpProviderGeneration(tx, provider, now());
        })
        .catch((error) => {
          if (error instanceof ConcurrentUpdate) {
            throw conflict(`update conflict: ${error.message}`, ErrorCode.CONCURRENT_UPDATE);
          }
          throw error;
        });
      cacheHeaders(request, reply, undefined);
      return inventoryView(fields, generation);
    },
  );

  app.delete<{ Params: ClassParams }>(
    '/resource_providers/:uuid/inventories/:resource_class',
    { schema: { params: inventoryParams, response: noContent } },
    async (request, reply) => {
      authorize(deps, request, 'placement:resource_providers:inventories:delete');
      const { uuid, resource_class: rc } = request.params;
      const provider = await getProvider(deps.db, uuid);
      const notThere = (reason: string) =>
        notFound(`No inventory of class ${rc} found for delete: ${reason}`);
      const resourceClass = await findResourceClass(deps.db, rc);
      if (!resourceClass) throw notThere(`No such resource class ${rc}.`);
      await deps.db
        .transaction()
        .execute(async (tx) => {
          if (!(await removeInventory(tx, provider, resourceClass))) {
            throw notThere(`No inventory of class ${rc} found for delete`);
          }
          await bumpProviderGeneration(tx, provider, now());
        })
        .catch((error) => {
          if (error instanceof InventoryInUse || error instanceof ConcurrentUpdate) {
            throw conflict(
              `Unable to delete inventory of class ${rc}: ${error.message}`,
              ErrorCode.CONCURRENT_UPDATE,
            );
          }
          throw error;
        });
      return reply.status(204).send();
    },
  );
};
