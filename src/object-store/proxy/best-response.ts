import type { StorageResponse } from '../storage/storage-protocol.js';

/** Swift's quorum of a replicated ring: a majority (2 of 3). */
export const quorumSize = (replicas: number) => Math.floor(replicas / 2) + 1;

/** A node that could not be reached counts as 503, as Swift counts it. */
export const UNREACHABLE: StorageResponse = { status: 503, headers: {}, body: Buffer.alloc(0) };

/**
 * Swift's `best_response`: the answer of the first class of statuses (2xx, then 3xx, then 4xx)
 * that a quorum of the replicas gave, the highest status of that class winning (a container
 * PUT that some nodes had already answers 202); 503 when no class has a quorum.
 */
export function bestResponse(responses: StorageResponse[], replicas: number): StorageResponse {
  const quorum = quorumSize(replicas);
  for (const hundred of [200, 300, 400]) {
    const inClass = responses.filter(
      (response) => response.status >= hundred && response.status < hundred + 100,
    );
    if (inClass.length >= quorum) {
      return inClass.reduce((best, response) => (response.status > best.status ? response : best));
    }
  }
  return UNREACHABLE;
}
