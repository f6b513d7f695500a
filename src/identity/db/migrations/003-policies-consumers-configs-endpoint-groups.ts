import type { Kysely, Migration } from 'kysely';

const text = 'text' as const;
const id = 'varchar(64)' as const;

/**
 * Policy blobs, OAuth1 consumers, domain-specific configuration and the OS-EP-FILTER
 * associations. Rows hanging on a domain, project, endpoint or endpoint group go with it
 * (ON DELETE CASCADE), as Keystone removes them when the owner is deleted.
 */
export const policiesConsumersConfigsEndpointGroups: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('policy')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('type', 'varchar(255)', (c) => c.notNull())
      .addColumn('blob', text, (c) => c.notNull())
      .addColumn('extra', text, (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema
      .createTable('consumer')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('description', text)
      .addColumn('secret', 'varchar(64)', (c) => c.notNull())
      .addColumn('extra', text, (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema
      .createTable('domain_config')
      .addColumn('domain_id', id, (c) => c.notNull().references('domain.id').onDelete('cascade'))
      .addColumn('group_name', 'varchar(255)', (c) => c.notNull())
      .addColumn('option_name', 'varchar(255)', (c) => c.notNull())
      .addColumn('value', text, (c) => c.notNull())
      .addColumn('sensitive', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('domain_config_pk', ['domain_id', 'group_name', 'option_name'])
      .execute();
    await db.schema
      .createTable('endpoint_group')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('description', text)
      .addColumn('filters', text, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('project_endpoint')
      .addColumn('endpoint_id', id, (c) => c.notNull().references('endpoint.id').onDelete('cascade'))
      .addColumn('project_id', id, (c) => c.notNull().references('project.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('project_endpoint_pk', ['endpoint_id', 'project_id'])
      .execute();
    await db.schema
      .createIndex('project_endpoint_project')
      .on('project_endpoint')
      .column('project_id')
      .execute();
    await db.schema
      .createTable('project_endpoint_group')
      .addColumn('endpoint_group_id', id, (c) =>
        c.notNull().references('endpoint_group.id').onDelete('cascade'),
      )
      .addColumn('project_id', id, (c) => c.notNull().references('project.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('project_endpoint_group_pk', ['endpoint_group_id', 'project_id'])
      .execute();
    await db.schema
      .createIndex('project_endpoint_group_project')
      .on('project_endpoint_group')
      .column('project_id')
      .execute();
  },
};
