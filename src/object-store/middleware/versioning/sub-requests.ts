import type { ProxyContext } from '../../proxy/proxy-context.js';
import type { SwiftAnswer, SwiftCall } from '../../proxy/swift-call.js';
import { SwiftError } from '../../proxy/swob.js';
import type { SwiftApp } from '../swift-middleware.js';

/** A `<container>/<object>` for `X-Copy-From`, each name percent-encoded (slashes of the object kept). */
export const copyFromValue = (container: string, object: string) =>
  `${encodeURIComponent(container)}/${object.split('/').map(encodeURIComponent).join('/')}`;

/** Runs a sub-request as the caller of `call`; a refusal is an answer too (its status), not an exception. */
export async function subRequest(
  next: SwiftApp,
  proxy: ProxyContext,
  call: SwiftCall,
  change: Partial<SwiftCall>,
): Promise<SwiftAnswer> {
  try {
    return await next(proxy, { ...call, query: {}, headers: {}, body: undefined, ...change });
  } catch (error) {
    if (error instanceof SwiftError)
      return { status: error.status, headers: error.headers, body: error.body };
    throw error;
  }
}

/**
 * Swift's legacy `_check_response_error`: a missing versions container (or object) is 412, other
 * client errors stand as they are, and anything else means the data could not be versioned: 503.
 */
export function checkVersioned(answer: SwiftAnswer): void {
  if (answer.status >= 200 && answer.status < 300) return;
  if (answer.status === 404) throw new SwiftError(412);
  if (answer.status >= 400 && answer.status < 500) {
    throw new SwiftError(answer.status, typeof answer.body === 'string' ? answer.body : undefined);
  }
  throw new SwiftError(503);
}
