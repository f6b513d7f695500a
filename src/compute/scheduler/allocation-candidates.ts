/** An allocation request as GET /allocation_candidates gives it (from 1.12 on). */
export interface AllocationRequest {
  allocations: Record<string, { resources: Record<string, number> }>;
  mappings?: Record<string, string[]>;
}

/** One way to place the instance on a host: the provider's uuid and what to claim. */
export interface HostCandidate {
  providerUuid: string;
  allocationRequest: AllocationRequest;
}

/**
 * Placement's allocation requests filed under every provider they draw from, so a host finds
 * the requests that use it, in placement's order.
 */
export function candidatesFromAllocationRequests(requests: AllocationRequest[]): HostCandidate[] {
  return requests.flatMap((allocationRequest) =>
    Object.keys(allocationRequest.allocations).map((providerUuid) => ({ providerUuid, allocationRequest })),
  );
}
