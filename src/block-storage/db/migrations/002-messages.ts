import type { Kysely, Migration } from 'kysely';

const id = 'varchar(36)' as const;
const time = 'varchar(32)' as const;
const text = 'varchar(255)' as const;

/** User messages (the v3 messages API, 3.3). */
export const messages: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('messages')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('project_id', text, (c) => c.notNull())
      .addColumn('request_id', text, (c) => c.notNull())
      .addColumn('resource_type', text, (c) => c.notNull())
      .addColumn('resource_uuid', id)
      .addColumn('event_id', text, (c) => c.notNull())
      .addColumn('message_level', text, (c) => c.notNull())
      .addColumn('action_id', text, (c) => c.notNull())
      .addColumn('detail_id', text, (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('expires_at', time, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('messages_project').on('messages').column('project_id').execute();
  },
};
