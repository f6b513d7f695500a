import type { Kysely, Migration } from 'kysely';
import { autoIncrementKey } from '../../../common/db/index.js';

const time = 'varchar(32)' as const;

/**
 * Nova's API-database aggregate tables. Hosts and metadata go with their aggregate; Nova
 * soft-deletes, Stratus deletes outright so a name frees for reuse.
 */
export const aggregates: Migration = {
  async up(db: Kysely<unknown>) {
    const serial = autoIncrementKey(db);
    await db.schema
      .createTable('aggregates')
      .addColumn('id', 'integer', serial)
      .addColumn('uuid', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .execute();
    await db.schema
      .createTable('aggregate_hosts')
      .addColumn('id', 'integer', serial)
      .addColumn('aggregate_id', 'integer', (c) =>
        c.notNull().references('aggregates.id').onDelete('cascade'),
      )
      .addColumn('host', 'varchar(255)', (c) => c.notNull())
      .addUniqueConstraint('aggregate_hosts_aggregate_host', ['aggregate_id', 'host'])
      .execute();
    await db.schema
      .createTable('aggregate_metadata')
      .addColumn('id', 'integer', serial)
      .addColumn('aggregate_id', 'integer', (c) =>
        c.notNull().references('aggregates.id').onDelete('cascade'),
      )
      .addColumn('key', 'varchar(255)', (c) => c.notNull())
      .addColumn('value', 'varchar(255)', (c) => c.notNull())
      .addUniqueConstraint('aggregate_metadata_aggregate_key', ['aggregate_id', 'key'])
      .execute();
  },
};
