import { ResourceClassNotFound, TraitNotFound } from './errors.js';
import {
  hasTrees,
  providersInAggregates,
  providersWithRoom,
  rootsWithTraits,
  sharingProviders,
  type ProviderInTree,
} from './provider-filters.js';
import type { RequestGroup, RequestWideParams } from './request.js';
import type { SearchData } from './search-data.js';

/**
 * The state of one search: what applies to the whole request, and per request group what was
 * found before building its allocation requests. Building a context may throw a "not found"
 * error (upstream's 400s) or report that nothing can match (an empty answer), in upstream's
 * order of checks.
 */

export interface SearchState {
  data: SearchData;
  hasTrees: boolean;
  /** Roots allowed by `root_required`, or null when it is not given. */
  anchorRootIds: Set<number> | null;
  /**
   * Sharing providers. Upstream narrows this one set in place to a group's `member_of`
   * aggregates, and later groups see the narrowed set; kept so for the same answers.
   */
  sharing: Set<number>;
  groupPolicy: string | null;
  sameSubtrees: Set<string>[];
  /** Resource classes requested by more than one group. */
  multiGroupClasses: Set<string>;
}

function checkTraitsExist(data: SearchData, names: Iterable<string>): void {
  for (const name of names) if (!data.traits.has(name)) throw new TraitNotFound(name);
}

/** The request-wide state, or null when `root_required` leaves no root. */
export function searchState(data: SearchData, wide: RequestWideParams): SearchState | null {
  let anchorRootIds: Set<number> | null = null;
  if (wide.rootRequiredTraits.size || wide.rootForbiddenTraits.size) {
    checkTraitsExist(data, wide.rootRequiredTraits);
    checkTraitsExist(data, wide.rootForbiddenTraits);
    anchorRootIds = rootsWithTraits(data, wide.rootRequiredTraits, wide.rootForbiddenTraits);
    if (anchorRootIds.size === 0) return null;
  }
  return {
    data,
    hasTrees: hasTrees(data),
    anchorRootIds,
    sharing: sharingProviders(data),
    groupPolicy: wide.groupPolicy,
    sameSubtrees: wide.sameSubtrees,
    multiGroupClasses: new Set(),
  };
}

/** Whether a tree may anchor a candidate under `root_required`. */
export function isAllowedAnchor(state: SearchState, rootId: number): boolean {
  return state.anchorRootIds === null || state.anchorRootIds.has(rootId);
}

export interface GroupContext {
  group: RequestGroup;
  /** Providers in the `member_of` aggregates; empty when the group names none. */
  providersInAggregates: Set<number>;
  /** The root of the `in_tree` tree, if any. */
  treeRootId: number | null;
  /** Per requested class, the providers with room for the amount. */
  providersWithRoom: Map<string, ProviderInTree[]>;
}

/** What a group can draw on, or null when nothing can meet it. */
export function groupContext(state: SearchState, group: RequestGroup): GroupContext | null {
  const { data } = state;
  for (const resourceClass of group.resources.keys()) {
    if (!data.resourceClasses.has(resourceClass)) throw new ResourceClassNotFound(resourceClass);
  }
  let inAggregates = new Set<number>();
  if (group.memberOf.length) {
    inAggregates = providersInAggregates(data, group.memberOf);
    if (inAggregates.size === 0) return null;
  }
  for (const anyOf of group.requiredTraits) checkTraitsExist(data, anyOf);
  checkTraitsExist(data, group.forbiddenTraits);
  let treeRootId: number | null = null;
  if (group.inTree !== null) {
    const providerId = data.providerIdByUuid.get(group.inTree);
    if (providerId === undefined) return null;
    treeRootId = data.providers.get(providerId)!.rootId;
  }
  const withRoom = new Map<string, ProviderInTree[]>();
  for (const [resourceClass, amount] of group.resources) {
    const providers = providersWithRoom(data, resourceClass, amount, treeRootId);
    if (providers.length === 0) return null;
    withRoom.set(resourceClass, providers);
  }
  return { group, providersInAggregates: inAggregates, treeRootId, providersWithRoom: withRoom };
}

/**
 * Sharing providers that can give `amount` of the class to this group: within its `member_of`
 * aggregates (narrowing the shared set, as upstream does) and with room for it.
 */
export function sharingProvidersWithRoom(
  state: SearchState,
  context: GroupContext,
  resourceClass: string,
): Set<number> {
  if (context.providersInAggregates.size) {
    for (const id of state.sharing) if (!context.providersInAggregates.has(id)) state.sharing.delete(id);
  }
  if (state.sharing.size === 0) return new Set();
  const withRoom = new Set(context.providersWithRoom.get(resourceClass)!.map((provider) => provider.id));
  return new Set([...state.sharing].filter((id) => withRoom.has(id)));
}
