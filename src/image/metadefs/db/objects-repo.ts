import type { Selectable } from 'kysely';
import { duplicateObject, objectRenameConflict } from '../metadef-errors.js';
import type { MetadefObject } from '../model.js';
import type { MetadefObjectTable } from './metadef-tables.js';
import type { MetadefDb } from './namespaces-repo.js';
import { uniquely } from './unique-violation.js';

function toObject(row: Selectable<MetadefObjectTable>): MetadefObject {
  return {
    id: Number(row.id),
    name: row.name,
    description: row.description,
    required: JSON.parse(row.required) as string[],
    properties: JSON.parse(row.json_schema) as MetadefObject['properties'],
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

const columnsOf = (object: Omit<MetadefObject, 'id'>) => ({
  name: object.name,
  description: object.description,
  required: JSON.stringify(object.required),
  json_schema: JSON.stringify(object.properties),
  created_at: object.created_at,
  updated_at: object.updated_at,
});

/** A namespace's objects, in the order they were made. */
export async function listObjects(db: MetadefDb, namespaceId: number): Promise<MetadefObject[]> {
  const rows = await db
    .selectFrom('metadef_object')
    .selectAll()
    .where('namespace_id', '=', namespaceId)
    .orderBy('id')
    .execute();
  return rows.map(toObject);
}

export async function findObject(
  db: MetadefDb,
  namespaceId: number,
  name: string,
): Promise<MetadefObject | undefined> {
  const row = await db
    .selectFrom('metadef_object')
    .selectAll()
    .where('namespace_id', '=', namespaceId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row && toObject(row);
}

/** Stores a new object in the namespace (named `namespace` in a conflict). */
export async function insertObject(
  db: MetadefDb,
  namespace: { id: number; namespace: string },
  object: Omit<MetadefObject, 'id'>,
): Promise<void> {
  await uniquely(
    () =>
      db
        .insertInto('metadef_object')
        .values({ namespace_id: namespace.id, ...columnsOf(object) })
        .execute(),
    () => duplicateObject(object.name, namespace.namespace),
  );
}

/** Saves an object; a rename onto another object's name is a conflict named after the old name, as Glance's. */
export async function saveObject(
  db: MetadefDb,
  namespace: string,
  object: MetadefObject,
  previousName: string,
): Promise<void> {
  await uniquely(
    () => db.updateTable('metadef_object').set(columnsOf(object)).where('id', '=', object.id).execute(),
    () => objectRenameConflict(previousName, namespace),
  );
}

export async function deleteObject(db: MetadefDb, id: number): Promise<void> {
  await db.deleteFrom('metadef_object').where('id', '=', id).execute();
}

export async function deleteObjects(db: MetadefDb, namespaceId: number): Promise<void> {
  await db.deleteFrom('metadef_object').where('namespace_id', '=', namespaceId).execute();
}
