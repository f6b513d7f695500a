import type { MessagePort } from 'node:worker_threads';
import type { ObjectStoreConfig } from '../../common/config/schema.js';
import type { HashPathSalt, RingKind } from '../ring/index.js';
import type { NodeAddress, StorageRequest } from '../storage/storage-protocol.js';
import type { StreamMessage } from './port-streams.js';

/** Another storage thread, reached through a port of its own (a MessageChannel between the two). */
export interface PeerThread {
  /** The devices it serves. */
  devices: string[];
  port: MessagePort;
  /** Which half of the request numbers this end of the link uses (storage-link.ts). */
  side: LinkSide;
}

/** What a storage thread is started with (its `workerData`). */
export interface StorageThreadSetup {
  devicesRoot: string;
  /** The node's devices this thread serves and looks after in the background. */
  devices: string[];
  salt: HashPathSalt;
  ringPaths: Record<RingKind, string>;
  /** The node's address on the rings. */
  address: NodeAddress;
  config: ObjectStoreConfig;
  logLevel: string;
  /** The node's other storage threads, one link each. */
  peers: PeerThread[];
}

/** A request without its body; the body follows inline or as stream `id`. */
export type RequestHead = Omit<StorageRequest, 'body'>;

/** Even or odd: the request numbers one end of a link gives out, so both ends can ask at once. */
export type LinkSide = 0 | 1;

/** Requests, answers and their streamed bodies between two threads, either way (storage-link.ts). */
export type LinkMessage =
  | {
      kind: 'request';
      id: number;
      address: NodeAddress;
      request: RequestHead;
      body?: Uint8Array;
      streamed: boolean;
    }
  | {
      kind: 'response';
      id: number;
      status: number;
      headers: Record<string, string>;
      body?: Uint8Array;
      streamed: boolean;
    }
  | { kind: 'failed'; id: number; message: string }
  | StreamMessage;

/** From the proxy's thread to a storage thread. */
export type ToStorageThread = { kind: 'start' } | { kind: 'stop' } | LinkMessage;

/** From a storage thread to the proxy's thread. */
export type FromStorageThread = { kind: 'ready' } | { kind: 'stopped' } | LinkMessage;
