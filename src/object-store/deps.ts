import type { Logger } from '../common/logging.js';
import type { ProxyRings } from './proxy/replicas.js';
import type { StorageTransport } from './storage/storage-protocol.js';

/** Everything the Swift proxy is built from (Swift's proxy takes its rings in its constructor); tests pass their own. */
export interface ObjectStoreDeps {
  rings: ProxyRings;
  /** How the proxy reaches the storage nodes the rings name. */
  transport: StorageTransport;
  logger: Logger;
  /** Milliseconds, as Date.now (the info cache's clock); tests may pass their own. */
  now: () => number;
}
