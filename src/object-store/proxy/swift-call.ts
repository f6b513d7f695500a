import type { Readable } from 'node:stream';
import type { RequestContext } from '../../common/auth/context.js';
import { authorize } from './keystone-auth.js';
import type { IncomingHeaders } from './headers.js';
import { header } from './headers.js';
import { SwiftError } from './swob.js';
import type { SwiftPath } from './swift-path.js';

/** One client request to the Swift API, as the controllers see it. */
export interface SwiftCall {
  method: string;
  path: SwiftPath;
  query: Record<string, string>;
  headers: IncomingHeaders;
  /** The request body (object data), streamed; absent on body-less requests. */
  body?: Readable;
  /** Who calls; null when anonymous (no token, or one that is not valid). */
  caller: RequestContext | null;
  transId: string;
  /**
   * Where the API is mounted in the public URL (WSGI's SCRIPT_NAME), e.g. `/object-store`: the
   * public path of `call.path` is this followed by `/v1/...`, which is what clients sign.
   */
  scriptName: string;
  /** When the request arrived, in milliseconds: the X-Timestamp of what it writes. */
  now: number;
}

/** What the proxy answers: a status, headers and a body (a stream for object data). */
export interface SwiftAnswer {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | Readable | string;
}

/**
 * Swift's keystoneauth decision for a call: first as Swift's proxy asks it before any work (no
 * ACL: owners are owners), then, when that refuses, with the container ACL that applies (read
 * ACL for reads, write ACL for writes), as the controllers ask again once they know it. Throws
 * 401 or 403 as `denied_response`; tells whether the caller owns the account (owners see and set ACLs).
 */
export function authorizeCall(
  call: SwiftCall,
  acl?: string,
  path: SwiftPath = call.path,
): { owner: boolean } {
  const request = { method: call.method, path, referer: header(call.headers, 'referer') };
  let decision = authorize(call.caller, request);
  if (!decision.allowed && acl !== undefined) decision = authorize(call.caller, { ...request, acl });
  if (!decision.allowed) throw new SwiftError(decision.status);
  return { owner: decision.owner };
}
