import type { Kysely } from 'kysely';
import { BadRequest, Forbidden, NotFound } from '../../common/http/errors.js';
import type { IdentitySchema, RegionTable } from '../db/schema.js';
import { newId } from '../ids.js';
import { invalidateCatalog } from './build-catalog.js';
import { extrasOf, parseExtra } from './extras.js';
import { storeConflict } from './keystone-errors.js';

type Db = Kysely<IdentitySchema>;

/** A region as the API shows it, before links are added. */
export interface Region {
  id: string;
  description: string;
  parent_region_id: string | null;
  extra: Record<string, unknown>;
}

/** The attributes a client sends; anything else is kept as an extra. */
export interface RegionInput {
  id?: string;
  description?: string | null;
  parent_region_id?: string | null;
  [extra: string]: unknown;
}

const COLUMNS = ['description', 'parent_region_id'] as const;

const notFound = (id: string) => new NotFound(`Could not find region: ${id}.`);

function toRegion(row: RegionTable): Region {
  return {
    id: row.id,
    description: row.description,
    parent_region_id: row.parent_region_id,
    extra: parseExtra(row.extra),
  };
}

async function findRow(db: Db, id: string): Promise<RegionTable | undefined> {
  return db.selectFrom('region').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getRegion(db: Db, id: string): Promise<Region> {
  const row = await findRow(db, id);
  if (!row) throw notFound(id);
  return toRegion(row);
}

export async function listRegions(db: Db, filters: { parentRegionId?: string }): Promise<Region[]> {
  let query = db.selectFrom('region').selectAll().orderBy('id');
  if (filters.parentRegionId !== undefined)
    query = query.where('parent_region_id', '=', filters.parentRegionId);
  return (await query.execute()).map(toRegion);
}

/**
 * Creates a region with the client's id or a generated one. As Keystone: a taken id is a
 * conflict, a missing parent is 404, and a null description is stored as empty.
 */
export async function createRegion(db: Db, input: RegionInput): Promise<Region> {
  const id = input.id || newId();
  const region = await db.transaction().execute(async (tx) => {
    if (await findRow(tx, id)) throw storeConflict('region', `Duplicate ID, ${id}.`);
    const parent = input.parent_region_id ?? null;
    if (parent !== null && !(await findRow(tx, parent))) throw notFound(parent);
    const row: RegionTable = {
      id,
      description: input.description ?? '',
      parent_region_id: parent,
      extra: JSON.stringify(extrasOf(input, COLUMNS)),
    };
    await tx.insertInto('region').values(row).execute();
    return toRegion(row);
  });
  invalidateCatalog(db);
  return region;
}

/** Updates a region; a new parent must exist and must not make the tree a loop. */
export async function updateRegion(db: Db, id: string, input: RegionInput): Promise<Region> {
  const region = await db.transaction().execute(async (tx) => {
    const parent = input.parent_region_id;
    if (parent != null && !(await findRow(tx, parent))) throw notFound(parent);
    const current = await findRow(tx, id);
    if (!current) throw notFound(id);
    if (parent != null) await assertNoCycle(tx, id, parent);
    const row: RegionTable = {
      id,
      description: input.description === undefined ? current.description : (input.description ?? ''),
      parent_region_id: parent === undefined ? current.parent_region_id : parent,
      extra: JSON.stringify({ ...parseExtra(current.extra), ...extrasOf(input, COLUMNS) }),
    };
    await tx.updateTable('region').set(row).where('id', '=', id).execute();
    return toRegion(row);
  });
  invalidateCatalog(db);
  return region;
}

/** Walks up from the new parent; reaching the region itself means the tree would loop. */
async function assertNoCycle(db: Db, id: string, parent: string): Promise<void> {
  const seen = new Set<string>();
  let next: string | null = parent;
  while (next !== null && !seen.has(next)) {
    if (next === id) {
      throw new BadRequest(`The specified parent region ${id} would create a circular region hierarchy.`);
    }
    seen.add(next);
    next = (await findRow(db, next))?.parent_region_id ?? null;
  }
}

/**
 * Deletes a region and, as Keystone does, every region below it; refused while any of them
 * still has endpoints.
 */
export async function deleteRegion(db: Db, id: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    if (!(await findRow(tx, id))) throw notFound(id);
    const tree = await subtree(tx, id);
    const withEndpoints = await tx
      .selectFrom('endpoint')
      .select('id')
      .where('region_id', 'in', tree)
      .executeTakeFirst();
    if (withEndpoints) {
      throw new Forbidden(
        `Unable to delete region ${id} because it or its child regions have associated endpoints.`,
      );
    }
    await tx.deleteFrom('region').where('id', 'in', tree).execute();
  });
  invalidateCatalog(db);
}

/** The region and all its descendants. */
async function subtree(db: Db, id: string): Promise<string[]> {
  const found = [id];
  for (let i = 0; i < found.length; i++) {
    const children = await db
      .selectFrom('region')
      .select('id')
      .where('parent_region_id', '=', found[i])
      .execute();
    for (const child of children) if (!found.includes(child.id)) found.push(child.id);
  }
  return found;
}
