import type { Kysely, Migration } from 'kysely';
import { autoIncrementKey } from '../../../common/db/index.js';

/**
 * Nova's `console_auth_tokens`: what a console URL's token opens (the guest's VNC address), kept
 * only as the token's SHA-256 hash so a copy of the database opens no console, until it expires.
 */
export const consoleAuthTokens: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('console_auth_tokens')
      .addColumn('id', 'integer', autoIncrementKey(db))
      .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('console_type', 'varchar(255)', (c) => c.notNull())
      .addColumn('host', 'varchar(255)', (c) => c.notNull())
      .addColumn('port', 'integer', (c) => c.notNull())
      .addColumn('instance_uuid', 'varchar(36)', (c) => c.notNull())
      .addColumn('access_url_base', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('console_auth_tokens_instance')
      .on('console_auth_tokens')
      .column('instance_uuid')
      .execute();
    await db.schema
      .createIndex('console_auth_tokens_expires')
      .on('console_auth_tokens')
      .column('expires_at')
      .execute();
  },
};
