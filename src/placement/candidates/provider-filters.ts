import { SHARING_TRAIT, type SearchData } from './search-data.js';

/**
 * Questions the search asks about providers, answered from the loaded search data: which are
 * in some aggregates, which have some traits, which have room for an amount of a class, and
 * which trees a sharing provider serves.
 */

/** A provider and the root of its tree. */
export interface ProviderInTree {
  id: number;
  rootId: number;
}

/** Providers in at least one aggregate of every set. */
export function providersInAggregates(data: SearchData, memberOf: Set<string>[]): Set<number> {
  const found = new Set<number>();
  for (const [providerId, aggregates] of data.aggregatesByProvider) {
    if (memberOf.every((anyOf) => [...anyOf].some((uuid) => aggregates.has(uuid)))) found.add(providerId);
  }
  return found;
}

/** Providers that have at least one trait of every set. */
export function providersWithTraits(data: SearchData, required: Set<string>[]): Set<number> {
  const found = new Set<number>();
  for (const [providerId, traits] of data.traitsByProvider) {
    if (required.every((anyOf) => [...anyOf].some((name) => traits.has(name)))) found.add(providerId);
  }
  return found;
}

/** Providers that have any of the traits. */
export function providersWithAnyTrait(data: SearchData, names: Iterable<string>): Set<number> {
  return providersWithTraits(data, [new Set(names)]);
}

/** Providers marked MISC_SHARES_VIA_AGGREGATE. */
export function sharingProviders(data: SearchData): Set<number> {
  return providersWithAnyTrait(data, [SHARING_TRAIT]);
}

/** Whether any provider has a parent, i.e. nested trees are in use at all. */
export function hasTrees(data: SearchData): boolean {
  for (const provider of data.providers.values()) if (provider.parentId !== null) return true;
  return false;
}

/** Roots having every `required` trait and no `forbidden` one (`root_required`). */
export function rootsWithTraits(
  data: SearchData,
  required: Set<string>,
  forbidden: Set<string>,
): Set<number> {
  const roots = new Set<number>();
  for (const provider of data.providers.values()) {
    if (provider.parentId !== null) continue;
    const traits = data.traitsByProvider.get(provider.id) ?? new Set<string>();
    if ([...required].every((name) => traits.has(name)) && ![...forbidden].some((name) => traits.has(name))) {
      roots.add(provider.id);
    }
  }
  return roots;
}

/**
 * Providers with room for `amount` of a class: used + amount within the capacity, and the
 * amount within min_unit, max_unit and a multiple of step_size; optionally only in one tree.
 */
export function providersWithRoom(
  data: SearchData,
  resourceClass: string,
  amount: number,
  treeRootId: number | null,
): ProviderInTree[] {
  const found: ProviderInTree[] = [];
  for (const inventory of data.inventories.get(resourceClass) ?? []) {
    const fits =
      inventory.used + amount <= (inventory.total - inventory.reserved) * inventory.allocationRatio &&
      inventory.minUnit <= amount &&
      inventory.maxUnit >= amount &&
      amount % inventory.stepSize === 0;
    if (!fits) continue;
    const rootId = data.providers.get(inventory.providerId)!.rootId;
    if (treeRootId === null || rootId === treeRootId) found.push({ id: inventory.providerId, rootId });
  }
  return found;
}

/** A sharing provider and the root of one tree that may use its inventory. */
export interface SharingAnchor {
  providerId: number;
  anchorRootId: number;
}

/**
 * The trees each sharing provider serves: the roots of every provider in one of its
 * aggregates, its own root among them when it has any aggregate.
 */
export function anchorsOfSharingProviders(data: SearchData, providerIds: Iterable<number>): SharingAnchor[] {
  const membersByAggregate = aggregateMembers(data);
  const anchors: SharingAnchor[] = [];
  for (const providerId of providerIds) {
    const roots = new Set<number>();
    for (const uuid of data.aggregatesByProvider.get(providerId) ?? []) {
      for (const member of membersByAggregate.get(uuid) ?? []) roots.add(data.providers.get(member)!.rootId);
    }
    for (const anchorRootId of roots) anchors.push({ providerId, anchorRootId });
  }
  return anchors;
}

const membersCache = new WeakMap<SearchData, Map<string, number[]>>();

/** Aggregate uuid -> the providers in it, worked out once per search data. */
function aggregateMembers(data: SearchData): Map<string, number[]> {
  let members = membersCache.get(data);
  if (members) return members;
  members = new Map();
  for (const [providerId, aggregates] of data.aggregatesByProvider) {
    for (const uuid of aggregates) {
      const list = members.get(uuid);
      if (list) list.push(providerId);
      else members.set(uuid, [providerId]);
    }
  }
  membersCache.set(data, members);
  return members;
}
