import type { Kysely, Migration } from 'kysely';
import { autoIncrementKey } from '../../../common/db/index.js';

/**
 * Application credential access rules (API 3.13): a user's rules, deduplicated by service, path
 * and method, and the credentials that use each. A rule goes with its user; a credential's links
 * go with the credential; a rule still linked cannot be deleted (no cascade on that key).
 */
export const accessRules: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('access_rule')
      .addColumn('id', 'integer', autoIncrementKey(db))
      .addColumn('external_id', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('user.id').onDelete('cascade'))
      .addColumn('service', 'varchar(64)', (c) => c.notNull())
      // The API allows paths up to 225 characters.
      .addColumn('path', 'varchar(225)', (c) => c.notNull())
      .addColumn('method', 'varchar(16)', (c) => c.notNull())
      .addUniqueConstraint('duplicate_access_rule_for_user_constraint', [
        'user_id',
        'service',
        'path',
        'method',
      ])
      .execute();
    await db.schema
      .createTable('application_credential_access_rule')
      .addColumn('application_credential_id', 'varchar(64)', (c) =>
        c.notNull().references('application_credential.id').onDelete('cascade'),
      )
      .addColumn('access_rule_id', 'integer', (c) => c.notNull().references('access_rule.id'))
      .addPrimaryKeyConstraint('application_credential_access_rule_pk', [
        'application_credential_id',
        'access_rule_id',
      ])
      .execute();
    await db.schema
      .createIndex('application_credential_access_rule_rule')
      .on('application_credential_access_rule')
      .column('access_rule_id')
      .execute();
  },
};
