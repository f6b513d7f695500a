/**
 * What Tempest's object storage tests need to know of the cloud, asked of its Swift API (so that
 * one tempest.conf fits Stratus and upstream Swift alike): the capabilities `GET /info` lists,
 * which are the middlewares the proxy runs. Tempest skips a test whose middleware is not among
 * them (`requires_ext`); the judged interop tests waiting for one are in interop-pending.txt.
 */
import type { Login } from './catalog.js';

export interface ObjectStoreFacts {
  /** Whether `GET /info` answers (Tempest's discoverability tests read it). */
  discoverable: boolean;
  /** The sections of `/info` besides the core API's `swift`: bulk_delete, slo, tempurl, ... */
  capabilities: string[];
}

/** `<public>/object-store/v1/AUTH_<project>` -> `<public>/object-store/info`, as Swift clients find it. */
export function infoUrl(endpoint: string): string {
  return `${endpoint.replace(/\/v1(\/.*)?$/, '')}/info`;
}

/** The cloud's object storage facts, or undefined when its catalog lists no object store. */
export async function probeObjectStore(login: Login): Promise<ObjectStoreFacts | undefined> {
  const endpoint = login.endpoints.get('object-store');
  if (!endpoint) return undefined;
  try {
    const response = await fetch(infoUrl(endpoint), { signal: AbortSignal.timeout(10_000) });
    const body = (await response.json()) as Record<string, unknown>;
    if (response.status !== 200) return { discoverable: false, capabilities: [] };
    return { discoverable: true, capabilities: Object.keys(body).filter((name) => name !== 'swift') };
  } catch {
    return { discoverable: false, capabilities: [] };
  }
}
