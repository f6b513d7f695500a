import { replaceAllocationsIn, type AllocationRequest } from './allocations/write.js';
import type { PlacementDb } from './db/types.js';
import { badRequest, conflict, ErrorCode } from './errors.js';
import { listInventories, replaceInventories, type InventoryFields } from './inventories/inventories.js';
import { findProvider, getProvider } from './providers/lookup.js';

/** A provider's new inventory in a reshape, with the generation the caller read. */
export interface ReshapedInventory {
  generation: number;
  inventories: Map<string, InventoryFields>;
}

/**
 * POST /reshaper (1.30): moves inventory and the allocations on it between providers of a
 * tree in one transaction. Each provider first gets its old and new inventory together, so
 * the allocations can be rewritten against it, then exactly its new inventory, which fails
 * if old inventory still has allocations.
 */
export async function reshape(
  db: PlacementDb,
  inventories: Map<string, ReshapedInventory>,
  allocations: AllocationRequest[],
  now: string,
): Promise<void> {
  const unknownClass = (message: string) => badRequest(`malformed reshaper data: ${message}`);
  await db.transaction().execute(async (tx) => {
    for (const [uuid, wanted] of inventories) {
      const provider = await findProvider(tx, uuid);
      if (!provider) {
        throw badRequest(
          `Resource provider ${uuid} in inventories not found: No resource provider with uuid ${uuid} found`,
          ErrorCode.RESOURCE_PROVIDER_NOT_FOUND,
        );
      }
      if (wanted.generation !== provider.generation) {
        throw conflict(
          `resource provider generation conflict for provider ${uuid}: actual: ${provider.generation}, given: ${wanted.generation}`,
          ErrorCode.CONCURRENT_UPDATE,
        );
      }
    }
    for (const [uuid, wanted] of inventories) {
      if (wanted.inventories.size === 0) continue;
      const provider = await getProvider(tx, uuid);
      const interim = new Map<string, InventoryFields>(
        (await listInventories(tx, provider.id)).map((inv) => [inv.resource_class, inv]),
      );
      for (const [rc, fields] of wanted.inventories) interim.set(rc, fields);
      await replaceInventories(tx, provider, interim, { now, unknownClass });
    }
    await replaceAllocationsIn(tx, allocations, { now, unknownClass });
    for (const [uuid, wanted] of inventories) {
      await replaceInventories(tx, await getProvider(tx, uuid), wanted.inventories, { now, unknownClass });
    }
  });
}
