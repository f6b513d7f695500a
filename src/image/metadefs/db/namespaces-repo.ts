import type { Kysely, Selectable } from 'kysely';
import type { ImageSchema } from '../../db/schema.js';
import { duplicateNamespace, namespaceRenameConflict } from '../metadef-errors.js';
import type { Namespace, NamespaceVisibility } from '../model.js';
import type { MetadefNamespaceTable } from './metadef-tables.js';
import { uniquely } from './unique-violation.js';

export type MetadefDb = Kysely<ImageSchema>;

export function toNamespace(row: Selectable<MetadefNamespaceTable>): Namespace {
  return {
    id: Number(row.id),
    namespace: row.namespace,
    display_name: row.display_name,
    description: row.description,
    visibility: row.visibility as NamespaceVisibility,
    protected: row.protected === 1,
    owner: row.owner,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

const columnsOf = (namespace: Omit<Namespace, 'id'>) => ({
  namespace: namespace.namespace,
  display_name: namespace.display_name,
  description: namespace.description,
  visibility: namespace.visibility,
  protected: namespace.protected ? 1 : 0,
  owner: namespace.owner,
  created_at: namespace.created_at,
  updated_at: namespace.updated_at,
});

/** The namespace of that name, whoever owns it. */
export async function findNamespace(db: MetadefDb, name: string): Promise<Namespace | undefined> {
  const row = await db
    .selectFrom('metadef_namespace')
    .selectAll()
    .where('namespace', '=', name)
    .executeTakeFirst();
  return row && toNamespace(row);
}

/** Stores a new namespace; 409 when the name is taken. */
export async function insertNamespace(db: MetadefDb, namespace: Omit<Namespace, 'id'>): Promise<Namespace> {
  const { id } = await uniquely(
    () =>
      db
        .insertInto('metadef_namespace')
        .values(columnsOf(namespace))
        .returning('id')
        .executeTakeFirstOrThrow(),
    () => duplicateNamespace(namespace.namespace),
  );
  return { ...namespace, id: Number(id) };
}

/** Saves every attribute; 409 when a rename takes a name already used. */
export async function saveNamespace(db: MetadefDb, namespace: Namespace): Promise<void> {
  await uniquely(
    () =>
      db.updateTable('metadef_namespace').set(columnsOf(namespace)).where('id', '=', namespace.id).execute(),
    () => namespaceRenameConflict(namespace.namespace),
  );
}

/** Deletes a namespace and, through the foreign keys, everything it holds. */
export async function deleteNamespaceRow(db: MetadefDb, id: number): Promise<void> {
  await db.deleteFrom('metadef_namespace').where('id', '=', id).execute();
}
