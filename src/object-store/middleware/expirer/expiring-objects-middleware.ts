import { deleteAt } from '../../proxy/constraints.js';
import { header } from '../../proxy/headers.js';
import { splitContainerObject } from '../../proxy/object.js';
import type { SwiftCall } from '../../proxy/swift-call.js';
import { swiftTimestamp } from '../../proxy/timestamp.js';
import type { SwiftMiddleware } from '../swift-middleware.js';
import { enqueueExpiry } from './expiring-objects-queue.js';

/** The object a write with an expiry lands on: the path, or a COPY's `Destination`. */
function writtenObject(call: SwiftCall): { account: string; container: string; object: string } | null {
  if (call.method === 'COPY') {
    const value = header(call.headers, 'destination');
    if (value === undefined) return null;
    const account = header(call.headers, 'destination-account') ?? call.path.account;
    return { account, ...splitContainerObject(value, 'Destination') };
  }
  const { account, container, object } = call.path;
  return container && object ? { account, container, object } : null;
}

/**
 * The proxy's part of Swift's object expiry: an object PUT, POST or COPY that sets `X-Delete-At`
 * (or `X-Delete-After`, turned into the same time as the object controller turns it) and
 * succeeds is queued in the `.expiring_objects` account, where the object expirer finds it when
 * its time comes. Until then the object server already answers 404 for it once expired.
 * It sits innermost, so writes made by other middlewares' sub-requests are queued too, and it
 * has no `/info` section (Swift shows none for expiry).
 */
export const expiringObjectsQueue: SwiftMiddleware = {
  name: 'expiring_objects_queue',
  wrap: (next) => async (proxy, call) => {
    if (!['PUT', 'POST', 'COPY'].includes(call.method) || call.path.object === undefined) {
      return next(proxy, call);
    }
    const answer = await next(proxy, call);
    if (answer.status < 200 || answer.status >= 300) return answer;
    // Checked again by the controller before it wrote: here it cannot fail.
    const at = deleteAt(call.headers, Math.floor(call.now / 1000));
    const target = writtenObject(call);
    if (at !== undefined && target) {
      const queued = await enqueueExpiry(
        proxy.replicas,
        Number(at),
        target,
        swiftTimestamp(call.now),
        call.transId,
      );
      if (!queued) proxy.logger.warn({ object: target, deleteAt: at }, 'object expiry could not be queued');
    }
    return answer;
  },
};
