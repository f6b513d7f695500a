import type { PlacementDb } from './db/types.js';
import { FIRST_CUSTOM_RESOURCE_CLASS_ID } from './db/standard-resource-classes.js';
import { badRequest, conflict, isUniqueViolation, notFound } from './errors.js';

export interface ResourceClass {
  id: number;
  name: string;
  created_at: string;
  updated_at: string | null;
}

const isStandard = (rc: ResourceClass) => rc.id < FIRST_CUSTOM_RESOURCE_CLASS_ID;

/** Every resource class, standard ones first, in id order. */
export function listResourceClasses(db: PlacementDb): Promise<ResourceClass[]> {
  return db.selectFrom('resource_class').selectAll().orderBy('id').execute();
}

export function findResourceClass(db: PlacementDb, name: string): Promise<ResourceClass | undefined> {
  return db.selectFrom('resource_class').selectAll().where('name', '=', name).executeTakeFirst();
}

/** The class named so; upstream's 404 (ResourceClassNotFound) otherwise. */
export async function getResourceClass(db: PlacementDb, name: string): Promise<ResourceClass> {
  const found = await findResourceClass(db, name);
  if (!found) throw notFound(`No such resource class ${name}.`);
  return found;
}

/**
 * The ids of the named classes. The first unknown name is reported through `unknown`, with
 * upstream's ResourceClassNotFound text, so each caller can word its own error around it.
 */
export async function resourceClassIds(
  db: PlacementDb,
  names: Iterable<string>,
  unknown: (message: string) => Error,
): Promise<Map<string, number>> {
  const wanted = [...new Set(names)];
  const ids = new Map<string, number>();
  if (wanted.length === 0) return ids;
  const rows = await db
    .selectFrom('resource_class')
    .select(['id', 'name'])
    .where('name', 'in', wanted)
    .execute();
  for (const row of rows) ids.set(row.name, row.id);
  const missing = wanted.find((name) => !ids.has(name));
  if (missing !== undefined) throw unknown(`No such resource class ${missing}.`);
  return ids;
}

/** Names of classes by id, for showing inventories and allocations. */
export async function resourceClassNames(db: PlacementDb): Promise<Map<number, string>> {
  const rows = await db.selectFrom('resource_class').select(['id', 'name']).execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/**
 * Creates a `CUSTOM_*` class with the next id from 10000 on. Two creators may pick the same id;
 * the loser tries again with the next one, as upstream does.
 */
export async function createResourceClass(
  db: PlacementDb,
  name: string,
  now: string,
): Promise<ResourceClass> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await db.transaction().execute(async (tx) => {
        if (await findResourceClass(tx, name)) throw new ResourceClassExists(name);
        const { max } = await tx
          .selectFrom('resource_class')
          .select((eb) => eb.fn.max('id').as('max'))
          .executeTakeFirstOrThrow();
        const id = Math.max(Number(max ?? 0) + 1, FIRST_CUSTOM_RESOURCE_CLASS_ID);
        const row = { id, name, created_at: now, updated_at: null };
        await tx.insertInto('resource_class').values(row).execute();
        return row;
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (await findResourceClass(db, name)) throw new ResourceClassExists(name);
    }
  }
  throw conflict(
    `Max retries of DB transaction exceeded attempting to create resource class: ${name}, please try again.`,
  );
}

/** A class of this name exists already; each handler words its own answer. */
export class ResourceClassExists extends Error {
  constructor(readonly className: string) {
    super(`Resource class ${className} already exists.`);
    this.name = 'ResourceClassExists';
  }
}

/** Renames a custom class (PUT before 1.7). */
export async function renameResourceClass(
  db: PlacementDb,
  name: string,
  newName: string,
  now: string,
): Promise<ResourceClass> {
  return db.transaction().execute(async (tx) => {
    const rc = await getResourceClass(tx, name);
    if (isStandard(rc)) throw badRequest(`Cannot update standard resource class ${name}`);
    if (newName !== name && (await findResourceClass(tx, newName))) {
      throw conflict(`Resource class already exists: ${newName}`);
    }
    await tx
      .updateTable('resource_class')
      .set({ name: newName, updated_at: now })
      .where('id', '=', rc.id)
      .execute();
    return { ...rc, name: newName, updated_at: now };
  });
}

/** Deletes a custom class no inventory uses. */
export async function deleteResourceClass(db: PlacementDb, name: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const rc = await getResourceClass(tx, name);
    if (isStandard(rc)) {
      throw badRequest(`Error in delete resource class: Cannot delete standard resource class ${name}.`);
    }
    const used = await tx
      .selectFrom('inventory')
      .select('id')
      .where('resource_class_id', '=', rc.id)
      .executeTakeFirst();
    if (used) {
      throw conflict(
        `Error in delete resource class: Cannot delete resource class ${name}. Class is in use in inventory.`,
      );
    }
    await tx.deleteFrom('resource_class').where('id', '=', rc.id).execute();
  });
}
