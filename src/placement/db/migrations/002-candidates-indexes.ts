import type { Kysely, Migration } from 'kysely';

/**
 * Allocation candidates sum every provider's allocations per class on each request; with the
 * amount in the index, that sum reads the index alone, never the table.
 */
export const candidatesIndexes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('allocation_usage')
      .on('allocation')
      .columns(['resource_provider_id', 'resource_class_id', 'used'])
      .execute();
  },
};
