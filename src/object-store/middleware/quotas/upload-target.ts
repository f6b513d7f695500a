import { header } from '../../proxy/headers.js';
import { splitContainerObject } from '../../proxy/object.js';
import { copySourceOf } from '../../proxy/object-copy.js';
import type { ProxyContext } from '../../proxy/proxy-context.js';
import type { SwiftCall } from '../../proxy/swift-call.js';
import { SwiftError } from '../../proxy/swob.js';
import type { SwiftPath } from '../../proxy/swift-path.js';
import type { SwiftApp } from '../swift-middleware.js';

/**
 * An object write that adds data: where it goes and how many bytes it brings (0 when that is not
 * known beforehand, a chunked body, as Swift counts `content_length or 0`: an account already past
 * its quota takes nothing more).
 */
export interface Upload {
  destination: SwiftPath;
  bytes: number;
}

/** Swift's answer when a write would pass a quota. */
export const quotaExceeded = () => new SwiftError(413, 'Upload exceeds quota.');

/** The size of a copy's source, asked as the caller (a source the caller may not read tells nothing). */
async function sourceBytes(next: SwiftApp, proxy: ProxyContext, call: SwiftCall, source: SwiftPath) {
  try {
    const answer = await next(proxy, { ...call, method: 'HEAD', path: source, headers: {}, body: undefined });
    const length = answer.headers['content-length'];
    return length === undefined ? 0 : Number(length);
  } catch {
    return 0;
  }
}

/**
 * The upload a call makes, if it is one the quotas count: a PUT of an object (its Content-Length,
 * or its source's size with `X-Copy-From`), or a COPY (its source's size, at its `Destination`).
 */
export async function uploadOf(next: SwiftApp, proxy: ProxyContext, call: SwiftCall): Promise<Upload | null> {
  if (call.path.object === undefined) return null;
  if (call.method === 'PUT') {
    const source = copySourceOf(call);
    if (source) return { destination: call.path, bytes: await sourceBytes(next, proxy, call, source) };
    const length = header(call.headers, 'content-length');
    return {
      destination: call.path,
      bytes: length !== undefined && /^\d+$/.test(length) ? Number(length) : 0,
    };
  }
  if (call.method === 'COPY') {
    const value = header(call.headers, 'destination');
    if (value === undefined) return null;
    const account = header(call.headers, 'destination-account') ?? call.path.account;
    const destination = {
      version: call.path.version,
      account,
      ...splitContainerObject(value, 'Destination'),
    };
    return { destination, bytes: await sourceBytes(next, proxy, call, call.path) };
  }
  return null;
}

/**
 * Headers of an account or container as its replicas have them now, when it has one of the
 * quotas `names`; null when it has none. Whether a quota is set is read from the info cache, as
 * Swift's quota middlewares read `get_account_info`/`get_container_info` (this proxy forgets its
 * entry when it changes the metadata, others within the cache's minute); the totals a quota is
 * checked against are asked of the replicas, since a cached total would let a run of uploads
 * pass the quota.
 */
export async function quotaHeaders(
  proxy: ProxyContext,
  call: SwiftCall,
  path: { account: string; container?: string },
  names: string[],
): Promise<Record<string, string> | null> {
  const cached =
    path.container === undefined
      ? await proxy.info.account(path.account, call.transId)
      : await proxy.info.container(path.account, path.container, call.transId);
  if (!names.some((name) => cached.headers[name] !== undefined)) return null;
  const response = await proxy.replicas.read(path, {
    method: 'HEAD',
    headers: { 'x-trans-id': call.transId, 'user-agent': 'proxy-server' },
  });
  return response.status >= 200 && response.status < 300 ? response.headers : null;
}

/** A quota header's value as a number, or undefined when it is not set. */
export function quotaValue(headers: Record<string, string>, name: string): number | undefined {
  const value = headers[name];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}
