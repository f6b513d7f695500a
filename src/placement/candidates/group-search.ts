import type { AllocationRequest, ResourceRequest } from './allocation-request.js';
import { CandidateList } from './candidate-list.js';
import { product } from './cartesian-product.js';
import {
  anchorsOfSharingProviders,
  providersInAggregates,
  providersWithAnyTrait,
  providersWithTraits,
  type ProviderInTree,
} from './provider-filters.js';
import { SHARING_TRAIT } from './search-data.js';
import {
  isAllowedAnchor,
  sharingProvidersWithRoom,
  type GroupContext,
  type SearchState,
} from './search-context.js';

/**
 * The allocation requests that meet one request group on its own. A granular group (or any
 * group when there are neither nested trees nor sharing providers anywhere) is met by single
 * providers; the unsuffixed group otherwise by a tree, each class from any provider of it or
 * from a sharing provider in one of its aggregates, the traits met by those providers together.
 */
export function searchGroup(state: SearchState, context: GroupContext): AllocationRequest[] {
  if (!context.group.useSameProvider && (state.sharing.size > 0 || state.hasTrees)) {
    // A shortcut of upstream's: no provider has any of the required traits.
    if (context.group.requiredTraits.length && !anyProviderHasARequiredTrait(state, context)) return [];
    return requestsFromTrees(state, context, treesWithAll(state, context));
  }
  return requestsFromSingleProviders(state, context, singleProviders(state, context));
}

function anyProviderHasARequiredTrait(state: SearchState, context: GroupContext): boolean {
  const names = context.group.requiredTraits.flatMap((anyOf) => [...anyOf]);
  return providersWithAnyTrait(state.data, names).size > 0;
}

function uuidOf(state: SearchState, providerId: number): string {
  return state.data.providers.get(providerId)!.uuid;
}

/**
 * Providers meeting the group's traits and aggregates on their own: null when none can, an
 * empty set when the group filters on neither; and the providers its forbidden traits and
 * aggregates rule out.
 */
function traitAndAggregateFilter(
  state: SearchState,
  context: GroupContext,
): { allowed: Set<number> | null; ruledOut: Set<number> } {
  const { group } = context;
  let allowed = new Set<number>();
  if (group.requiredTraits.length) {
    allowed = providersWithTraits(state.data, group.requiredTraits);
    if (allowed.size === 0) return { allowed: null, ruledOut: new Set() };
  }
  if (group.memberOf.length) {
    allowed = allowed.size
      ? new Set([...allowed].filter((id) => context.providersInAggregates.has(id)))
      : new Set(context.providersInAggregates);
    if (allowed.size === 0) return { allowed: null, ruledOut: new Set() };
  }
  const ruledOut = new Set<number>();
  const exclude = (bad: Set<number>): boolean => {
    for (const id of bad) ruledOut.add(id);
    if (allowed.size === 0) return true;
    for (const id of bad) allowed.delete(id);
    return allowed.size > 0;
  };
  if (
    group.forbiddenAggregates.size &&
    !exclude(providersInAggregates(state.data, [group.forbiddenAggregates]))
  ) {
    return { allowed: null, ruledOut: new Set() };
  }
  if (group.forbiddenTraits.size && !exclude(providersWithAnyTrait(state.data, group.forbiddenTraits))) {
    return { allowed: null, ruledOut: new Set() };
  }
  return { allowed, ruledOut };
}

/** Providers that meet the whole group on their own, with their roots. */
function singleProviders(state: SearchState, context: GroupContext): ProviderInTree[] {
  const { allowed, ruledOut } = traitAndAggregateFilter(state, context);
  if (allowed === null) return [];
  let filtered = allowed;
  let withRoom: ProviderInTree[] = [];
  let first = true;
  for (const resourceClass of context.group.resources.keys()) {
    withRoom = context.providersWithRoom.get(resourceClass)!;
    const ids = new Set(withRoom.map((provider) => provider.id));
    if (first && filtered.size === 0) {
      filtered = new Set([...ids].filter((id) => !ruledOut.has(id)));
    } else {
      filtered = new Set([...filtered].filter((id) => ids.has(id)));
    }
    first = false;
    if (filtered.size === 0) return [];
  }
  if (context.group.resources.size === 0) {
    // A resourceless group (1.36) stands for the providers its traits and aggregates name.
    withRoom = [...state.data.providers.values()]
      .filter((provider) => !ruledOut.has(provider.id))
      .map((provider) => ({ id: provider.id, rootId: provider.rootId }));
  }
  return withRoom.filter((provider) => filtered.has(provider.id));
}

function requestFor(state: SearchState, context: GroupContext, provider: ProviderInTree): AllocationRequest {
  const resourceRequests: ResourceRequest[] = [...context.group.resources].map(([resourceClass, amount]) => ({
    providerId: provider.id,
    resourceClass,
    amount,
  }));
  return {
    anchorRootId: provider.rootId,
    useSameProvider: context.group.useSameProvider,
    resourceRequests,
    mappings: new Map([[context.group.suffix, new Set([uuidOf(state, provider.id)])]]),
  };
}

/** One request per provider, plus one per other tree a sharing provider serves. */
function requestsFromSingleProviders(
  state: SearchState,
  context: GroupContext,
  providers: ProviderInTree[],
): AllocationRequest[] {
  const requests: AllocationRequest[] = [];
  for (const provider of providers) {
    const request = requestFor(state, context, provider);
    if (isAllowedAnchor(state, provider.rootId)) requests.push(request);
    if (!state.data.traitsByProvider.get(provider.id)?.has(SHARING_TRAIT)) continue;
    for (const anchor of anchorsOfSharingProviders(state.data, [provider.id])) {
      if (anchor.anchorRootId === provider.rootId || !isAllowedAnchor(state, anchor.anchorRootId)) continue;
      // The same resource requests, shared, as upstream's shallow copy.
      requests.push({ ...request, anchorRootId: anchor.anchorRootId });
    }
  }
  return requests;
}

