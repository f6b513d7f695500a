import type { Kysely } from 'kysely';
import { BadRequest, NotFound } from '../../common/http/errors.js';
import type { EndpointTable, IdentitySchema } from '../db/schema.js';
import { newId } from '../ids.js';
import { invalidateCatalog } from './build-catalog.js';
import { isValidEndpointUrl } from './endpoint-url.js';
import { extrasOf, parseExtra } from './extras.js';
import { expectingToFind } from './keystone-errors.js';

type Db = Kysely<IdentitySchema>;

export type EndpointInterface = 'public' | 'internal' | 'admin';

export interface Endpoint {
  id: string;
  service_id: string;
  interface: string;
  url: string;
  region_id: string | null;
  enabled: boolean;
  extra: Record<string, unknown>;
}

export interface EndpointInput {
  service_id?: string;
  interface?: EndpointInterface;
  url?: string;
  region_id?: string;
  /** The v2-era name of region_id; a region named so is created when missing. */
  region?: string;
  enabled?: boolean;
  [extra: string]: unknown;
}

export interface EndpointFilters {
  serviceId?: string;
  interface?: string;
  regionId?: string;
}

// `region` is always shown as region_id, so it is never kept as an extra.
const COLUMNS = ['service_id', 'interface', 'url', 'region_id', 'enabled', 'region'] as const;

const notFound = (id: string) => new NotFound(`Could not find endpoint: ${id}.`);

function toEndpoint(row: EndpointTable): Endpoint {
  return {
    id: row.id,
    service_id: row.service_id,
    interface: row.interface,
    url: row.url,
    region_id: row.region_id,
    enabled: row.enabled === 1,
    extra: parseExtra(row.extra),
  };
}

async function findRow(db: Db, id: string): Promise<EndpointTable | undefined> {
  return db.selectFrom('endpoint').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getEndpoint(db: Db, id: string): Promise<Endpoint> {
  const row = await findRow(db, id);
  if (!row) throw notFound(id);
  return toEndpoint(row);
}

export async function listEndpoints(db: Db, filters: EndpointFilters): Promise<Endpoint[]> {
  let query = db.selectFrom('endpoint').selectAll().orderBy('id');
  if (filters.serviceId !== undefined) query = query.where('service_id', '=', filters.serviceId);
  if (filters.interface !== undefined) query = query.where('interface', '=', filters.interface);
  if (filters.regionId !== undefined) query = query.where('region_id', '=', filters.regionId);
  return (await query.execute()).map(toEndpoint);
}

function assertValidUrl(url: string | undefined): void {
  if (url !== undefined && !isValidEndpointUrl(url)) {
    throw new BadRequest(`Cannot create an endpoint with an invalid URL: ${url}.`);
  }
}

/**
 * The region the endpoint names. `region` (without `region_id`) is the legacy spelling, and
 * Keystone creates a region of that id when there is none; `region_id` must name an existing one.
 */
async function resolveRegion(db: Db, input: EndpointInput): Promise<string | undefined> {
  if (input.region_id === undefined && input.region !== undefined) {
    const exists = await db
      .selectFrom('region')
      .select('id')
      .where('id', '=', input.region)
      .executeTakeFirst();
    if (!exists) {
      await db
        .insertInto('region')
        .values({ id: input.region, description: '', parent_region_id: null, extra: '{}' })
        .execute();
    }
    return input.region;
  }
  if (input.region_id !== undefined) {
    const exists = await db
      .selectFrom('region')
      .select('id')
      .where('id', '=', input.region_id)
      .executeTakeFirst();
    if (!exists) throw expectingToFind('endpoint region_id', 'region table');
  }
  return input.region_id;
}

async function assertServiceExists(db: Db, serviceId: string | undefined): Promise<void> {
  if (serviceId === undefined) return;
  const exists = await db.selectFrom('service').select('id').where('id', '=', serviceId).executeTakeFirst();
  if (!exists) throw expectingToFind('endpoint service_id', 'service table');
}

export async function createEndpoint(
  db: Db,
  input: EndpointInput & { service_id: string; interface: EndpointInterface; url: string },
): Promise<Endpoint> {
  assertValidUrl(input.url);
  const endpoint = await db.transaction().execute(async (tx) => {
    const regionId = await resolveRegion(tx, input);
    await assertServiceExists(tx, input.service_id);
    const row: EndpointTable = {
      id: newId(),
      service_id: input.service_id,
      interface: input.interface,
      url: input.url,
      region_id: regionId ?? null,
      enabled: input.enabled === false ? 0 : 1,
      extra: JSON.stringify(extrasOf(input, COLUMNS)),
    };
    await tx.insertInto('endpoint').values(row).execute();
    return toEndpoint(row);
  });
  invalidateCatalog(db);
  return endpoint;
}

export async function updateEndpoint(db: Db, id: string, input: EndpointInput): Promise<Endpoint> {
  assertValidUrl(input.url);
  const endpoint = await db.transaction().execute(async (tx) => {
    const regionId = await resolveRegion(tx, input);
    await assertServiceExists(tx, input.service_id);
    const current = await findRow(tx, id);
    if (!current) throw notFound(id);
    const row: EndpointTable = {
      id,
      service_id: input.service_id ?? current.service_id,
      interface: input.interface ?? current.interface,
      url: input.url ?? current.url,
      region_id: regionId === undefined ? current.region_id : regionId,
      enabled: input.enabled === undefined ? current.enabled : input.enabled ? 1 : 0,
      extra: JSON.stringify({ ...parseExtra(current.extra), ...extrasOf(input, COLUMNS) }),
    };
    await tx.updateTable('endpoint').set(row).where('id', '=', id).execute();
    return toEndpoint(row);
  });
  invalidateCatalog(db);
  return endpoint;
}

export async function deleteEndpoint(db: Db, id: string): Promise<void> {
  const { numDeletedRows } = await db.deleteFrom('endpoint').where('id', '=', id).executeTakeFirstOrThrow();
  if (numDeletedRows === 0n) throw notFound(id);
  invalidateCatalog(db);
}
