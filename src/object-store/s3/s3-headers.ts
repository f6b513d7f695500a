import type { IncomingHeaders } from '../proxy/headers.js';

/** Swift answer headers S3 clients see under the same name (s3api's `translate_swift_to_s3`). */
const KEPT = new Set([
  'accept-ranges',
  'content-length',
  'content-type',
  'content-range',
  'content-encoding',
  'content-disposition',
  'content-language',
  'etag',
  'last-modified',
  'x-robots-tag',
  'cache-control',
  'expires',
]);

/** Client headers that would let an S3 request use Swift features s3api keeps to itself. */
const DISALLOWED = new Set([
  'authorization',
  'host',
  'x-auth-token',
  'x-service-token',
  'content-md5',
  'x-copy-from',
  'x-copy-from-account',
  'x-symlink-target',
  'x-symlink-target-account',
  'x-object-manifest',
  'x-static-large-object',
]);

/** An ETag in S3's form: quoted. */
export const quoteEtag = (etag: string) => (etag.startsWith('"') ? etag : `"${etag}"`);

/**
 * A Swift answer's headers as S3 gives them: `X-Object-Meta-*` as `x-amz-meta-*` (`=5F` back to
 * `_`), content and caching headers kept, the ETag quoted (`-N` after a static large object's,
 * as s3api marks them), the version id as `x-amz-version-id`, the rest dropped.
 */
export function s3AnswerHeaders(swift: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(swift)) {
    const lower = name.toLowerCase();
    if (lower.startsWith('x-object-meta-'))
      headers[`x-amz-meta-${lower.slice('x-object-meta-'.length).replace(/=5f/g, '_')}`] = value;
    else if (lower === 'etag') headers.etag = value;
    else if (KEPT.has(lower)) headers[lower] = value;
    else if (lower === 'x-object-version-id') headers['x-amz-version-id'] = value;
  }
  if (headers.etag !== undefined) {
    const slo = (swift['x-static-large-object'] ?? '').toLowerCase() === 'true';
    headers.etag = quoteEtag(
      slo && !headers.etag.endsWith('-N') ? `${headers.etag.replace(/"/g, '')}-N` : headers.etag,
    );
  }
  return headers;
}

/**
 * An S3 request's headers as the Swift call takes them (s3api's `to_swift_req`): `x-amz-meta-*`
 * as `X-Object-Meta-*` (underscores kept as `=5F`; names with characters AWS ignores dropped), the
 * other `x-amz-*` headers and the signature dropped, and Swift-only features a client could ask for
 * (manifests, symlinks, server-side copy) removed.
 */
export function swiftRequestHeaders(incoming: IncomingHeaders): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, raw] of Object.entries(incoming)) {
    if (raw === undefined || DISALLOWED.has(name)) continue;
    const value = Array.isArray(raw) ? raw.join(',') : raw;
    if (name.startsWith('x-amz-meta-')) {
      if (/[ "),/;<=>?@[\\\]{}]/.test(name)) continue;
      headers[`x-object-meta-${name.slice('x-amz-meta-'.length).replace(/_/g, '=5F')}`] = value;
    } else if (!name.startsWith('x-amz-')) headers[name] = value;
  }
  return headers;
}
