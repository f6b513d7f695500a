import { inventoryFields, type InventoryFields } from '../../inventories/inventories.js';

/** One inventory with the provider's generation (left out when 0, as upstream's `if generation`). */
export function inventoryView(inventory: InventoryFields, generation: number) {
  return {
    ...inventoryFields(inventory),
    ...(generation ? { resource_provider_generation: generation } : {}),
  };
}

/** A provider's inventories by class, with its generation. */
export function inventoriesView(inventories: Iterable<[string, InventoryFields]>, generation: number) {
  const byClass: Record<string, InventoryFields> = {};
  for (const [resourceClass, inventory] of inventories) byClass[resourceClass] = inventoryFields(inventory);
  return { resource_provider_generation: generation, inventories: byClass };
}
