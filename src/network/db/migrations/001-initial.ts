import type { Kysely, Migration } from 'kysely';
import { RESOURCE_TABLES } from '../schema.js';

const time = 'varchar(32)' as const;

/** Every resource table, with the tables that keep addresses, MACs and segments unique. */
export const initial: Migration = {
  async up(db: Kysely<unknown>) {
    for (const table of RESOURCE_TABLES) {
      await db.schema
        .createTable(table)
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
        .addColumn('parent_id', 'varchar(64)')
        .addColumn('ref_id', 'varchar(255)')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('revision_number', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', time, (c) => c.notNull())
        .addColumn('updated_at', time, (c) => c.notNull())
        .execute();
      await db.schema.createIndex(`${table}_project`).on(table).column('project_id').execute();
      await db.schema.createIndex(`${table}_parent`).on(table).column('parent_id').execute();
      await db.schema.createIndex(`${table}_ref`).on(table).column('ref_id').execute();
    }
    await db.schema
      .createTable('ip_allocations')
      .addColumn('subnet_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('ip_address', 'varchar(64)', (c) => c.notNull())
      .addColumn('network_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('port_id', 'varchar(36)', (c) => c.notNull())
      .addPrimaryKeyConstraint('ip_allocations_pk', ['subnet_id', 'ip_address'])
      .execute();
    await db.schema.createIndex('ip_allocations_port').on('ip_allocations').column('port_id').execute();
    await db.schema
      .createTable('tags')
      .addColumn('resource_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('tag', 'varchar(255)', (c) => c.notNull())
      .addPrimaryKeyConstraint('tags_pk', ['resource_id', 'tag'])
      .execute();
    await db.schema
      .createTable('quotas')
      .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('resource', 'varchar(255)', (c) => c.notNull())
      .addColumn('limit', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('quotas_pk', ['project_id', 'resource'])
      .execute();
    await db.schema
      .createTable('mac_addresses')
      .addColumn('network_id', 'varchar(36)', (c) => c.notNull())
      .addColumn('mac_address', 'varchar(32)', (c) => c.notNull())
      .addColumn('port_id', 'varchar(36)', (c) => c.notNull())
      .addPrimaryKeyConstraint('mac_addresses_pk', ['network_id', 'mac_address'])
      .execute();
    await db.schema
      .createTable('segment_allocations')
      .addColumn('network_type', 'varchar(16)', (c) => c.notNull())
      .addColumn('physical_network', 'varchar(64)', (c) => c.notNull())
      .addColumn('segmentation_id', 'integer', (c) => c.notNull())
      .addColumn('network_id', 'varchar(36)', (c) => c.notNull())
      .addPrimaryKeyConstraint('segment_allocations_pk', [
        'network_type',
        'physical_network',
        'segmentation_id',
      ])
      .execute();
  },
};
