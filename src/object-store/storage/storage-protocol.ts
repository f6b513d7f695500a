import type { Readable } from 'node:stream';

/**
 * A request to a storage node in Swift's backend protocol: the method and headers of Swift's
 * account, container and object servers (`PUT /<device>/<partition>/<account>/<container>/<object>`
 * with `X-Timestamp`, `X-Container-Host`...), as a value, so the proxy reaches a node in the same
 * process by a function call and a node on another host over HTTP with the same meaning.
 */
/** Swift's three storage servers. */
export type StorageServerType = 'account' | 'container' | 'object';

export interface StorageRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE' | 'REPLICATE';
  /**
   * Which of the node's servers answers (Swift tells them apart by port). Optional: by default the
   * path decides (an object name: the object server; a container name: the container server; else
   * the account server). The updates between servers must say it: an object server's
   * `PUT /<dev>/<part>/<a>/<c>/<o>` is for the container server, a container server's
   * `PUT /<dev>/<part>/<a>/<c>` for the account server.
   */
  server?: StorageServerType;
  device: string;
  partition: number;
  account: string;
  container?: string;
  object?: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** Query parameters (listings: prefix, delimiter, marker, end_marker, limit, reverse, format). */
  query?: Record<string, string>;
  /** The body of a PUT (object data, or a replication payload). */
  body?: Readable | Buffer;
}

export interface StorageResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The body: object data as a stream, listings and small answers as a buffer. */
  body: Readable | Buffer;
}

/** One storage node (Swift's account, container and object servers of one host). */
export interface StorageNode {
  handle(request: StorageRequest): Promise<StorageResponse>;
}

/** Where a request goes: a ring device's node address. */
export interface NodeAddress {
  ip: string;
  port: number;
}

/**
 * How the proxy (and the replicator) reach storage nodes: in process for the all-in-one cloud,
 * over HTTP for nodes running as their own processes. A node that cannot be reached rejects the
 * promise (the caller treats it as down and hands off), it never answers a made-up status.
 */
export interface StorageTransport {
  request(node: NodeAddress, request: StorageRequest): Promise<StorageResponse>;
}
