import type { Kysely, Migration } from 'kysely';
import { autoIncrementKey } from '../../../common/db/index.js';

const time = 'varchar(32)' as const;

/**
 * Nova's `services` table: one row per (host, binary) a service process reports from. Nova
 * soft-deletes these rows (`deleted`, `deleted_at`); Stratus deletes them outright, since nothing
 * reads a deleted service back and the unique (host, binary) then frees for a re-registration.
 */
export const services: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('services')
      .addColumn('id', 'integer', autoIncrementKey(db))
      .addColumn('uuid', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('host', 'varchar(255)', (c) => c.notNull())
      .addColumn('binary', 'varchar(255)', (c) => c.notNull())
      .addColumn('topic', 'varchar(255)')
      .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('disabled_reason', 'varchar(255)')
      .addColumn('forced_down', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_seen_up', time)
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .addUniqueConstraint('services_host_binary', ['host', 'binary'])
      .execute();
  },
};
