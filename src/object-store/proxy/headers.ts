/** Header names in a Fastify request: lower case, a value or a list. */
export type IncomingHeaders = Record<string, string | string[] | undefined>;

/**
 * Headers only owners of an account see and set (Swift's `swift_owner_headers`): ACLs, sync keys
 * and TempURL keys; a reader let in by an ACL never learns them.
 */
const OWNER_HEADERS = new Set([
  'x-container-read',
  'x-container-write',
  'x-container-sync-key',
  'x-container-sync-to',
  'x-account-meta-temp-url-key',
  'x-account-meta-temp-url-key-2',
  'x-container-meta-temp-url-key',
  'x-container-meta-temp-url-key-2',
  'x-account-access-control',
]);

/** Headers of the storage servers that are theirs alone, never shown to a client. */
function isInternal(name: string): boolean {
  return (
    name.startsWith('x-backend-') ||
    name.includes('-sysmeta-') ||
    name === 'content-length' ||
    name === 'transfer-encoding' ||
    name === 'connection' ||
    name === 'date' ||
    name === 'x-trans-id' ||
    name === 'x-put-timestamp' ||
    name === 'x-delete-after'
  );
}

/** An ETag as Swift's proxy gives it: without the quotes the servers put around it. */
export const unquoteEtag = (etag: string) => etag.replace(/"/g, '');

/** A storage server's answer headers as the client may see them (Swift's `update_headers`). */
export function clientHeaders(backend: Record<string, string>, owner: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(backend)) {
    if (isInternal(name)) continue;
    if (!owner && OWNER_HEADERS.has(name)) continue;
    headers[name] = name === 'etag' ? unquoteEtag(value) : value;
  }
  return headers;
}

/**
 * Request headers as Swift sees them behind WSGI: `_` and `-` in a name are one (both become `_`
 * in the environ, and swob gives them back as `-`), so `X-Container-Meta-a_b` sets `a-b`.
 */
export function wsgiHeaderNames(headers: IncomingHeaders): IncomingHeaders {
  const renamed: IncomingHeaders = {};
  for (const [name, value] of Object.entries(headers)) renamed[name.replaceAll('_', '-')] = value;
  return renamed;
}

/** The first value of a request header. */
export function header(headers: IncomingHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Object headers Swift's object server keeps besides metadata (its `allowed_headers`). */
const ALLOWED_OBJECT_HEADERS = [
  'content-disposition',
  'content-encoding',
  'content-language',
  'cache-control',
  'expires',
  'x-robots-tag',
  'x-delete-at',
  'x-object-manifest',
  'x-static-large-object',
];

/**
 * The headers of a client request that go on to the storage servers (Swift's
 * `transfer_headers`): metadata of the target type, `X-Remove-<Type>-Meta-*` of accounts and
 * containers as an empty value (which removes it), ACLs for owners, and the object headers the
 * object server keeps. An object's PUT and POST replace all its metadata, so Swift's object
 * controller passes `X-Remove-Object-Meta-*` on for the object server to ignore: left out here.
 */
export function transferHeaders(
  incoming: IncomingHeaders,
  target: 'account' | 'container' | 'object',
  owner: boolean,
): Record<string, string> {
  const meta = `x-${target}-meta-`;
  const remove = `x-remove-${target}-meta-`;
  const headers: Record<string, string> = {};
  for (const [name, raw] of Object.entries(incoming)) {
    const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
    if (name.startsWith(meta)) headers[name] = value;
    else if (name.startsWith(remove) && target !== 'object')
      headers[`${meta}${name.slice(remove.length)}`] = '';
    else if (target === 'container' && owner && OWNER_HEADERS.has(name)) headers[name] = value;
    else if (target === 'container' && owner && name.startsWith('x-remove-container-')) {
      const kept = `x-container-${name.slice('x-remove-container-'.length)}`;
      if (OWNER_HEADERS.has(kept)) headers[kept] = '';
    } else if (target === 'object' && ALLOWED_OBJECT_HEADERS.includes(name)) headers[name] = value;
  }
  return headers;
}
