import type { PlacementClient } from '../../../common/clients/placement-client.js';
import type { AllocationRequest, ConsumerAllocations } from '../../../common/clients/placement-types.js';

/** Who the allocations are for: the server's project and user, as its request spec records them. */
export interface ClaimOwner {
  projectId: string;
  userId: string;
}

/**
 * _move_operation_alloc_request: what the consumer holds (on the source) plus the request's
 * providers it does not already use, so an evacuation holds both hosts while it runs.
 */
function doubledUp(held: ConsumerAllocations['allocations'], request: AllocationRequest): AllocationRequest {
  const allocations: AllocationRequest['allocations'] = {};
  for (const [provider, allocation] of Object.entries(held))
    allocations[provider] = { resources: allocation.resources };
  for (const [provider, allocation] of Object.entries(request.allocations))
    if (!(provider in held)) allocations[provider] = allocation;
  return { allocations };
}

/**
 * Nova's claim_resources: claims an allocation request for the instance, true when placement
 * took it, false when the resources went to someone else. The instance is a new consumer
 * (generation null) unless it still holds allocations, which only an evacuation leaves (its
 * source allocation stays with the instance): then both are claimed together at the consumer's
 * generation. A consumer changed meanwhile throws the 409.
 */
export async function claimResources(
  placement: PlacementClient,
  instanceUuid: string,
  request: AllocationRequest,
  owner: ClaimOwner,
): Promise<boolean> {
  const current = await placement.getAllocations(instanceUuid);
  const holds = Object.keys(current.allocations).length > 0;
  return placement.claim(instanceUuid, holds ? doubledUp(current.allocations, request) : request, {
    ...owner,
    consumerGeneration: current.consumer_generation ?? null,
  });
}
