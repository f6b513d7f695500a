import type { Kysely } from 'kysely';
import { NotFound } from '../../common/http/errors.js';
import type { IdentitySchema, ServiceTable } from '../db/schema.js';
import { newId } from '../ids.js';
import { invalidateCatalog } from './build-catalog.js';
import { extrasOf, parseExtra } from './extras.js';

type Db = Kysely<IdentitySchema>;

/**
 * A catalog service. Only `type` and `enabled` have columns; `name`, `description` and
 * anything else a client sends live in `extra`, as in Keystone.
 */
export interface Service {
  id: string;
  type: string;
  enabled: boolean;
  /** name, description and any other attribute. */
  extra: Record<string, unknown>;
}

export interface ServiceInput {
  type?: string;
  enabled?: boolean;
  name?: string;
  description?: string;
  [extra: string]: unknown;
}

const COLUMNS = ['type', 'enabled'] as const;

const notFound = (id: string) => new NotFound(`Could not find service: ${id}.`);

function toService(row: ServiceTable): Service {
  return { id: row.id, type: row.type, enabled: row.enabled === 1, extra: parseExtra(row.extra) };
}

export async function findService(db: Db, id: string): Promise<Service | undefined> {
  const row = await db.selectFrom('service').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toService(row);
}

export async function getService(db: Db, id: string): Promise<Service> {
  const service = await findService(db, id);
  if (!service) throw notFound(id);
  return service;
}

/** Services, filtered by type and by name (which Keystone also matches among extras). */
export async function listServices(db: Db, filters: { type?: string; name?: string }): Promise<Service[]> {
  let query = db.selectFrom('service').selectAll().orderBy('id');
  if (filters.type !== undefined) query = query.where('type', '=', filters.type);
  const services = (await query.execute()).map(toService);
  return filters.name === undefined ? services : services.filter((s) => s.extra.name === filters.name);
}

/** Creates a service; it is enabled and named '' unless the client says otherwise. */
export async function createService(db: Db, input: ServiceInput & { type: string }): Promise<Service> {
  const row: ServiceTable = {
    id: newId(),
    type: input.type,
    enabled: input.enabled === false ? 0 : 1,
    extra: JSON.stringify({ name: '', ...extrasOf(input, COLUMNS) }),
  };
  await db.insertInto('service').values(row).execute();
  invalidateCatalog(db);
  return toService(row);
}

export async function updateService(db: Db, id: string, input: ServiceInput): Promise<Service> {
  const service = await db.transaction().execute(async (tx) => {
    const current = await getService(tx, id);
    const row: ServiceTable = {
      id,
      type: input.type ?? current.type,
      enabled: (input.enabled ?? current.enabled) ? 1 : 0,
      extra: JSON.stringify({ ...current.extra, ...extrasOf(input, COLUMNS) }),
    };
    await tx.updateTable('service').set(row).where('id', '=', id).execute();
    return toService(row);
  });
  invalidateCatalog(db);
  return service;
}

/** Deletes a service together with its endpoints, as Keystone does. */
export async function deleteService(db: Db, id: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await getService(tx, id);
    await tx.deleteFrom('endpoint').where('service_id', '=', id).execute();
    await tx.deleteFrom('service').where('id', '=', id).execute();
  });
  invalidateCatalog(db);
}
