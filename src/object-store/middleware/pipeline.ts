import type { SwiftMiddleware } from './swift-middleware.js';

/**
 * The middlewares of the proxy, outermost first, in the order of Swift's proxy-server.conf
 * pipeline (bulk, tempurl, slo, dlo, versioned_writes, container and account quotas...): each
 * adds itself here and its `/info` section follows.
 */
export const SWIFT_PIPELINE: SwiftMiddleware[] = [];
