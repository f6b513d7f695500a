import type { PlacementDb } from '../db/types.js';
import { conflict, ErrorCode, PlacementError } from '../errors.js';
import { bumpProviderGeneration } from '../providers/generation.js';
import type { Provider } from '../providers/lookup.js';
import { resourceClassIds } from '../resource-classes.js';

/** The largest integer placement stores (a signed 32-bit column upstream). */
export const MAX_INT = 0x7fffffff;

/** One class's inventory as clients write and read it. */
export interface InventoryFields {
  total: number;
  reserved: number;
  min_unit: number;
  max_unit: number;
  step_size: number;
  allocation_ratio: number;
}

/** What a client may leave out of an inventory record. */
export const INVENTORY_DEFAULTS = {
  reserved: 0,
  min_unit: 1,
  max_unit: MAX_INT,
  step_size: 1,
  allocation_ratio: 1.0,
};

export interface Inventory extends InventoryFields {
  resource_class: string;
  resource_class_id: number;
  created_at: string;
  updated_at: string | null;
}

/** Only the stored fields of a record (rows read back carry more). */
export function inventoryFields(inventory: InventoryFields): InventoryFields {
  const { total, reserved, min_unit, max_unit, step_size, allocation_ratio } = inventory;
  return { total, reserved, min_unit, max_unit, step_size, allocation_ratio };
}

/** Python's `int((total - reserved) * allocation_ratio)`: what can be allocated, truncated. */
export function capacityOf(inventory: InventoryFields): number {
  return Math.trunc((inventory.total - inventory.reserved) * inventory.allocation_ratio);
}

/** A provider's inventories, in resource class order. */
export async function listInventories(db: PlacementDb, providerId: number): Promise<Inventory[]> {
  return db
    .selectFrom('inventory as inv')
    .innerJoin('resource_class as rc', 'rc.id', 'inv.resource_class_id')
    .select([
      'rc.name as resource_class',
      'inv.resource_class_id',
      'inv.total',
      'inv.reserved',
      'inv.min_unit',
      'inv.max_unit',
      'inv.step_size',
      'inv.allocation_ratio',
      'inv.created_at',
      'inv.updated_at',
    ])
    .where('inv.resource_provider_id', '=', providerId)
    .orderBy('inv.resource_class_id')
    .execute();
}

/** The 409 for removing inventory that allocations still use. */
export function inventoryInUse(classes: string[], provider: Provider): string {
  return `Inventory for '${classes.join(', ')}' on resource provider '${provider.uuid}' in use.`;
}

/** Names of the classes among `classIds` that the provider has allocations of. */
async function classesInUse(db: PlacementDb, providerId: number, classIds: number[]): Promise<string[]> {
  if (classIds.length === 0) return [];
  const rows = await db
    .selectFrom('allocation as a')
    .innerJoin('resource_class as rc', 'rc.id', 'a.resource_class_id')
    .select('rc.name')
    .where('a.resource_provider_id', '=', providerId)
    .where('a.resource_class_id', 'in', classIds)
    .groupBy('rc.name')
    .execute();
  return rows.map((row) => row.name);
}

/** Raised when inventory to be removed is allocated; each handler words and codes its 409. */
export class InventoryInUse extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InventoryInUse';
  }
}

/**
 * Makes a provider's inventory exactly `inventories` (by class name) inside the caller's
 * transaction: removed classes must have no allocations. Unknown class names are reported
 * through `unknownClass`. The provider's generation moves on (ConcurrentUpdate when it
 * moved under us); the new generation is returned.
 */
export async function replaceInventories(
  tx: PlacementDb,
  provider: Provider,
  inventories: Map<string, InventoryFields>,
  options: { now: string; unknownClass: (message: string) => PlacementError },
): Promise<number> {
  const ids = await resourceClassIds(tx, inventories.keys(), options.unknownClass);
  const existing = await listInventories(tx, provider.id);
  const wantedIds = new Set(ids.values());
  const removed = existing
    .filter((inv) => !wantedIds.has(inv.resource_class_id))
    .map((inv) => inv.resource_class_id);
  const inUse = await classesInUse(tx, provider.id, removed);
  if (inUse.length > 0) throw new InventoryInUse(inventoryInUse(inUse, provider));
  if (removed.length > 0) {
    await tx
      .deleteFrom('inventory')
      .where('resource_provider_id', '=', provider.id)
      .where('resource_class_id', 'in', removed)
      .execute();
  }
  const existingIds = new Set(existing.map((inv) => inv.resource_class_id));
  for (const [name, fields] of inventories) {
    const resourceClassId = ids.get(name)!;
    if (existingIds.has(resourceClassId)) {
      await tx
        .updateTable('inventory')
        .set({ ...inventoryFields(fields), updated_at: options.now })
        .where('resource_provider_id', '=', provider.id)
        .where('resource_class_id', '=', resourceClassId)
        .execute();
    } else {
      await tx
        .insertInto('inventory')
        .values({
          ...inventoryFields(fields),
          resource_provider_id: provider.id,
          resource_class_id: resourceClassId,
          created_at: options.now,
          updated_at: null,
        })
        .execute();
    }
  }
  return bumpProviderGeneration(tx, provider, options.now);
}

/** Adds one class's inventory (POST); a class the provider has already is a 409. */
export async function addInventory(
  tx: PlacementDb,
  provider: Provider,
  resourceClass: string,
  fields: InventoryFields,
  options: { now: string; unknownClass: (message: string) => PlacementError },
): Promise<number> {
  const ids = await resourceClassIds(tx, [resourceClass], options.unknownClass);
  const resourceClassId = ids.get(resourceClass)!;
  const existing = await tx
    .selectFrom('inventory')
    .select('id')
    .where('resource_provider_id', '=', provider.id)
    .where('resource_class_id', '=', resourceClassId)
    .executeTakeFirst();
  if (existing) {
    throw conflict(
      `Update conflict: Inventory for '${resourceClass}' on resource provider '${provider.uuid}' already exists.`,
      ErrorCode.CONCURRENT_UPDATE,
    );
  }
  await tx
    .insertInto('inventory')
    .values({
      ...fields,
      resource_provider_id: provider.id,
      resource_class_id: resourceClassId,
      created_at: options.now,
      updated_at: null,
    })
    .execute();
  return bumpProviderGeneration(tx, provider, options.now);
}

/** Updates one class's inventory; false when the provider has none of that class. */
export async function updateInventory(
  tx: PlacementDb,
  provider: Provider,
  resourceClassId: number,
  fields: InventoryFields,
  now: string,
): Promise<boolean> {
  const result = await tx
    .updateTable('inventory')
    .set({ ...fields, updated_at: now })
    .where('resource_provider_id', '=', provider.id)
    .where('resource_class_id', '=', resourceClassId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Removes one class's inventory; false when there was none. InventoryInUse when allocated. */
export async function removeInventory(
  tx: PlacementDb,
  provider: Provider,
  resourceClass: { id: number; name: string },
): Promise<boolean> {
  const inUse = await classesInUse(tx, provider.id, [resourceClass.id]);
  if (inUse.length > 0) throw new InventoryInUse(inventoryInUse(inUse, provider));
  const result = await tx
    .deleteFrom('inventory')
    .where('resource_provider_id', '=', provider.id)
    .where('resource_class_id', '=', resourceClass.id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
