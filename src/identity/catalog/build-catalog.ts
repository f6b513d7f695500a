import type { Kysely } from 'kysely';
import type { IdentitySchema } from '../db/schema.js';
import { formatEndpointUrl } from './endpoint-url.js';
import { parseExtra } from './extras.js';

/** An endpoint as a token's catalog lists it; extras the client added are shown too, as upstream. */
export interface CatalogEndpoint {
  id: string;
  interface: string;
  region: string | null;
  region_id: string | null;
  url: string;
  [extra: string]: unknown;
}

/** One service of the catalog in tokens and `/v3/auth/catalog`. */
export interface CatalogEntry {
  id: string;
  type: string;
  name: string;
  endpoints: CatalogEndpoint[];
}

export interface CatalogOptions {
  /** The token's project: fills `$(project_id)s`/`$(tenant_id)s`; without one such endpoints are left out. */
  projectId: string | null;
  /** The token's user, for `$(user_id)s`; endpoints that need it are left out without one. */
  userId?: string;
  /** List disabled services and endpoints too (tokens never do). */
  includeDisabled?: boolean;
}

/** The catalog rows with their JSON already parsed. */
interface Snapshot {
  services: { id: string; type: string; name: string; enabled: boolean }[];
  endpoints: {
    id: string;
    serviceId: string;
    interface: string;
    url: string;
    regionId: string | null;
    enabled: boolean;
    extra: Record<string, unknown>;
  }[];
}

/**
 * The catalog rows, read once and kept until a catalog write invalidates them (a token is issued
 * far more often than the catalog changes). The age limit bounds how long another process's
 * write can go unseen when several processes share the database.
 */
const MAX_AGE_MS = 30_000;
const snapshots = new WeakMap<object, { loaded: Promise<Snapshot>; at: number }>();

/** Forgets the cached catalog; every region, service or endpoint write calls it. */
export function invalidateCatalog(db: Kysely<IdentitySchema>): void {
  snapshots.delete(db);
}

function snapshot(db: Kysely<IdentitySchema>): Promise<Snapshot> {
  const cached = snapshots.get(db);
  if (cached && Date.now() - cached.at < MAX_AGE_MS) return cached.loaded;
  const loaded = (async (): Promise<Snapshot> => {
    const services = await db.selectFrom('service').selectAll().orderBy('type').orderBy('id').execute();
    const endpoints = await db
      .selectFrom('endpoint')
      .selectAll()
      .orderBy('region_id')
      .orderBy('interface', 'desc')
      .orderBy('id')
      .execute();
    return {
      services: services.map((row) => {
        const name = parseExtra(row.extra).name;
        return {
          id: row.id,
          type: row.type,
          name: typeof name === 'string' ? name : '',
          enabled: row.enabled === 1,
        };
      }),
      endpoints: endpoints.map((row) => ({
        id: row.id,
        serviceId: row.service_id,
        interface: row.interface,
        url: row.url,
        regionId: row.region_id,
        enabled: row.enabled === 1,
        extra: parseExtra(row.extra),
      })),
    };
  })();
  // Cache the promise itself, so concurrent token issues share one read; a failed read is not kept.
  snapshots.set(db, { loaded, at: Date.now() });
  loaded.catch(() => {
    if (snapshots.get(db)?.loaded === loaded) snapshots.delete(db);
  });
  return loaded;
}

/**
 * The service catalog as Keystone puts it in tokens: enabled services with their enabled
 * endpoints, URLs substituted for the token. As upstream, a service is listed even when none of
 * its endpoints are (a service without endpoints, or whose URLs all need a project).
 */
export async function buildCatalog(
  db: Kysely<IdentitySchema>,
  options: CatalogOptions,
): Promise<CatalogEntry[]> {
  const { services, endpoints } = await snapshot(db);
  const values: Record<string, string> = {};
  if (options.userId !== undefined) values.user_id = options.userId;
  if (options.projectId !== null) {
    values.project_id = options.projectId;
    values.tenant_id = options.projectId;
  }
  const shown = (row: { enabled: boolean }) => options.includeDisabled === true || row.enabled;
  return services.filter(shown).map((service) => ({
    id: service.id,
    type: service.type,
    name: service.name,
    endpoints: endpoints
      .filter((endpoint) => endpoint.serviceId === service.id && shown(endpoint))
      .flatMap((endpoint) => {
        const url = formatEndpointUrl(endpoint.url, values);
        if (url === null) return [];
        const entry: CatalogEndpoint = {
          ...endpoint.extra,
          id: endpoint.id,
          interface: endpoint.interface,
          region: endpoint.regionId,
          region_id: endpoint.regionId,
          url,
        };
        return [entry];
      }),
  }));
}