/** Trees (with their sharing providers) that have room for every class of the group. */
function treesWithAll(state: SearchState, context: GroupContext): CandidateList {
  const { group } = context;
  const badAggregates = group.forbiddenAggregates.size
    ? providersInAggregates(state.data, [group.forbiddenAggregates])
    : new Set<number>();
  const all = new CandidateList();
  for (const resourceClass of group.resources.keys()) {
    const forClass = new CandidateList(
      context.providersWithRoom
        .get(resourceClass)!
        .map((provider) => ({ providerId: provider.id, rootId: provider.rootId, resourceClass })),
    );
    const sharing = sharingProvidersWithRoom(state, context, resourceClass);
    if (sharing.size && context.treeRootId === null) {
      for (const anchor of anchorsOfSharingProviders(state.data, sharing)) {
        forClass.add({ providerId: anchor.providerId, rootId: anchor.anchorRootId, resourceClass });
      }
    }
    const anchors = state.anchorRootIds;
    if (anchors) forClass.keep((candidate) => anchors.has(candidate.rootId));
    // An aggregate of a root counts for its whole tree.
    if (group.memberOf.length) {
      forClass.keep(
        (candidate) =>
          context.providersInAggregates.has(candidate.providerId) ||
          context.providersInAggregates.has(candidate.rootId),
      );
    }
    if (group.forbiddenAggregates.size) {
      forClass.keep(
        (candidate) => !badAggregates.has(candidate.providerId) && !badAggregates.has(candidate.rootId),
      );
    }
    if (forClass.size === 0) return new CandidateList();
    all.mergeCommonTrees(forClass);
    if (all.size === 0) return all;
  }
  const traitless = !group.requiredTraits.length && !group.forbiddenTraits.size;
  // With sharing providers about, traits are checked per combination instead.
  if (traitless || state.sharing.size > 0) return all;
  const keep = treesMeetingTraits(state, all.providerIds(), context);
  all.keep((candidate) => keep.has(candidate.rootId));
  return all;
}

/**
 * Roots of the trees whose providers (among `providerIds`, leaving out those with a forbidden
 * trait) together have every required trait; with no required traits, the trees that have any
 * such provider left.
 */
function treesMeetingTraits(
  state: SearchState,
  providerIds: Set<number>,
  context: GroupContext,
): Set<number> {
  const { data } = state;
  const { requiredTraits, forbiddenTraits } = context.group;
  const traitsByRoot = new Map<number, Set<string>>();
  for (const id of providerIds) {
    const traits = data.traitsByProvider.get(id) ?? new Set<string>();
    if ([...forbiddenTraits].some((name) => traits.has(name))) continue;
    const rootId = data.providers.get(id)!.rootId;
    const treeTraits = traitsByRoot.get(rootId) ?? new Set<string>();
    for (const name of traits) treeTraits.add(name);
    traitsByRoot.set(rootId, treeTraits);
  }
  const roots = new Set<number>();
  for (const [rootId, traits] of traitsByRoot) {
    if (requiredTraits.every((anyOf) => [...anyOf].some((name) => traits.has(name)))) roots.add(rootId);
  }
  return roots;
}

/** Whether providers used together have no forbidden trait and all the required ones between them. */
function meetsTraits(state: SearchState, context: GroupContext, resources: ResourceRequest[]): boolean {
  const { requiredTraits, forbiddenTraits } = context.group;
  const together = new Set<string>();
  for (const resource of resources) {
    const traits = state.data.traitsByProvider.get(resource.providerId) ?? new Set<string>();
    if ([...forbiddenTraits].some((name) => traits.has(name))) return false;
    for (const name of traits) together.add(name);
  }
  return requiredTraits.every((anyOf) => [...anyOf].some((name) => together.has(name)));
}

/** Every combination, per tree, of one provider for each class that meets the traits together. */
function requestsFromTrees(
  state: SearchState,
  context: GroupContext,
  list: CandidateList,
): AllocationRequest[] {
  const byTree = new Map<number, Map<string, ResourceRequest[]>>();
  for (const candidate of list.candidates) {
    const tree = byTree.get(candidate.rootId) ?? new Map<string, ResourceRequest[]>();
    byTree.set(candidate.rootId, tree);
    const options = tree.get(candidate.resourceClass) ?? [];
    tree.set(candidate.resourceClass, options);
    options.push({
      providerId: candidate.providerId,
      resourceClass: candidate.resourceClass,
      amount: context.group.resources.get(candidate.resourceClass)!,
    });
  }
  const requests: AllocationRequest[] = [];
  for (const [rootId, options] of byTree) {
    const perClass = [...context.group.resources.keys()].map(
      (resourceClass) => options.get(resourceClass) ?? [],
    );
    for (const combination of product(perClass)) {
      if (!meetsTraits(state, context, combination)) continue;
      const uuids = new Set(combination.map((resource) => uuidOf(state, resource.providerId)));
      requests.push({
        anchorRootId: rootId,
        useSameProvider: false,
        resourceRequests: combination,
        mappings: new Map([[context.group.suffix, uuids]]),
      });
    }
  }
  return requests;
}
