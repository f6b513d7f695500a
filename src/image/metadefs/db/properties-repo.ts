import type { Selectable } from 'kysely';
import { duplicateProperty, propertyRenameConflict } from '../metadef-errors.js';
import type { MetadefProperty, PropertyDefinition } from '../model.js';
import type { MetadefPropertyTable } from './metadef-tables.js';
import type { MetadefDb } from './namespaces-repo.js';
import { uniquely } from './unique-violation.js';

const toProperty = (row: Selectable<MetadefPropertyTable>): MetadefProperty => ({
  id: Number(row.id),
  name: row.name,
  definition: JSON.parse(row.json_schema) as PropertyDefinition,
});

/** A namespace's properties, in the order they were made. */
export async function listProperties(db: MetadefDb, namespaceId: number): Promise<MetadefProperty[]> {
  const rows = await db
    .selectFrom('metadef_property')
    .selectAll()
    .where('namespace_id', '=', namespaceId)
    .orderBy('id')
    .execute();
  return rows.map(toProperty);
}

export async function findProperty(
  db: MetadefDb,
  namespaceId: number,
  name: string,
): Promise<MetadefProperty | undefined> {
  const row = await db
    .selectFrom('metadef_property')
    .selectAll()
    .where('namespace_id', '=', namespaceId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row && toProperty(row);
}

export async function insertProperty(
  db: MetadefDb,
  namespace: { id: number; namespace: string },
  property: { name: string; definition: PropertyDefinition },
  now: string,
): Promise<void> {
  await uniquely(
    () =>
      db
        .insertInto('metadef_property')
        .values({
          namespace_id: namespace.id,
          name: property.name,
          json_schema: JSON.stringify(property.definition),
          created_at: now,
          updated_at: now,
        })
        .execute(),
    () => duplicateProperty(property.name, namespace.namespace),
  );
}

/** Renames and redefines a property; a clash is named after the old name, as Glance's. */
export async function saveProperty(
  db: MetadefDb,
  namespace: string,
  property: MetadefProperty,
  previousName: string,
  now: string,
): Promise<void> {
  await uniquely(
    () =>
      db
        .updateTable('metadef_property')
        .set({ name: property.name, json_schema: JSON.stringify(property.definition), updated_at: now })
        .where('id', '=', property.id)
        .execute(),
    () => propertyRenameConflict(previousName, namespace),
  );
}

export async function deleteProperty(db: MetadefDb, id: number): Promise<void> {
  await db.deleteFrom('metadef_property').where('id', '=', id).execute();
}

export async function deleteProperties(db: MetadefDb, namespaceId: number): Promise<void> {
  await db.deleteFrom('metadef_property').where('namespace_id', '=', namespaceId).execute();
}
