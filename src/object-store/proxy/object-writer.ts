import type { Readable } from 'node:stream';
import type { RingNode } from '../ring/ring-types.js';
import type { StorageResponse } from '../storage/storage-protocol.js';
import { bestResponse, quorumSize, UNREACHABLE } from './best-response.js';
import { BodyFanout } from './body-fanout.js';
import { containerUpdateHeaders } from './container-updates.js';
import { unquoteEtag } from './headers.js';
import type { ProxyContext } from './proxy-context.js';
import { discard, type StoragePath } from './replicas.js';
import { SwiftError } from './swob.js';

/**
 * An object PUT: the body read once and streamed to every primary replica at the same time,
 * a handoff node standing in for a primary that fails; the object is stored when a quorum of
 * replicas stored it (201 with their ETag), 503 when too few could, or the replicas' own
 * refusal (422 for an ETag that does not match the data). A client that goes away midway is 499.
 */
export async function putObjectData(
  proxy: ProxyContext,
  path: StoragePath,
  headers: Record<string, string>,
  source: Readable,
): Promise<StorageResponse> {
  const { ring, partition, primaries } = proxy.replicas.place(path);
  const handoffs = ring.handoffNodes(partition);
  const updates = containerUpdateHeaders(proxy, path, primaries);
  const fanout = new BodyFanout(source);
  const sendReplica = async (primary: RingNode, index: number): Promise<StorageResponse> => {
    let node: RingNode | undefined = primary;
    let response: StorageResponse = UNREACHABLE;
    while (node) {
      const body = fanout.branch();
      if (!body) return response;
      response = await proxy.replicas.send(node, partition, path, {
        method: 'PUT',
        headers: { ...headers, ...updates(index) },
        body,
      });
      fanout.drop(body);
      if (response.status < 500) return response;
      discard(response);
      const next = handoffs.next();
      node = next.done ? undefined : next.value;
    }
    return response;
  };
  const replicas = Promise.all(primaries.map(sendReplica));
  try {
    await fanout.run();
  } catch {
    const responses = await replicas;
    for (const response of responses) discard(response);
    throw new SwiftError(499);
  }
  const responses = await replicas;
  for (const response of responses) discard(response);
  const stored = responses.filter((response) => response.status >= 200 && response.status < 300);
  if (stored.length >= quorumSize(ring.replicas)) {
    const etags = new Set(stored.map((response) => unquoteEtag(response.headers.etag ?? '')));
    if (etags.size > 1) throw new SwiftError(500);
    return stored[0];
  }
  return bestResponse(responses, ring.replicas);
}
