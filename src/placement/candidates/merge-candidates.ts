import { AllocationRequestSet, type AllocationRequest, type ResourceRequest } from './allocation-request.js';
import { product } from './cartesian-product.js';
import { capacityOf, type InventoryUsage } from './search-data.js';
import type { SearchState } from './search-context.js';

/**
 * Folds the allocation requests found per request group into requests that meet every group:
 * per anchor tree, every combination of one request per group that keeps `group_policy` and
 * `same_subtree`, summed up, and still within capacity once the groups' amounts add up.
 */
export function mergeCandidates(
  state: SearchState,
  perGroup: Map<string, AllocationRequest[]>,
): AllocationRequest[] {
  const byAnchor = new Map<number, Map<string, AllocationRequest[]>>();
  for (const [suffix, requests] of perGroup) {
    for (const request of requests) {
      const bySuffix = byAnchor.get(request.anchorRootId) ?? new Map<string, AllocationRequest[]>();
      byAnchor.set(request.anchorRootId, bySuffix);
      const list = bySuffix.get(suffix) ?? [];
      bySuffix.set(suffix, list);
      list.push(request);
    }
  }
  const granularGroups = [...perGroup.keys()].filter((suffix) => suffix !== '').length;
  const inventories = inventoriesByProviderClass(state);
  const merged = new AllocationRequestSet();
  for (const bySuffix of byAnchor.values()) {
    if (bySuffix.size !== perGroup.size) continue;
    for (const combination of product([...bySuffix.values()])) {
      if (!keepsGroupPolicy(state, combination, granularGroups)) continue;
      if (!keepsSameSubtrees(state, combination)) continue;
      const request = consolidate(state, combination);
      if (exceedsCapacity(request, inventories)) continue;
      merged.add(request);
    }
  }
  return merged.values();
}

/** `isolate`: every granular group on a provider of its own. */
function keepsGroupPolicy(
  state: SearchState,
  combination: AllocationRequest[],
  granularGroups: number,
): boolean {
  if (state.groupPolicy !== 'isolate') return true;
  const providers = new Set<string>();
  for (const request of combination) {
    if (!request.useSameProvider) continue;
    for (const uuid of request.mappings.values().next().value ?? []) providers.add(uuid);
  }
  return providers.size === granularGroups;
}

/** `same_subtree`: the providers of each named set of groups all sit under one of them. */
function keepsSameSubtrees(state: SearchState, combination: AllocationRequest[]): boolean {
  for (const suffixes of state.sameSubtrees) {
    const uuids = new Set<string>();
    for (const request of combination) {
      for (const suffix of suffixes) for (const uuid of request.mappings.get(suffix) ?? []) uuids.add(uuid);
    }
    if (!inOneSubtree(state, uuids)) return false;
  }
  return true;
}

function ancestorsAndSelf(state: SearchState, uuid: string): Set<string> {
  const { providers, providerIdByUuid } = state.data;
  const found = new Set<string>();
  let provider = providers.get(providerIdByUuid.get(uuid)!);
  while (provider) {
    found.add(provider.uuid);
    provider = provider.parentId === null ? undefined : providers.get(provider.parentId);
  }
  return found;
}

function inOneSubtree(state: SearchState, uuids: Set<string>): boolean {
  if (uuids.size <= 1) return true;
  const lines = [...uuids].map((uuid) => ancestorsAndSelf(state, uuid));
  const common = [...lines[0]].filter((uuid) => lines.every((line) => line.has(uuid)));
  return common.some((uuid) => uuids.has(uuid));
}

/**
 * One request out of one per group, amounts of the same class on the same provider summed.
 * As upstream, the sum goes into the first group's resource request itself (shared with other
 * combinations) unless `group_policy=none` and the class is asked by several groups.
 */
function consolidate(state: SearchState, combination: AllocationRequest[]): AllocationRequest {
  const resources = new Map<string, ResourceRequest>();
  const mappings = new Map<string, Set<string>>();
  for (const request of combination) {
    for (const resource of request.resourceRequests) {
      const key = `${resource.providerId}|${resource.resourceClass}`;
      const existing = resources.get(key);
      if (existing) existing.amount += resource.amount;
      else {
        const copy = state.groupPolicy === 'none' && state.multiGroupClasses.has(resource.resourceClass);
        resources.set(key, copy ? { ...resource } : resource);
      }
    }
    for (const [suffix, uuids] of request.mappings) {
      const all = mappings.get(suffix) ?? new Set<string>();
      mappings.set(suffix, all);
      for (const uuid of uuids) all.add(uuid);
    }
  }
  return {
    anchorRootId: combination[0].anchorRootId,
    useSameProvider: false,
    resourceRequests: [...resources.values()],
    mappings,
  };
}

function inventoriesByProviderClass(state: SearchState): Map<string, InventoryUsage> {
  const byKey = new Map<string, InventoryUsage>();
  for (const list of state.data.inventories.values()) {
    for (const inventory of list) byKey.set(`${inventory.providerId}|${inventory.resourceClass}`, inventory);
  }
  return byKey;
}

function exceedsCapacity(request: AllocationRequest, inventories: Map<string, InventoryUsage>): boolean {
  return request.resourceRequests.some((resource) => {
    const inventory = inventories.get(`${resource.providerId}|${resource.resourceClass}`)!;
    return inventory.used + resource.amount > capacityOf(inventory) || resource.amount > inventory.maxUnit;
  });
}
