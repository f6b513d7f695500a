import { header } from '../../proxy/headers.js';
import { splitContainerObject } from '../../proxy/object.js';
import { writeHeaders, type ProxyContext } from '../../proxy/proxy-context.js';
import { discard } from '../../proxy/replicas.js';
import type { SwiftAnswer, SwiftCall } from '../../proxy/swift-call.js';
import { SwiftError } from '../../proxy/swob.js';
import type { SwiftPath } from '../../proxy/swift-path.js';
import type { SwiftApp, SwiftMiddleware } from '../swift-middleware.js';
import { checkVersioned, copyFromValue, subRequest } from './sub-requests.js';
import { answerText, dropBody } from '../../proxy/whole-body.js';
import {
  LOCATION_SYSMETA,
  MODE_HEADERS,
  MODE_SYSMETA,
  takeVersioningChange,
  versionsPrefix,
  type VersioningChange,
  type VersioningMode,
} from './versions-location.js';

interface Versioning {
  location: string;
  mode: VersioningMode;
}

/** The versioning of a container, from its system metadata; null when it keeps no versions. */
async function versioningOf(
  proxy: ProxyContext,
  call: SwiftCall,
  path: SwiftPath,
): Promise<Versioning | null> {
  const info = await proxy.info.container(path.account, path.container ?? '', call.transId);
  const location = info.headers[LOCATION_SYSMETA];
  if (!location || info.status >= 300) return null;
  return { location, mode: info.headers[MODE_SYSMETA] === 'history' ? 'history' : 'stack' };
}

/** Saves a container's versioning change as system metadata on its replicas, once its PUT or POST went through. */
async function saveVersioning(proxy: ProxyContext, call: SwiftCall, change: NonNullable<VersioningChange>) {
  const headers: Record<string, string> = {
    ...writeHeaders({ ...call, now: call.now + 1 }),
    [LOCATION_SYSMETA]: change.location,
    [MODE_SYSMETA]: 'mode' in change ? change.mode : '',
  };
  const path = { account: call.path.account, container: call.path.container ?? '' };
  const response = await proxy.replicas.writeAll(path, { method: 'POST', headers });
  discard(response);
  proxy.info.forgetContainer(path.account, path.container);
  if (response.status >= 300) throw new SwiftError(response.status >= 500 ? 503 : response.status);
}

/** Copies the current object at `path` into its versions container, if there is one to copy. */
async function archiveCurrent(
  next: SwiftApp,
  proxy: ProxyContext,
  call: SwiftCall,
  path: SwiftPath,
  versioning: Versioning,
): Promise<void> {
  const current = await subRequest(next, proxy, call, { method: 'HEAD', path });
  dropBody(current);
  if (current.status === 404) return;
  checkVersioned(current);
  const object = path.object ?? '';
  const archived = `${versionsPrefix(object)}${current.headers['x-timestamp'] ?? ''}`;
  const copy = await subRequest(next, proxy, call, {
    method: 'PUT',
    path: { ...path, container: versioning.location, object: archived },
    headers: { 'x-copy-from': copyFromValue(path.container ?? '', object), 'content-length': '0' },
  });
  dropBody(copy);
  checkVersioned(copy);
}

/** Stack mode's DELETE: the newest archived version copied back over the object, then removed from the archive. */
async function restorePrevious(
  next: SwiftApp,
  proxy: ProxyContext,
  call: SwiftCall,
  versioning: Versioning,
): Promise<SwiftAnswer | null> {
  const object = call.path.object ?? '';
  const versionsPath = { ...call.path, container: versioning.location, object: undefined };
  const listing = await subRequest(next, proxy, call, {
    method: 'GET',
    path: versionsPath,
    query: { prefix: versionsPrefix(object), reverse: 'true', format: 'json' },
  });
  if (listing.status === 404) return null;
  checkVersioned(listing);
  const entries = JSON.parse((await answerText(listing)) || '[]') as { name: string }[];
  for (const { name } of entries) {
    const restore = await subRequest(next, proxy, call, {
      method: 'PUT',
      headers: { 'x-copy-from': copyFromValue(versioning.location, name), 'content-length': '0' },
    });
    dropBody(restore);
    // Another request took this version first: try the one before it.
    if (restore.status === 404) continue;
    checkVersioned(restore);
    return next(proxy, { ...call, path: { ...versionsPath, object: name }, query: {} });
  }
  return null;
}

/** The object a COPY writes to. */
function copyDestination(call: SwiftCall): SwiftPath | null {
  const value = header(call.headers, 'destination');
  if (value === undefined) return null;
  const account = header(call.headers, 'destination-account') ?? call.path.account;
  return { version: call.path.version, account, ...splitContainerObject(value, 'Destination') };
}

/** Adds the versioning header a container shows its owner (`X-Versions-Location` or `X-History-Location`). */
async function withVersioningHeader(proxy: ProxyContext, call: SwiftCall, answer: SwiftAnswer) {
  if (answer.status >= 300) return answer;
  const versioning = await versioningOf(proxy, call, call.path);
  if (!versioning) return answer;
  return { ...answer, headers: { ...answer.headers, [MODE_HEADERS[versioning.mode]]: versioning.location } };
}

/**
 * Swift's legacy versioned writes. A container with `X-Versions-Location: <archive>` keeps every
 * overwritten object: a PUT (or COPY) over an existing object first copies it to
 * `<archive>/<3-hex length><name>/<its timestamp>`; a DELETE brings back the newest such copy
 * (stack mode). `X-History-Location` instead archives on DELETE too and then deletes (history mode).
 * The sub-requests run as the caller, who must be able to write the archive.
 */
export const versionedWrites: SwiftMiddleware = {
  name: 'versioned_writes',
  info: () => ({ allowed_flags: ['X-Versions-Location', 'X-History-Location'] }),
  wrap: (next) => async (proxy, call) => {
    const { container, object } = call.path;
    if (container === undefined) return next(proxy, call);
    if (object === undefined) {
      if (call.method === 'GET' || call.method === 'HEAD')
        return withVersioningHeader(proxy, call, await next(proxy, call));
      if (call.method !== 'PUT' && call.method !== 'POST') return next(proxy, call);
      const change = takeVersioningChange(call);
      const answer = await next(proxy, call);
      if (change && answer.status < 300) await saveVersioning(proxy, call, change);
      return answer;
    }
    if (call.method === 'PUT' || call.method === 'COPY') {
      const target = call.method === 'PUT' ? call.path : copyDestination(call);
      const versioning = target && (await versioningOf(proxy, call, target));
      if (target && versioning) await archiveCurrent(next, proxy, call, target, versioning);
      return next(proxy, call);
    }
    if (call.method === 'DELETE') {
      const versioning = await versioningOf(proxy, call, call.path);
      if (versioning?.mode === 'history') await archiveCurrent(next, proxy, call, call.path, versioning);
      if (versioning?.mode === 'stack') {
        const restored = await restorePrevious(next, proxy, call, versioning);
        if (restored) return restored;
      }
    }
    return next(proxy, call);
  },
};
