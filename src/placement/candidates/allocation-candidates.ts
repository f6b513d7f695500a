import type { Kysely } from 'kysely';
import type { PlacementSchema } from '../db/schema.js';
import { findCandidates, type FoundCandidates } from './find-candidates.js';
import { loadSearchData } from './load-search-data.js';
import { providerSummaries, type ProviderSummary } from './provider-summaries.js';
import type { CandidateRequest, SearchOptions } from './request.js';
import type { SearchData } from './search-data.js';

/** One way to meet the whole request. */
export interface Candidate {
  /** Provider uuid -> resource class -> amount. */
  allocations: Map<string, Map<string, number>>;
  /** Request group suffix -> uuids of the providers that meet it. */
  mappings: Map<string, string[]>;
}

export interface AllocationCandidates {
  candidates: Candidate[];
  summaries: ProviderSummary[];
}

/**
 * `GET /allocation_candidates`: reads what the request needs in one read transaction (so the
 * answer reflects one moment), then searches.
 */
export async function getAllocationCandidates(
  db: Kysely<PlacementSchema>,
  request: CandidateRequest,
  options: SearchOptions,
): Promise<AllocationCandidates> {
  const data = await db.transaction().execute((trx) => loadSearchData(trx, request));
  return answerOf(findCandidates(request, data, options), data);
}

/** The answer, with providers named by uuid, from what the search found. */
export function answerOf(found: FoundCandidates, data: SearchData): AllocationCandidates {
  const uuidOf = (id: number) => data.providers.get(id)!.uuid;
  const candidates = found.allocationRequests.map((request): Candidate => {
    const allocations = new Map<string, Map<string, number>>();
    for (const resource of request.resourceRequests) {
      const uuid = uuidOf(resource.providerId);
      const amounts = allocations.get(uuid) ?? new Map<string, number>();
      allocations.set(uuid, amounts);
      amounts.set(resource.resourceClass, resource.amount);
    }
    const mappings = new Map([...request.mappings].map(([suffix, uuids]) => [suffix, [...uuids]]));
    return { allocations, mappings };
  });
  return { candidates, summaries: providerSummaries(data, found.summaryProviderIds) };
}
