import type { Readable } from 'node:stream';
import type { SwiftAnswer, SwiftCall } from '../../proxy/swift-call.js';
import type { SwiftPath } from '../../proxy/swift-path.js';
import { SwiftError } from '../../proxy/swob.js';
import type { ProxyContext } from '../../proxy/proxy-context.js';
import type { SwiftApp } from '../swift-middleware.js';

/** A path in the account of `call`: `/container[/object]` as a manifest or a bulk list names it. */
export function pathInAccount(call: SwiftCall, container: string, object?: string): SwiftPath {
  return { version: call.path.version, account: call.path.account, container, ...(object ? { object } : {}) };
}

/**
 * A request a middleware makes on behalf of a client call (Swift's `make_subrequest`): the same
 * caller and transaction, its own method, path, query, headers and body, and its own timestamp.
 */
export function subCall(
  parent: SwiftCall,
  method: string,
  path: SwiftPath,
  options: { query?: Record<string, string>; headers?: Record<string, string>; body?: Readable } = {},
): SwiftCall {
  return {
    method,
    path,
    query: options.query ?? {},
    headers: options.headers ?? {},
    ...(options.body ? { body: options.body } : {}),
    caller: parent.caller,
    transId: parent.transId,
    scriptName: parent.scriptName,
    now: Date.now(),
  };
}

/** The answer of a sub-request, an error included: a refusal is an answer to look at, not to throw. */
export async function answerOf(app: SwiftApp, proxy: ProxyContext, call: SwiftCall): Promise<SwiftAnswer> {
  try {
    return await app(proxy, call);
  } catch (error) {
    if (!(error instanceof SwiftError)) throw error;
    return { status: error.status, headers: error.headers, ...(error.body ? { body: error.body } : {}) };
  }
}

export const isSuccess = (status: number) => status >= 200 && status < 300;
