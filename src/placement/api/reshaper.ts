import { ConcurrentUpdate, conflict, ErrorCode, notFound } from '../errors.js';
import { INVENTORY_DEFAULTS, InventoryInUse, type InventoryFields } from '../inventories/inventories.js';
import { reshape, type ReshapedInventory } from '../reshaper.js';
import { allocationRequest, type AllocationBody } from './allocations.js';
import { anyJsonObject, authorize, noContent, requireJsonContent } from './http.js';
import type { RouteModule } from './routes.js';
import { reshaperAllocations } from './schemas/allocations.js';
import { UUID_PATTERN } from './schemas/common.js';
import { setInventoriesBody } from './schemas/inventories.js';
import { forVersion, validateBody } from './validation.js';

function reshaperBody(allocations: object) {
  return {
    type: 'object',
    properties: {
      inventories: {
        type: 'object',
        patternProperties: { [UUID_PATTERN]: setInventoriesBody },
        minProperties: 1,
        additionalProperties: false,
      },
      allocations,
    },
    required: ['inventories', 'allocations'],
    additionalProperties: false,
  };
}
const reshaperBodies = Object.fromEntries(
  Object.entries(reshaperAllocations).map(([since, allocations]) => [since, reshaperBody(allocations)]),
);

interface Body {
  inventories: Record<
    string,
    { resource_provider_generation: number; inventories: Record<string, Partial<InventoryFields>> }
  >;
  allocations: Record<string, AllocationBody>;
}

/** `POST /reshaper` (1.30+): inventory and allocations moved in one go, e.g. into nested providers. */
export const reshaperRoutes: RouteModule = (app, deps) => {
  app.post<{ Body: Body }>(
    '/reshaper',
    { preValidation: requireJsonContent, schema: { body: anyJsonObject, response: noContent } },
    async (request, reply) => {
      const version = request.microversion;
      if (!version.atLeast('1.30')) throw notFound('The resource could not be found.');
      authorize(deps, request, 'placement:reshaper:reshape');
      const body = validateBody<Body>(forVersion(reshaperBodies, version), request.body);
      const inventories = new Map<string, ReshapedInventory>();
      for (const [uuid, entry] of Object.entries(body.inventories)) {
        const records = Object.entries(entry.inventories).map(
          ([rc, record]) => [rc, { ...INVENTORY_DEFAULTS, ...record } as InventoryFields] as const,
        );
        inventories.set(uuid, {
          generation: entry.resource_provider_generation,
          inventories: new Map(records),
        });
      }
      const allocations = Object.entries(body.allocations).map(([uuid, entry]) =>
        allocationRequest(uuid, entry, version),
      );
      await reshape(deps.db, inventories, allocations, deps.now().toISOString()).catch((error) => {
        if (error instanceof ConcurrentUpdate) {
          throw conflict(`update conflict: ${error.message}`, ErrorCode.CONCURRENT_UPDATE);
        }
        if (error instanceof InventoryInUse) {
          throw conflict(`update conflict: ${error.message}`, ErrorCode.INVENTORY_INUSE);
        }
        throw error;
      });
      return reply.status(204).send();
    },
  );
};
