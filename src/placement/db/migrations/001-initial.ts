import type { Kysely, Migration } from 'kysely';
import { autoIncrementKey } from '../../../common/db/index.js';
import { STANDARD_RESOURCE_CLASSES } from '../standard-resource-classes.js';
import { STANDARD_TRAITS } from '../standard-traits.js';

const time = 'varchar(32)' as const;
/** Double precision, so a ratio such as 0.1 reads back exactly as written on PostgreSQL too. */
const ratio = 'double precision' as const;

/** Placement's tables as of 1.39, seeded with the standard resource classes and traits. */
export const initial: Migration = {
  async up(db: Kysely<unknown>) {
    const serial = autoIncrementKey(db);
    await db.schema
      .createTable('resource_provider')
      .addColumn('id', 'integer', serial)
      .addColumn('uuid', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(200)', (c) => c.notNull().unique())
      .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('root_provider_id', 'integer', (c) => c.references('resource_provider.id'))
      .addColumn('parent_provider_id', 'integer', (c) => c.references('resource_provider.id'))
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .execute();
    await db.schema
      .createIndex('resource_provider_root')
      .on('resource_provider')
      .column('root_provider_id')
      .execute();
    await db.schema
      .createIndex('resource_provider_parent')
      .on('resource_provider')
      .column('parent_provider_id')
      .execute();
    await db.schema
      .createTable('resource_class')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .execute();
    await db.schema
      .createTable('inventory')
      .addColumn('id', 'integer', serial)
      .addColumn('resource_provider_id', 'integer', (c) =>
        c.notNull().references('resource_provider.id').onDelete('cascade'),
      )
      .addColumn('resource_class_id', 'integer', (c) => c.notNull().references('resource_class.id'))
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('reserved', 'integer', (c) => c.notNull())
      .addColumn('min_unit', 'integer', (c) => c.notNull())
      .addColumn('max_unit', 'integer', (c) => c.notNull())
      .addColumn('step_size', 'integer', (c) => c.notNull())
      .addColumn('allocation_ratio', ratio, (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .addUniqueConstraint('inventory_provider_class', ['resource_provider_id', 'resource_class_id'])
      .execute();
    await db.schema.createIndex('inventory_class').on('inventory').column('resource_class_id').execute();
    await db.schema
      .createTable('consumer')
      .addColumn('uuid', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('consumer_type', 'varchar(255)')
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .execute();
    await db.schema
      .createIndex('consumer_project_user')
      .on('consumer')
      .columns(['project_id', 'user_id'])
      .execute();
    await db.schema
      .createTable('allocation')
      .addColumn('id', 'integer', serial)
      .addColumn('resource_provider_id', 'integer', (c) => c.notNull().references('resource_provider.id'))
      .addColumn('consumer_id', 'varchar(36)', (c) => c.notNull().references('consumer.uuid'))
      .addColumn('resource_class_id', 'integer', (c) => c.notNull().references('resource_class.id'))
      .addColumn('used', 'integer', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .execute();
    await db.schema
      .createIndex('allocation_provider_class')
      .on('allocation')
      .columns(['resource_provider_id', 'resource_class_id'])
      .execute();
    await db.schema.createIndex('allocation_consumer').on('allocation').column('consumer_id').execute();
    await db.schema
      .createTable('trait')
      .addColumn('id', 'integer', serial)
      .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .execute();
    await db.schema
      .createTable('resource_provider_trait')
      .addColumn('resource_provider_id', 'integer', (c) =>
        c.notNull().references('resource_provider.id').onDelete('cascade'),
      )
      .addColumn('trait_id', 'integer', (c) => c.notNull().references('trait.id'))
      .addPrimaryKeyConstraint('resource_provider_trait_pk', ['resource_provider_id', 'trait_id'])
      .execute();
    await db.schema
      .createIndex('resource_provider_trait_trait')
      .on('resource_provider_trait')
      .column('trait_id')
      .execute();
    await db.schema
      .createTable('placement_aggregate')
      .addColumn('id', 'integer', serial)
      .addColumn('uuid', 'varchar(36)', (c) => c.notNull().unique())
      .execute();
    await db.schema
      .createTable('resource_provider_aggregate')
      .addColumn('resource_provider_id', 'integer', (c) =>
        c.notNull().references('resource_provider.id').onDelete('cascade'),
      )
      .addColumn('aggregate_id', 'integer', (c) => c.notNull().references('placement_aggregate.id'))
      .addPrimaryKeyConstraint('resource_provider_aggregate_pk', ['resource_provider_id', 'aggregate_id'])
      .execute();
    await db.schema
      .createIndex('resource_provider_aggregate_aggregate')
      .on('resource_provider_aggregate')
      .column('aggregate_id')
      .execute();
    await seedStandardNames(db);
  },
};

/** The standard resource classes (with their fixed ids) and traits every placement knows. */
async function seedStandardNames(db: Kysely<unknown>): Promise<void> {
  const created_at = new Date().toISOString();
  const loose = db as Kysely<Record<string, Record<string, unknown>>>;
  await loose
    .insertInto('resource_class')
    .values(STANDARD_RESOURCE_CLASSES.map((name, id) => ({ id, name, created_at })))
    .execute();
  for (let start = 0; start < STANDARD_TRAITS.length; start += 200) {
    const names = STANDARD_TRAITS.slice(start, start + 200);
    await loose
      .insertInto('trait')
      .values(names.map((name) => ({ name, created_at })))
      .execute();
  }
}
