import type { Microversion } from '../../common/http/microversion.js';
import { capacityOf, type InventoryFields } from './inventories.js';

/**
 * Upstream's check that an inventory leaves something to allocate: before 1.26 reserved must
 * be below total (capacity above 0), from 1.26 it may equal total. Answers the reason for
 * refusing, or undefined.
 */
export function capacityProblem(
  version: Microversion,
  resourceClass: string,
  providerUuid: string,
  inventory: InventoryFields,
): string | undefined {
  const capacity = capacityOf(inventory);
  const where = `Invalid inventory for '${resourceClass}' on resource provider '${providerUuid}'.`;
  if (!version.atLeast('1.26')) {
    return capacity <= 0 ? `${where} The reserved value is greater than or equal to total.` : undefined;
  }
  return capacity < 0 ? `${where} The reserved value is greater than total.` : undefined;
}
