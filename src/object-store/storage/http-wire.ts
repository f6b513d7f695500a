import type { StorageRequest, StorageServerType } from './storage-protocol.js';

/** The header that names the server of a request on the wire (Swift tells them apart by port). */
export const SERVER_HEADER = 'x-backend-storage-server';

/**
 * Node's HTTP parser knows a fixed list of methods, and Swift's REPLICATE is not on it: a
 * REPLICATE travels as a POST with this header naming it.
 */
export const METHOD_HEADER = 'x-backend-storage-method';

/**
 * Header values travel as bytes: a UTF-8 value (metadata may hold any text) goes out as its bytes
 * seen as latin1, which is how Node's HTTP reads headers back (WSGI's convention, as Swift's).
 */
export function toWire(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : Buffer.from(value, 'utf8').toString('latin1');
}

export function fromWire(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : Buffer.from(value, 'latin1').toString('utf8');
}

/** `/<device>/<partition>/<account>[/<container>[/<object>]]`, each part percent-encoded. */
export function requestPath(request: StorageRequest): string {
  const parts = [request.device, String(request.partition), request.account];
  if (request.container !== undefined) parts.push(request.container);
  if (request.object !== undefined) parts.push(request.object);
  let path = `/${parts.map(encodeURIComponent).join('/')}`;
  const query = new URLSearchParams(request.query ?? {}).toString();
  if (query) path += `?${query}`;
  return path;
}

/** The parts of a request's path and query, or undefined when it is not a storage path. */
export function parseRequestPath(url: string):
  | {
      device: string;
      partition: number;
      account: string;
      container?: string;
      object?: string;
      query: Record<string, string>;
    }
  | undefined {
  const [path, search = ''] = url.split('?', 2);
  const parts = path.split('/').slice(1);
  if (parts.length < 3 || !/^\d+$/.test(parts[1])) return undefined;
  try {
    const [device, partition, account, container, ...object] = parts.map(decodeURIComponent);
    return {
      device,
      partition: Number(partition),
      account,
      container,
      object: object.length > 0 ? object.join('/') : undefined,
      query: Object.fromEntries(new URLSearchParams(search)),
    };
  } catch {
    return undefined;
  }
}

export function isServerType(value: string | undefined): value is StorageServerType {
  return value === 'account' || value === 'container' || value === 'object';
}
