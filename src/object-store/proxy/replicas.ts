import { Readable } from 'node:stream';
import type { RingLookup, RingNode } from '../ring/ring-types.js';
import type { StorageRequest, StorageResponse, StorageTransport } from '../storage/storage-protocol.js';
import { bestResponse, UNREACHABLE } from './best-response.js';

/** The three rings the proxy places things on. */
export interface ProxyRings {
  account: RingLookup;
  container: RingLookup;
  object: RingLookup;
}

/** An account, a container or an object, as a storage request names it. */
export interface StoragePath {
  account: string;
  container?: string;
  object?: string;
}

/** A request to send to every replica, less where it goes. */
export type ReplicaRequest = Omit<
  StorageRequest,
  'device' | 'partition' | 'account' | 'container' | 'object'
>;

/** Where a path lives: its ring, partition and primary nodes. */
export interface Placement {
  ring: RingLookup;
  partition: number;
  primaries: RingNode[];
}

/** Frees a response body nobody will read (a stream would otherwise hold its file open). */
export function discard(response: StorageResponse): void {
  if (response.body instanceof Readable) response.body.destroy();
}

/** A node answered as a healthy node does: anything but a server error (507 included). */
const answered = (response: StorageResponse) => response.status < 500;

/**
 * How the proxy reaches the replicas of an account, container or object: reads from the first
 * node that answers well, writes to every primary with a handoff node standing in for each that
 * fails, and Swift's quorum to pick the answer.
 */
export class Replicas {
  constructor(
    private readonly rings: ProxyRings,
    private readonly transport: StorageTransport,
  ) {}

  ringOf(path: StoragePath): RingLookup {
    if (path.object !== undefined) return this.rings.object;
    return path.container !== undefined ? this.rings.container : this.rings.account;
  }

  place(path: StoragePath): Placement {
    const ring = this.ringOf(path);
    const partition = ring.partitionOf(path.account, path.container, path.object);
    return { ring, partition, primaries: ring.primaryNodes(partition) };
  }

  /** One request to one node; a node that cannot be reached answers 503. */
  async send(
    node: RingNode,
    partition: number,
    path: StoragePath,
    request: ReplicaRequest,
  ): Promise<StorageResponse> {
    try {
      return await this.transport.request(
        { ip: node.ip, port: node.port },
        { ...request, device: node.device, partition, ...path },
      );
    } catch {
      return UNREACHABLE;
    }
  }

  /**
   * A GET or HEAD as Swift's `GETorHEAD_base`: the primaries in turn, a handoff for each that
   * fails, the first good answer (2xx, 3xx, 416) returned at once; otherwise the quorum's answer
   * of those collected (404 when the replicas agree it is not there).
   */
  async read(path: StoragePath, request: ReplicaRequest): Promise<StorageResponse> {
    const { ring, partition, primaries } = this.place(path);
    const handoffs = ring.handoffNodes(partition);
    const candidates = [...primaries];
    const collected: StorageResponse[] = [];
    for (let index = 0; index < candidates.length && index < ring.replicas * 2; index++) {
      const response = await this.send(candidates[index], partition, path, request);
      if ((response.status >= 200 && response.status < 400) || response.status === 416) {
        for (const other of collected) discard(other);
        return response;
      }
      collected.push(response);
      if (!answered(response)) {
        const next = handoffs.next();
        if (!next.done) candidates.push(next.value);
      }
    }
    const best = bestResponse(collected, ring.replicas);
    for (const other of collected) if (other !== best) discard(other);
    return best;
  }

  /**
   * A write to every primary at once (`make_requests`): a primary that fails is replaced by the
   * next handoff node, with the same headers (so its container update goes where the primary's
   * would); the answer is the quorum's. `headersFor` gives each replica's own headers.
   */
  async writeAll(
    path: StoragePath,
    request: ReplicaRequest,
    headersFor: (index: number) => Record<string, string> = () => ({}),
  ): Promise<StorageResponse> {
    const { ring, partition, primaries } = this.place(path);
    const handoffs = ring.handoffNodes(partition);
    const responses = await Promise.all(
      primaries.map(async (primary, index) => {
        const headers = { ...request.headers, ...headersFor(index) };
        let node: RingNode | undefined = primary;
        let response: StorageResponse = UNREACHABLE;
        while (node) {
          response = await this.send(node, partition, path, { ...request, headers });
          if (answered(response)) return response;
          discard(response);
          const next = handoffs.next();
          node = next.done ? undefined : next.value;
        }
        return response;
      }),
    );
    const best = bestResponse(responses, ring.replicas);
    for (const other of responses) if (other !== best) discard(other);
    return best;
  }
}
