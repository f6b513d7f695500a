import type { Microversion } from '../../../common/http/microversion.js';
import type { AllocationCandidates, Candidate } from '../../candidates/allocation-candidates.js';
import type { ProviderSummary } from '../../candidates/provider-summaries.js';

/** What the body shows at a microversion. */
interface Shape {
  /** 1.12: allocations keyed by provider, as the body of `PUT /allocations/{consumer}`. */
  allocationsByProvider: boolean;
  /** 1.34: which providers meet which request group. */
  mappings: boolean;
  /** 1.17: the providers' traits. */
  traits: boolean;
  /** 1.27: every class of a provider, not only the requested ones. */
  allClasses: boolean;
  /** 1.29: the provider's parent and root. */
  tree: boolean;
  requestedClasses: Set<string>;
}

/**
 * The body of `GET /allocation_candidates` at a microversion: allocation requests as a list
 * per provider before 1.12 and keyed by provider from 1.12 (with `mappings` from 1.34);
 * provider summaries with only the requested classes before 1.27, `traits` from 1.17 and the
 * tree's uuids from 1.29.
 */
export function allocationCandidatesView(
  result: AllocationCandidates,
  requestedClasses: Set<string>,
  version: Microversion,
) {
  const shape: Shape = {
    allocationsByProvider: version.atLeast('1.12'),
    mappings: version.atLeast('1.34'),
    traits: version.atLeast('1.17'),
    allClasses: version.atLeast('1.27'),
    tree: version.atLeast('1.29'),
    requestedClasses,
  };
  return {
    allocation_requests: result.candidates.map((candidate) => allocationRequestView(candidate, shape)),
    provider_summaries: Object.fromEntries(
      result.summaries.map((summary) => [summary.uuid, summaryView(summary, shape)]),
    ),
  };
}

function allocationRequestView(candidate: Candidate, shape: Shape) {
  const byProvider = [...candidate.allocations].map(
    ([uuid, amounts]) => [uuid, Object.fromEntries(amounts)] as const,
  );
  if (!shape.allocationsByProvider) {
    return {
      allocations: byProvider.map(([uuid, resources]) => ({ resource_provider: { uuid }, resources })),
    };
  }
  return {
    allocations: Object.fromEntries(byProvider.map(([uuid, resources]) => [uuid, { resources }])),
    ...(shape.mappings ? { mappings: Object.fromEntries(candidate.mappings) } : {}),
  };
}

function summaryView(summary: ProviderSummary, shape: Shape) {
  const resources: Record<string, { capacity: number; used: number }> = {};
  for (const { resourceClass, capacity, used } of summary.resources) {
    if (shape.allClasses || shape.requestedClasses.has(resourceClass))
      resources[resourceClass] = { capacity, used };
  }
  return {
    resources,
    ...(shape.traits ? { traits: summary.traits } : {}),
    ...(shape.tree ? { parent_provider_uuid: summary.parentUuid, root_provider_uuid: summary.rootUuid } : {}),
  };
}
