import type { StorageResponse } from './storage-protocol.js';

const EMPTY = Buffer.alloc(0);

/**
 * A backend answer without data. Swift's servers answer errors with a short text the proxy never
 * shows (it writes its own body), so the text here is for logs and tests: why a request failed.
 */
export function respond(
  status: number,
  headers: Record<string, string> = {},
  text?: string,
): StorageResponse {
  if (text === undefined) return { status, headers, body: EMPTY };
  return { status, headers: { 'content-type': 'text/plain', ...headers }, body: Buffer.from(text) };
}

/** A listing: always JSON (the proxy renders `format=plain` and `xml`, as Swift's listing_formats does). */
export function respondJson(
  status: number,
  headers: Record<string, string>,
  value: unknown,
): StorageResponse {
  const body = Buffer.from(JSON.stringify(value));
  return {
    status,
    headers: {
      ...headers,
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(body.length),
    },
    body,
  };
}

/** A failure of the request, answered with its status at the server's edge. */
export class StorageError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toResponse(): StorageResponse {
    return respond(this.status, this.headers, this.message);
  }
}

/** 507: the device is missing (unmounted, removed) or full. */
export function insufficientStorage(device: string): StorageError {
  return new StorageError(507, `${device} is not mounted`);
}
