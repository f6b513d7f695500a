import { Readable } from 'node:stream';
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

/** The whole body of an answer (a manifest, a listing, a request's list of names). */
export async function readAll(body: SwiftAnswer['body'] | Readable): Promise<Buffer> {
  if (body === undefined) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  if (Buffer.isBuffer(body)) return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/** Reads at most `limit` bytes of a request body; more is `undefined` (the caller's 413). */
export async function readAtMost(body: Readable | undefined, limit: number): Promise<Buffer | undefined> {
  if (!body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += bytes.length;
    if (size > limit) {
      body.destroy();
      return undefined;
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** Drops an answer's body that will not be read. */
export function dropBody(answer: SwiftAnswer): void {
  if (answer.body instanceof Readable) answer.body.destroy();
}

export const isSuccess = (status: number) => status >= 200 && status < 300;
