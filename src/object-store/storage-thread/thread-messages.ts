import type { ObjectStoreConfig } from '../../common/config/schema.js';
import type { HashPathSalt, RingKind } from '../ring/index.js';
import type { NodeAddress, StorageRequest } from '../storage/storage-protocol.js';
import type { StreamMessage } from './port-streams.js';

/** What the storage thread is started with (its `workerData`). */
export interface StorageThreadSetup {
  devicesRoot: string;
  salt: HashPathSalt;
  ringPaths: Record<RingKind, string>;
  /** The node's address on the rings. */
  address: NodeAddress;
  config: ObjectStoreConfig;
  logLevel: string;
}

/** A request without its body; the body follows inline or as stream `id`. */
export type RequestHead = Omit<StorageRequest, 'body'>;

/** From the proxy's thread to the storage thread. */
export type ToStorageThread =
  | {
      kind: 'request';
      id: number;
      address: NodeAddress;
      request: RequestHead;
      body?: Uint8Array;
      streamed: boolean;
    }
  | { kind: 'start' }
  | { kind: 'stop' }
  | StreamMessage;

/** From the storage thread to the proxy's thread. */
export type FromStorageThread =
  | { kind: 'ready' }
  | {
      kind: 'response';
      id: number;
      status: number;
      headers: Record<string, string>;
      body?: Uint8Array;
      streamed: boolean;
    }
  | { kind: 'failed'; id: number; message: string }
  | { kind: 'stopped' }
  | StreamMessage;
