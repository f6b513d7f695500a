import type { ProxyContext } from '../proxy/proxy-context.js';
import type { SwiftAnswer, SwiftCall } from '../proxy/swift-call.js';

/** The proxy as a function of a call: the controllers at the bottom, middlewares around them. */
export type SwiftApp = (proxy: ProxyContext, call: SwiftCall) => Promise<SwiftAnswer>;

/**
 * One of Swift's proxy middlewares (slo, dlo, bulk, tempurl, quotas, versioned_writes...): it
 * sees every call before the rest of the pipeline, may answer it itself, change it, or make
 * sub-requests through `next` (what lies below it), as Swift's WSGI filters do.
 */
export interface SwiftMiddleware {
  /** Its name in `/info`, e.g. `slo`. */
  name: string;
  /** Its `/info` section: the capabilities and limits it offers. */
  info?(): Record<string, unknown>;
  wrap(next: SwiftApp): SwiftApp;
}

/** Wraps `app` in `middlewares`, the first outermost, as Swift's proxy pipeline lists them. */
export function composePipeline(app: SwiftApp, middlewares: readonly SwiftMiddleware[]): SwiftApp {
  return middlewares.reduceRight((inner, middleware) => middleware.wrap(inner), app);
}
