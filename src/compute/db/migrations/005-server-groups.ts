import type { Kysely, Migration } from 'kysely';
import { autoIncrementKey } from '../../../common/db/index.js';

/**
 * Nova's API-database `instance_groups` with its policy and rules folded in (one policy per group
 * since 2.64, so no `instance_group_policy` table), and `instance_group_member`. Members go with
 * their group; instances join the members table once servers exist.
 */
export const serverGroups: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('server_groups')
      .addColumn('id', 'integer', autoIncrementKey(db))
      .addColumn('uuid', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('policy', 'varchar(255)', (c) => c.notNull())
      .addColumn('rules', 'text', (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('server_groups_project').on('server_groups').column('project_id').execute();
    await db.schema
      .createTable('server_group_members')
      .addColumn('group_id', 'integer', (c) => c.notNull().references('server_groups.id').onDelete('cascade'))
      .addColumn('instance_uuid', 'varchar(36)', (c) => c.notNull())
      .addPrimaryKeyConstraint('server_group_members_pk', ['group_id', 'instance_uuid'])
      .execute();
  },
};
