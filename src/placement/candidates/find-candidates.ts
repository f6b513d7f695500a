import type { AllocationRequest } from './allocation-request.js';
import { searchGroup } from './group-search.js';
import { mergeCandidates } from './merge-candidates.js';
import type { CandidateRequest, SearchOptions } from './request.js';
import { groupContext, searchState, type SearchState } from './search-context.js';
import type { SearchData } from './search-data.js';

/** The answer before provider summaries are filled in. */
export interface FoundCandidates {
  allocationRequests: AllocationRequest[];
  /** Ids of the providers the summaries show, in provider order. */
  summaryProviderIds: number[];
}

const NOTHING: FoundCandidates = { allocationRequests: [], summaryProviderIds: [] };

/**
 * Upstream's allocation candidates for a request, from the loaded search data: each group's
 * candidates, merged; then for microversions before 1.29 the requests that use two providers
 * of one tree are dropped, and `limit` keeps the first ones (or a random sample). Throws
 * ResourceClassNotFound or TraitNotFound for names placement does not know.
 */
export function findCandidates(
  request: CandidateRequest,
  data: SearchData,
  options: SearchOptions,
): FoundCandidates {
  const state = searchState(data, request.wide);
  if (!state) return NOTHING;
  const perGroup = new Map<string, AllocationRequest[]>();
  const seenClasses = new Set<string>();
  for (const group of request.groups) {
    const context = groupContext(state, group);
    if (!context) return NOTHING;
    for (const resourceClass of group.resources.keys()) {
      if (seenClasses.has(resourceClass)) state.multiGroupClasses.add(resourceClass);
      else seenClasses.add(resourceClass);
    }
    const found = searchGroup(state, context);
    if (found.length === 0) return NOTHING;
    perGroup.set(group.suffix, found);
  }
  let requests = mergeCandidates(state, perGroup);
  if (requests.length === 0) return NOTHING;
  // The summaries show every provider of the trees the requests use.
  let shown = providersOfTrees(state, rootsUsed(state, requests));
  if (!options.nestedAware && state.hasTrees) {
    requests = requests.filter((candidate) => usesOneProviderPerTree(state, candidate));
    const used = new Set(
      requests.flatMap((candidate) => candidate.resourceRequests.map((r) => r.providerId)),
    );
    shown = shown.filter((id) => used.has(id));
  }
  const limit = request.wide.limit;
  if (limit && limit < requests.length) {
    requests = options.randomize ? sample(requests, limit, options.random) : requests.slice(0, limit);
    const roots = rootsUsed(state, requests);
    shown = shown.filter((id) => roots.has(state.data.providers.get(id)!.rootId));
  } else if (options.randomize) {
    requests = sample(requests, requests.length, options.random);
  }
  return { allocationRequests: requests, summaryProviderIds: shown };
}

function rootsUsed(state: SearchState, requests: AllocationRequest[]): Set<number> {
  const roots = new Set<number>();
  for (const candidate of requests) {
    for (const resource of candidate.resourceRequests)
      roots.add(state.data.providers.get(resource.providerId)!.rootId);
  }
  return roots;
}

function providersOfTrees(state: SearchState, roots: Set<number>): number[] {
  return [...state.data.providers.values()]
    .filter((provider) => roots.has(provider.rootId))
    .map((provider) => provider.id)
    .sort((a, b) => a - b);
}

/** Before 1.29 clients do not know trees: a request may not use two providers of one tree. */
function usesOneProviderPerTree(state: SearchState, candidate: AllocationRequest): boolean {
  const providers = new Set(candidate.resourceRequests.map((resource) => resource.providerId));
  const roots = new Set([...providers].map((id) => state.data.providers.get(id)!.rootId));
  return providers.size === roots.size;
}

/** `count` items picked at random, in random order (Python's `random.sample`). */
function sample<T>(items: T[], count: number, random: () => number): T[] {
  const pool = [...items];
  for (let i = 0; i < count; i += 1) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, count);
}
