import type { Kysely } from 'kysely';
import { BadRequest, NotFound } from '../../common/http/errors.js';
import { listEndpoints, type Endpoint } from '../catalog/endpoints.js';
import { parseJsonObject } from '../catalog/extras.js';
import { cannotChangeId, expectingToFind } from '../catalog/keystone-errors.js';
import type { EndpointGroupTable, IdentitySchema } from '../db/schema.js';
import { newId } from '../ids.js';

type Db = Kysely<IdentitySchema>;

/**
 * An endpoint group (OS-EP-FILTER): the endpoints whose attributes equal every one of its
 * `filters`. Projects associated with a group see its endpoints in their endpoint list; only
 * Keystone's endpoint_filter catalog driver (not the default) narrows token catalogs with it,
 * so Stratus's token catalog does not change.
 */
export interface EndpointGroup {
  id: string;
  name: string;
  description: string | null;
  filters: Record<string, unknown>;
}

export interface EndpointGroupInput {
  id?: string;
  name?: string;
  description?: string | null;
  filters?: Record<string, unknown>;
}

/** The endpoint attributes a group may filter on. */
const FILTER_KEYS = ['service_id', 'region_id', 'interface'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

export const endpointGroupNotFound = (id: string) => new NotFound(`Could not find Endpoint Group: ${id}.`);

function toEndpointGroup(row: EndpointGroupTable): EndpointGroup {
  return { id: row.id, name: row.name, description: row.description, filters: parseJsonObject(row.filters) };
}

function assertValidFilters(filters: Record<string, unknown>): void {
  for (const key of Object.keys(filters)) {
    if (!FILTER_KEYS.includes(key as FilterKey))
      throw expectingToFind(FILTER_KEYS.join(' or '), 'endpoint_group');
  }
}

async function findRow(db: Db, id: string): Promise<EndpointGroupTable | undefined> {
  return db.selectFrom('endpoint_group').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getEndpointGroup(db: Db, id: string): Promise<EndpointGroup> {
  const row = await findRow(db, id);
  if (!row) throw endpointGroupNotFound(id);
  return toEndpointGroup(row);
}

export async function listEndpointGroups(db: Db, filters: { name?: string } = {}): Promise<EndpointGroup[]> {
  let query = db.selectFrom('endpoint_group').selectAll().orderBy('id');
  if (filters.name !== undefined) query = query.where('name', '=', filters.name);
  return (await query.execute()).map(toEndpointGroup);
}

/** Creates a group under a new id; its filters must name at least one endpoint attribute. */
export async function createEndpointGroup(
  db: Db,
  input: EndpointGroupInput & { name: string; filters: Record<string, unknown> },
): Promise<EndpointGroup> {
  if (!Object.keys(input.filters).length)
    throw new BadRequest('filters field is required and cannot be empty');
  assertValidFilters(input.filters);
  const row: EndpointGroupTable = {
    id: newId(),
    name: input.name,
    description: input.description ?? null,
    filters: JSON.stringify(input.filters),
  };
  await db.insertInto('endpoint_group').values(row).execute();
  return toEndpointGroup(row);
}

/** Updates a group's name, description or filters (which may become empty, as Keystone allows). */
export async function updateEndpointGroup(
  db: Db,
  id: string,
  input: EndpointGroupInput,
): Promise<EndpointGroup> {
  if (input.filters !== undefined) assertValidFilters(input.filters);
  if (input.id !== undefined && input.id !== id) throw cannotChangeId();
  return db.transaction().execute(async (tx) => {
    const current = await findRow(tx, id);
    if (!current) throw endpointGroupNotFound(id);
    const row: EndpointGroupTable = {
      id,
      name: input.name ?? current.name,
      description: input.description === undefined ? current.description : input.description,
      filters: input.filters === undefined ? current.filters : JSON.stringify(input.filters),
    };
    await tx.updateTable('endpoint_group').set(row).where('id', '=', id).execute();
    return toEndpointGroup(row);
  });
}

/** Deletes a group; its project associations go with it. */
export async function deleteEndpointGroup(db: Db, id: string): Promise<void> {
  const { numDeletedRows } = await db
    .deleteFrom('endpoint_group')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  if (numDeletedRows === 0n) throw endpointGroupNotFound(id);
}

/** Whether an endpoint has every attribute value the filters ask for. */
export function matchesFilters(endpoint: Endpoint, filters: Record<string, unknown>): boolean {
  return Object.entries(filters).every(([key, value]) => endpoint[key as FilterKey] === value);
}

/** The endpoints a group stands for, in the catalog's order. */
export async function endpointsInGroup(db: Db, id: string): Promise<Endpoint[]> {
  const { filters } = await getEndpointGroup(db, id);
  return (await listEndpoints(db, {})).filter((endpoint) => matchesFilters(endpoint, filters));
}
