import { badRequest, SwiftError } from './swob.js';

/** Swift's default constraints (swift.conf `[swift-constraints]`), also published by `/info`. */
export const CONSTRAINTS = {
  max_file_size: 5368709122,
  max_meta_name_length: 128,
  max_meta_value_length: 256,
  max_meta_count: 90,
  max_meta_overall_size: 4096,
  max_header_size: 8192,
  max_object_name_length: 1024,
  container_listing_limit: 10000,
  account_listing_limit: 10000,
  max_account_name_length: 256,
  max_container_name_length: 256,
  valid_api_versions: ['v1', 'v1.0'],
  extra_header_count: 0,
} as const;

type Target = 'account' | 'container' | 'object';

const utf8Length = (text: string) => Buffer.byteLength(text, 'latin1');

/**
 * Swift's `check_metadata`: the `X-<Target>-Meta-*` headers of a request against the limits,
 * with Swift's messages. Header values arrive as Node gives them (bytes as latin1), so lengths
 * are byte lengths as Swift counts them.
 */
export function checkMetadata(headers: Record<string, string | string[] | undefined>, target: Target): void {
  const prefix = `x-${target}-meta-`;
  let count = 0;
  let size = 0;
  for (const [name, raw] of Object.entries(headers)) {
    const value = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
    if (utf8Length(value) > CONSTRAINTS.max_header_size) {
      throw badRequest(`Header value too long: ${name.slice(0, CONSTRAINTS.max_meta_name_length)}`);
    }
    if (!name.startsWith(prefix)) continue;
    const key = name.slice(prefix.length);
    if (key === '') throw badRequest('Metadata name cannot be empty');
    count += 1;
    size += utf8Length(key) + utf8Length(value);
    if (utf8Length(key) > CONSTRAINTS.max_meta_name_length) {
      throw badRequest(`Metadata name too long: ${prefix}${key}`);
    }
    if (utf8Length(value) > CONSTRAINTS.max_meta_value_length) {
      throw badRequest(`Metadata value longer than ${CONSTRAINTS.max_meta_value_length}: ${prefix}${key}`);
    }
    if (count > CONSTRAINTS.max_meta_count) {
      throw badRequest(`Too many metadata items; max ${CONSTRAINTS.max_meta_count}`);
    }
    if (size > CONSTRAINTS.max_meta_overall_size) {
      throw badRequest(`Total metadata too large; max ${CONSTRAINTS.max_meta_overall_size}`);
    }
  }
}

/** Swift's container name rule (the proxy's PUT): at most 256 bytes. */
export function checkContainerName(name: string): void {
  const length = Buffer.byteLength(name);
  if (length > CONSTRAINTS.max_container_name_length) {
    throw badRequest(
      `Container name length of ${length} longer than ${CONSTRAINTS.max_container_name_length}`,
    );
  }
}

/** Swift's object name rule: at most 1024 bytes. */
export function checkObjectName(name: string): void {
  const length = Buffer.byteLength(name);
  if (length > CONSTRAINTS.max_object_name_length) {
    throw badRequest(`Object name length of ${length} longer than ${CONSTRAINTS.max_object_name_length}`);
  }
}

/**
 * The size rules of `check_object_creation`: a declared length over the largest object is 413,
 * a body of unknown length that is not chunked is 411, `Transfer-Encoding` other than chunked 501.
 */
export function checkObjectLength(headers: Record<string, string | string[] | undefined>): void {
  const transferEncoding = headers['transfer-encoding'];
  if (transferEncoding !== undefined && String(transferEncoding).toLowerCase() !== 'chunked') {
    throw new SwiftError(501, 'Invalid Transfer-Encoding header value');
  }
  const contentLength = headers['content-length'];
  if (contentLength !== undefined) {
    if (!/^\d+$/.test(String(contentLength))) throw badRequest('Invalid Content-Length header value');
    if (Number(contentLength) > CONSTRAINTS.max_file_size) {
      throw new SwiftError(413, 'Your request is too large.');
    }
  } else if (transferEncoding === undefined) {
    throw new SwiftError(411, 'Missing Content-Length header.');
  }
}

/**
 * Swift's `check_delete_headers`: `X-Delete-After` becomes `X-Delete-At` (seconds from now),
 * and both must be integers in the future. Returns the `X-Delete-At` to store, if any.
 */
export function deleteAt(
  headers: Record<string, string | string[] | undefined>,
  nowSeconds: number,
): string | undefined {
  const after = headers['x-delete-after'];
  if (after !== undefined) {
    if (!/^-?\d+$/.test(String(after).trim())) throw badRequest('Non-integer X-Delete-After');
    const at = Math.floor(nowSeconds + Number(after));
    if (at <= nowSeconds) throw badRequest('X-Delete-After in past');
    return String(at).padStart(10, '0');
  }
  const at = headers['x-delete-at'];
  if (at === undefined) return undefined;
  if (!/^-?\d+$/.test(String(at).trim())) throw badRequest('Non-integer X-Delete-At');
  const value = Number(at);
  if (value <= nowSeconds) throw badRequest('X-Delete-At in past');
  return String(value).padStart(10, '0');
}
