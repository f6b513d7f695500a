import type { Kysely, Migration } from 'kysely';
import { autoIncrementKey } from '../../../common/db/index.js';

/**
 * Nova's `quotas` and `project_user_quotas` in one table (a null `user_id` is the project's own
 * limit), and `quota_classes`. Rows hold only what an admin set; defaults come from settings.
 */
export const quotas: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('quotas')
      .addColumn('id', 'integer', autoIncrementKey(db))
      .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(255)')
      .addColumn('resource', 'varchar(255)', (c) => c.notNull())
      .addColumn('hard_limit', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('quotas_project_user')
      .on('quotas')
      .columns(['project_id', 'user_id', 'resource'])
      .execute();
    await db.schema
      .createTable('quota_classes')
      .addColumn('id', 'integer', autoIncrementKey(db))
      .addColumn('class_name', 'varchar(255)', (c) => c.notNull())
      .addColumn('resource', 'varchar(255)', (c) => c.notNull())
      .addColumn('hard_limit', 'integer', (c) => c.notNull())
      .addUniqueConstraint('quota_classes_class_resource', ['class_name', 'resource'])
      .execute();
  },
};
