/**
 * What Tempest's volume tests need to know of the cloud, asked of its block storage API (so that
 * one tempest.conf fits Stratus and upstream Cinder alike): the catalog type to find it by, and
 * its backends as the scheduler reports them (their names, vendor and storage protocol, which
 * Tempest's volume type and pool tests put in extra specs and compare).
 */
import type { Login } from './catalog.js';

/** The catalog types of Cinder v3, Tempest 33's default first (DevStack registers both). */
const VOLUME_CATALOG_TYPES = ['volumev3', 'block-storage'] as const;

export interface VolumeFacts {
  /** The catalog type Tempest finds the API by: `volumev3` when the catalog lists it. */
  catalogType: string;
  /** The `volume_backend_name` of each backend, as `GET /scheduler-stats/get_pools` lists them. */
  backendNames: string[];
  /** The first backend's `vendor_name` and `storage_protocol`, when the pools say. */
  vendorName?: string;
  storageProtocol?: string;
}

type Body = Record<string, unknown>;

interface Pool {
  name?: string;
  capabilities?: { volume_backend_name?: unknown; vendor_name?: unknown; storage_protocol?: unknown };
}

/** The block storage endpoint of a login's catalog, and the type it is listed under. */
export function volumeEndpoint(login: Login): { catalogType: string; url: string } | undefined {
  for (const catalogType of VOLUME_CATALOG_TYPES) {
    const url = login.endpoints.get(catalogType);
    if (url) return { catalogType, url };
  }
  return undefined;
}

/** The scheduler's pools, as the admin sees them; none when the request fails. */
async function pools(volumeUrl: string, login: Login): Promise<Pool[]> {
  try {
    const response = await fetch(`${volumeUrl}/scheduler-stats/get_pools?detail=true`, {
      headers: { 'X-Auth-Token': login.token, Accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as Body;
    return response.status === 200 && Array.isArray(body.pools) ? (body.pools as Pool[]) : [];
  } catch {
    return [];
  }
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

/**
 * The cloud's volume facts. Backends come from the pools (`host@backend#pool`, or the
 * capability); without pools none are named, and Tempest's defaults stand for vendor and
 * protocol: the tests that compare them then fail and show what the API lacks.
 */
export async function probeVolume(login: Login): Promise<VolumeFacts | undefined> {
  const endpoint = volumeEndpoint(login);
  if (!endpoint) return undefined;
  const found = await pools(endpoint.url, login);
  const backendOf = (pool: Pool) =>
    text(pool.capabilities?.volume_backend_name) ?? text(/@([^#]+)/.exec(pool.name ?? '')?.[1]);
  const backendNames = [...new Set(found.map(backendOf).filter((name) => name !== undefined))];
  const first = found[0]?.capabilities;
  return {
    catalogType: endpoint.catalogType,
    backendNames,
    vendorName: text(first?.vendor_name),
    storageProtocol: text(first?.storage_protocol),
  };
}
