/**
 * The facts the candidate search and the provider summaries read, loaded beforehand (see
 * `load-search-data.ts`), so the search itself is a pure function. Providers are named by their
 * internal integer ids.
 */

/** The trait that makes a provider's inventory usable by the trees of its aggregates. */
export const SHARING_TRAIT = 'MISC_SHARES_VIA_AGGREGATE';

export interface ProviderNode {
  id: number;
  uuid: string;
  parentId: number | null;
  rootId: number;
}

/** One inventory record with what is used of it. */
export interface InventoryUsage {
  providerId: number;
  resourceClass: string;
  total: number;
  reserved: number;
  minUnit: number;
  maxUnit: number;
  stepSize: number;
  allocationRatio: number;
  /** The sum of the allocations against it (0 when none). */
  used: number;
}

export interface SearchData {
  /** Every provider, by id. */
  providers: Map<number, ProviderNode>;
  providerIdByUuid: Map<string, number>;
  /** Every resource class name placement knows. */
  resourceClasses: Set<string>;
  /** Every trait name placement knows. */
  traits: Set<string>;
  /** Every inventory, by class, in provider order. */
  inventories: Map<string, InventoryUsage[]>;
  /** Provider id -> its traits. */
  traitsByProvider: Map<number, Set<string>>;
  /**
   * Provider id -> its aggregates (uuids), for the requested aggregates and for every aggregate
   * a sharing provider is in.
   */
  aggregatesByProvider: Map<number, Set<string>>;
}

/** `(total - reserved) * allocation_ratio`, cut to an integer as upstream reports it. */
export function capacityOf(inventory: InventoryUsage): number {
  return Math.trunc((inventory.total - inventory.reserved) * inventory.allocationRatio);
}
