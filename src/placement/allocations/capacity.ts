import type { PlacementDb } from '../db/types.js';
import { toNumber } from '../db/types.js';
import { conflict } from '../errors.js';

/** One amount a request asks of a provider. */
export interface Claim {
  providerId: number;
  providerUuid: string;
  resourceClassId: number;
  resourceClass: string;
  used: number;
}

const refuse = (message: string) => conflict(`Unable to allocate inventory: ${message}`);

/**
 * Upstream's capacity check, run after the consumers' old allocations are gone and before
 * the new ones are written, in the same transaction: every amount must fit the inventory's
 * min_unit, max_unit and step_size, and the usage plus everything asked of a class must stay
 * within `(total - reserved) * allocation_ratio`. Answers 409 with upstream's messages.
 */
export async function checkCapacity(tx: PlacementDb, claims: Claim[]): Promise<void> {
  if (claims.length === 0) return;
  const providerIds = [...new Set(claims.map((claim) => claim.providerId))];
  const classIds = [...new Set(claims.map((claim) => claim.resourceClassId))];
  const inventories = await tx
    .selectFrom('inventory')
    .select([
      'resource_provider_id',
      'resource_class_id',
      'total',
      'reserved',
      'min_unit',
      'max_unit',
      'step_size',
      'allocation_ratio',
    ])
    .where('resource_provider_id', 'in', providerIds)
    .where('resource_class_id', 'in', classIds)
    .execute();
  const usages = await tx
    .selectFrom('allocation')
    .select(['resource_provider_id', 'resource_class_id', (eb) => eb.fn.sum<number>('used').as('used')])
    .where('resource_provider_id', 'in', providerIds)
    .where('resource_class_id', 'in', classIds)
    .groupBy(['resource_provider_id', 'resource_class_id'])
    .execute();
  const key = (providerId: number, classId: number) => `${providerId}/${classId}`;
  const inventoryOf = new Map(
    inventories.map((inv) => [key(inv.resource_provider_id, inv.resource_class_id), inv]),
  );
  const usageOf = new Map(
    usages.map((u) => [key(u.resource_provider_id, u.resource_class_id), toNumber(u.used)]),
  );

  const withInventory = new Set(inventories.map((inv) => inv.resource_provider_id));
  const bare = [
    ...new Set(claims.filter((c) => !withInventory.has(c.providerId)).map((c) => c.providerUuid)),
  ];
  if (bare.length > 0) {
    const classes = [...new Set(claims.map((claim) => claim.resourceClass))];
    throw refuse(`Inventory for '${classes.join(', ')}' on resource provider '${bare.join(', ')}' invalid.`);
  }
  const asked = new Map<string, number>();
  for (const claim of claims) {
    const at = key(claim.providerId, claim.resourceClassId);
    asked.set(at, (asked.get(at) ?? 0) + claim.used);
    const inventory = inventoryOf.get(at);
    const where = `'${claim.resourceClass}' on resource provider '${claim.providerUuid}'`;
    if (!inventory) throw refuse(`Inventory for ${where} invalid.`);
    if (
      claim.used < inventory.min_unit ||
      claim.used > inventory.max_unit ||
      claim.used % inventory.step_size !== 0
    ) {
      throw refuse(
        `Unable to create allocation for ${where}. The requested amount would violate inventory constraints.`,
      );
    }
    const used = usageOf.get(at) ?? 0;
    const capacity = (inventory.total - inventory.reserved) * inventory.allocation_ratio;
    if (capacity < used + claim.used || capacity < used + asked.get(at)!) {
      throw refuse(
        `Unable to create allocation for ${where}. The requested amount would exceed the capacity.`,
      );
    }
  }
}
