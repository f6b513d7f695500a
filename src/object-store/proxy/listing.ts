import type { StorageResponse } from '../storage/storage-protocol.js';
import { CONSTRAINTS } from './constraints.js';
import { discard } from './replicas.js';
import { clientHeaders, header } from './headers.js';
import { formatListing, listingContentType, type ListingEntry } from './listing-format.js';
import type { SwiftAnswer, SwiftCall } from './swift-call.js';
import { SwiftError } from './swob.js';
import { readAll } from './whole-body.js';

const LISTING_PARAMS = ['prefix', 'delimiter', 'marker', 'end_marker', 'limit', 'reverse'];

/**
 * The query of a listing as the storage server takes it (always JSON; the proxy formats), with
 * the limit checked as Swift's servers check it (412). A container's `path=p` is `prefix=p/` and
 * `delimiter=/` with the subdirectories then left out, which is what Swift's `path` lists.
 */
export function listingQuery(call: SwiftCall, kind: 'account' | 'container'): Record<string, string> {
  const query: Record<string, string> = { format: 'json' };
  for (const name of LISTING_PARAMS) if (call.query[name] !== undefined) query[name] = call.query[name];
  if (query.limit !== undefined) {
    const limit = Number(query.limit);
    const max = kind === 'account' ? CONSTRAINTS.account_listing_limit : CONSTRAINTS.container_listing_limit;
    if (!/^\d+$/.test(query.limit)) throw new SwiftError(412, 'Value of limit must be a positive integer');
    if (limit > max) throw new SwiftError(412, `Maximum limit is ${max}`);
  }
  if (kind === 'container' && call.query.path !== undefined) {
    const path = call.query.path.replace(/\/+$/, '');
    query.prefix = path === '' ? '' : `${path}/`;
    query.delimiter = '/';
  }
  for (const name of ['prefix', 'delimiter', 'marker', 'end_marker']) {
    if (query[name]?.includes('\0')) throw new SwiftError(412, `${name} param contains NULL`);
  }
  return query;
}

/** The one storage policy every container of this cloud is in (`/info` lists it). */
export const STORAGE_POLICY = 'Policy-0';

/**
 * Swift's storage policy headers: a container names its policy; an account that has containers
 * gives its usage per policy, all of it in the one policy here.
 */
function storagePolicyHeaders(
  kind: 'account' | 'container',
  backend: Record<string, string>,
): Record<string, string> {
  if (kind === 'container') return { 'x-storage-policy': STORAGE_POLICY };
  const containers = backend['x-account-container-count'] ?? '0';
  if (containers === '0') return {};
  const prefix = `x-account-storage-policy-${STORAGE_POLICY.toLowerCase()}`;
  return {
    [`${prefix}-container-count`]: containers,
    [`${prefix}-object-count`]: backend['x-account-object-count'] ?? '0',
    [`${prefix}-bytes-used`]: backend['x-account-bytes-used'] ?? '0',
  };
}

/**
 * A listing answer as Swift's listing_formats middleware makes it from the server's JSON: plain
 * text (one name per line), JSON or XML, `charset=utf-8`, `Vary: Accept` unless `format` was
 * given; an empty body is 204. HEAD answers the headers alone.
 */
export async function listingAnswer(
  call: SwiftCall,
  backend: StorageResponse,
  kind: 'account' | 'container',
  owner: boolean,
): Promise<SwiftAnswer> {
  const type = listingContentType(call.query.format, header(call.headers, 'accept'));
  const headers = {
    ...clientHeaders(backend.headers, owner),
    ...storagePolicyHeaders(kind, backend.headers),
  };
  headers['content-type'] = `${type}; charset=utf-8`;
  headers['accept-ranges'] = 'bytes';
  if (call.query.format === undefined) headers.vary = 'Accept';
  const name = kind === 'account' ? call.path.account : (call.path.container ?? '');
  if (call.method === 'HEAD') {
    discard(backend);
    return { status: backend.status, headers: { ...headers, 'content-length': '0' } };
  }
  let entries = JSON.parse((await readAll(backend.body)).toString('utf8') || '[]') as ListingEntry[];
  if (kind === 'container' && call.query.path !== undefined)
    entries = entries.filter((entry) => entry.subdir === undefined);
  const body = formatListing(entries, type, kind, name);
  return { status: body.length === 0 ? 204 : 200, headers, body };
}
