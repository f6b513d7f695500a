import { duplicateAssociation } from '../metadef-errors.js';
import type { ResourceType, ResourceTypeAssociation } from '../model.js';
import type { MetadefDb } from './namespaces-repo.js';
import { uniquely } from './unique-violation.js';

/** Every resource type, in the order they appeared; they outlive their associations. */
export async function listResourceTypes(db: MetadefDb): Promise<ResourceType[]> {
  return db
    .selectFrom('metadef_resource_type')
    .select(['name', 'created_at', 'updated_at'])
    .orderBy('id')
    .execute();
}

/** The associations of each of these namespaces, by namespace id. */
export async function listAssociations(
  db: MetadefDb,
  namespaceIds: readonly number[],
): Promise<Map<number, ResourceTypeAssociation[]>> {
  const byNamespace = new Map<number, ResourceTypeAssociation[]>(namespaceIds.map((id) => [id, []]));
  if (namespaceIds.length === 0) return byNamespace;
  const rows = await db
    .selectFrom('metadef_namespace_resource_type as association')
    .innerJoin('metadef_resource_type as type', 'type.id', 'association.resource_type_id')
    .select([
      'association.namespace_id',
      'type.name',
      'association.prefix',
      'association.properties_target',
      'association.created_at',
      'association.updated_at',
    ])
    .where('association.namespace_id', 'in', namespaceIds)
    .orderBy('type.id')
    .execute();
  for (const { namespace_id, ...association } of rows)
    byNamespace.get(Number(namespace_id))?.push(association);
  return byNamespace;
}

export async function findResourceTypeId(db: MetadefDb, name: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('metadef_resource_type')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst();
  return row && Number(row.id);
}

/**
 * Associates a namespace (named `namespace` in a conflict) with a resource type, creating the
 * type on first use as Glance does; an association already there is a 409.
 */
export async function insertAssociation(
  db: MetadefDb,
  namespace: { id: number; namespace: string },
  association: Omit<ResourceTypeAssociation, 'created_at' | 'updated_at'>,
  now: string,
): Promise<void> {
  await db
    .insertInto('metadef_resource_type')
    .values({ name: association.name, created_at: now, updated_at: now })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  const resourceTypeId = (await findResourceTypeId(db, association.name))!;
  await uniquely(
    () =>
      db
        .insertInto('metadef_namespace_resource_type')
        .values({
          namespace_id: namespace.id,
          resource_type_id: resourceTypeId,
          prefix: association.prefix,
          properties_target: association.properties_target,
          created_at: now,
          updated_at: now,
        })
        .execute(),
    () => duplicateAssociation(association.name, namespace.namespace),
  );
}

/** Removes an association; false when there was none. */
export async function deleteAssociation(
  db: MetadefDb,
  namespaceId: number,
  resourceType: string,
): Promise<boolean> {
  const resourceTypeId = await findResourceTypeId(db, resourceType);
  if (resourceTypeId === undefined) return false;
  const result = await db
    .deleteFrom('metadef_namespace_resource_type')
    .where('namespace_id', '=', namespaceId)
    .where('resource_type_id', '=', resourceTypeId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
