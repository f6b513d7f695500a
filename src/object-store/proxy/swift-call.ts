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
  /**
   * The path below the mount as the client sent it (`/v1/a/c/`, percent-encoded), for the
   * middlewares that tell `/v1/a/c` from `/v1/a/c/` (staticweb) or sign it (formpost); absent
   * on calls the proxy makes itself.
   */
  rawPath?: string;
  /**
   * System metadata an object write of the proxy's own middlewares stores (s3api's ETag of a
   * completed multipart upload). Clients' `X-Object-Sysmeta-*` headers never reach the storage
   * servers (Swift's gatekeeper drops them); only calls made inside the proxy can set these.
   */
  sysmeta?: Record<string, string>;
}

/** What the proxy answers: a status, headers and a body (a stream for object data). */
export interface SwiftAnswer {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | Readable | string;
  /** The system metadata of the object read, for the middlewares above; never sent to the client. */
  sysmeta?: Record<string, string>;
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
