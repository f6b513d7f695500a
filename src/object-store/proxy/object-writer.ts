import { PassThrough, type Readable } from 'node:stream';
import type { RingNode } from '../ring/ring-types.js';
import type { StorageResponse } from '../storage/storage-protocol.js';
import { bestResponse, quorumSize, UNREACHABLE } from './best-response.js';
import { BodyFanout } from './body-fanout.js';
import { containerUpdateHeaders } from './container-updates.js';
import { unquoteEtag } from './headers.js';
import type { ProxyContext } from './proxy-context.js';
import { discard, type StoragePath } from './replicas.js';
import { SwiftError } from './swob.js';
import { readAtMost } from './whole-body.js';

/**
 * A body announced at most this long is read whole before it is sent, and each replica gets it in
 * one piece: to a storage thread that is one message, where a stream is several (its chunks, its
 * end, the credit back), and the replicas do not wait on each other's pace. Longer bodies, and
 * chunked ones, are streamed.
 */
const WHOLE_BODY_BYTES = 64 * 1024;

/** The replicas' bodies: branches of one read of a streamed body, or one buffer for them all. */
interface ReplicaBodies {
  branch(): Readable | Buffer | null;
  drop(body: Readable | Buffer): void;
  run(): Promise<void>;
}

/** The whole of a short body, read; undefined for a long or chunked one (streamed). */
async function shortBody(source: Readable, headers: Record<string, string>): Promise<Buffer | undefined> {
  const announced = headers['content-length'];
  if (announced === undefined || Number(announced) > WHOLE_BODY_BYTES) return undefined;
  // A client gone midway, or one sending more than it announced: Swift's 499.
  const body = await readAtMost(source, Number(announced)).catch(() => undefined);
  if (!body) throw new SwiftError(499);
  return body;
}

function replicaBodies(source: Readable, whole: Buffer | undefined): ReplicaBodies {
  if (whole) return { branch: () => whole, drop: () => undefined, run: async () => undefined };
  const fanout = new BodyFanout(source);
  return {
    branch: () => fanout.branch(),
    drop: (body) => {
      if (body instanceof PassThrough) fanout.drop(body);
    },
    run: () => fanout.run(),
  };
}

/**
 * An object PUT: the body read once and streamed (or, when short, sent whole) to every primary
 * replica at the same time, a handoff node standing in for a primary that fails; the object is
 * stored when a quorum of replicas stored it (201 with their ETag), 503 when too few could, or the
 * replicas' own refusal (422 for an ETag that does not match the data). A client that goes away
 * midway is 499.
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
  const bodies = replicaBodies(source, await shortBody(source, headers));
  const sendReplica = async (primary: RingNode, index: number): Promise<StorageResponse> => {
    let node: RingNode | undefined = primary;
    let response: StorageResponse = UNREACHABLE;
    while (node) {
      const body = bodies.branch();
      if (!body) return response;
      response = await proxy.replicas.send(node, partition, path, {
        method: 'PUT',
        headers: { ...headers, ...updates(index) },
        body,
      });
      bodies.drop(body);
      if (response.status < 500) return response;
      discard(response);
      const next = handoffs.next();
      node = next.done ? undefined : next.value;
    }
    return response;
  };
  const replicas = Promise.all(primaries.map(sendReplica));
  try {
    await bodies.run();
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
