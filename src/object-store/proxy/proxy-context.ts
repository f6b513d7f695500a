import type { Logger } from '../../common/logging.js';
import type { InfoCache } from './info-cache.js';
import type { Replicas } from './replicas.js';
import type { SwiftCall } from './swift-call.js';
import { swiftTimestamp } from './timestamp.js';

/** What the controllers work with: the replicas, the info cache, and the clock. */
export interface ProxyContext {
  replicas: Replicas;
  info: InfoCache;
  logger: Logger;
}

/** Headers every request to a storage node carries, so a request is followed across nodes. */
export function backendHeaders(call: SwiftCall): Record<string, string> {
  return { 'x-trans-id': call.transId, 'user-agent': 'proxy-server' };
}

/** Headers of a write: the above and the request's timestamp, which orders it against every other write. */
export function writeHeaders(call: SwiftCall): Record<string, string> {
  return { ...backendHeaders(call), 'x-timestamp': swiftTimestamp(call.now) };
}
