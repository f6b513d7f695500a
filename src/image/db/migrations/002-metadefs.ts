import type { Kysely, Migration } from 'kysely';
import { autoIncrementKey } from '../../../common/db/index.js';

const time = 'varchar(32)' as const;

/**
 * Metadata definitions: namespaces and what they hold (objects, properties, tags), resource
 * types and their associations with namespaces. Names inside a namespace are text: Glance caps
 * them at 80 characters when they are created alone, but not inside a new namespace.
 */
export const metadefs: Migration = {
  async up(db: Kysely<unknown>) {
    const serial = autoIncrementKey(db);
    await db.schema
      .createTable('metadef_namespace')
      .addColumn('id', 'integer', serial)
      .addColumn('namespace', 'varchar(80)', (c) => c.notNull().unique())
      .addColumn('display_name', 'varchar(80)')
      .addColumn('description', 'text')
      .addColumn('visibility', 'varchar(32)', (c) => c.notNull())
      .addColumn('protected', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('owner', 'varchar(255)', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('metadef_namespace_owner').on('metadef_namespace').column('owner').execute();

    const namespaceId = (c: Parameters<typeof serial>[0]) =>
      c.notNull().references('metadef_namespace.id').onDelete('cascade');
    /** A table of things named within a namespace, up to its own columns. */
    const namespaceContent = (table: string) =>
      db.schema
        .createTable(table)
        .addColumn('id', 'integer', serial)
        .addColumn('namespace_id', 'integer', namespaceId)
        .addColumn('name', 'text', (c) => c.notNull())
        .addUniqueConstraint(`${table}_namespace_name`, ['namespace_id', 'name']);
    await namespaceContent('metadef_object')
      .addColumn('description', 'text')
      .addColumn('required', 'text', (c) => c.notNull())
      .addColumn('json_schema', 'text', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .execute();
    await namespaceContent('metadef_property')
      .addColumn('json_schema', 'text', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .execute();
    await namespaceContent('metadef_tag')
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('metadef_resource_type')
      .addColumn('id', 'integer', serial)
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('metadef_namespace_resource_type')
      .addColumn('namespace_id', 'integer', namespaceId)
      .addColumn('resource_type_id', 'integer', (c) => c.notNull().references('metadef_resource_type.id'))
      .addColumn('prefix', 'text')
      .addColumn('properties_target', 'text')
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time, (c) => c.notNull())
      .addPrimaryKeyConstraint('metadef_namespace_resource_type_pk', ['namespace_id', 'resource_type_id'])
      .execute();
  },
};
