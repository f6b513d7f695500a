import type { Kysely, Migration } from 'kysely';
import { autoIncrementKey } from '../../../common/db/index.js';

const time = 'varchar(32)' as const;

/**
 * DevStack's standard flavors (ids 1-5), so a fresh `stratus up` offers what users of a
 * DevStack cloud expect; Nova itself seeds none.
 */
const DEVSTACK_FLAVORS = [
  { flavorid: '1', name: 'm1.tiny', memory_mb: 512, vcpus: 1, root_gb: 1 },
  { flavorid: '2', name: 'm1.small', memory_mb: 2048, vcpus: 1, root_gb: 20 },
  { flavorid: '3', name: 'm1.medium', memory_mb: 4096, vcpus: 2, root_gb: 40 },
  { flavorid: '4', name: 'm1.large', memory_mb: 8192, vcpus: 4, root_gb: 80 },
  { flavorid: '5', name: 'm1.xlarge', memory_mb: 16384, vcpus: 8, root_gb: 160 },
];

/** Flavors (with extra specs and access lists) and key pairs, as Nova's API database holds them. */
export const flavorsAndKeypairs: Migration = {
  async up(db: Kysely<unknown>) {
    const serial = autoIncrementKey(db);
    await db.schema
      .createTable('flavors')
      .addColumn('id', 'integer', serial)
      .addColumn('flavorid', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('memory_mb', 'integer', (c) => c.notNull())
      .addColumn('vcpus', 'integer', (c) => c.notNull())
      .addColumn('root_gb', 'integer', (c) => c.notNull())
      .addColumn('ephemeral_gb', 'integer', (c) => c.notNull())
      .addColumn('swap', 'integer', (c) => c.notNull())
      .addColumn('rxtx_factor', 'double precision', (c) => c.notNull())
      .addColumn('vcpu_weight', 'integer')
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('description', 'text')
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .execute();
    await db.schema
      .createTable('flavor_extra_specs')
      .addColumn('id', 'integer', serial)
      .addColumn('flavor_id', 'integer', (c) => c.notNull().references('flavors.id').onDelete('cascade'))
      .addColumn('key', 'varchar(255)', (c) => c.notNull())
      .addColumn('value', 'varchar(255)', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .addUniqueConstraint('flavor_extra_specs_flavor_key', ['flavor_id', 'key'])
      .execute();
    await db.schema
      .createTable('flavor_projects')
      .addColumn('id', 'integer', serial)
      .addColumn('flavor_id', 'integer', (c) => c.notNull().references('flavors.id').onDelete('cascade'))
      .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addUniqueConstraint('flavor_projects_flavor_project', ['flavor_id', 'project_id'])
      .execute();
    await db.schema
      .createTable('key_pairs')
      .addColumn('id', 'integer', serial)
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('fingerprint', 'varchar(255)', (c) => c.notNull())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('type', 'varchar(8)', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .addUniqueConstraint('key_pairs_user_name', ['user_id', 'name'])
      .execute();
    const now = new Date().toISOString();
    await (db as Kysely<{ flavors: Record<string, unknown> }>)
      .insertInto('flavors')
      .values(
        DEVSTACK_FLAVORS.map((flavor) => ({
          ...flavor,
          ephemeral_gb: 0,
          swap: 0,
          rxtx_factor: 1,
          disabled: 0,
          is_public: 1,
          created_at: now,
        })),
      )
      .execute();
  },
};
