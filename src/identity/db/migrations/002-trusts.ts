import type { Kysely, Migration } from 'kysely';

/**
 * OS-TRUST: trusts, the roles each delegates, and the trust a revocation event names (deleting
 * a trust revokes its tokens, as Keystone records it).
 */
export const trusts: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('trust')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('trustor_user_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('trustee_user_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('project_id', 'varchar(64)')
      .addColumn('impersonation', 'integer', (c) => c.notNull())
      .addColumn('expires_at', 'varchar(32)')
      .addColumn('remaining_uses', 'integer')
      .addColumn('redelegated_trust_id', 'varchar(64)')
      .addColumn('redelegation_count', 'integer')
      .addColumn('deleted_at', 'varchar(32)')
      .addColumn('extra', 'text', (c) => c.notNull().defaultTo('{}'))
      // Keystone's duplicate_trust_constraint; deleted trusts keep their place in it, as upstream.
      .addUniqueConstraint('duplicate_trust_constraint', [
        'trustor_user_id',
        'trustee_user_id',
        'project_id',
        'impersonation',
        'expires_at',
      ])
      .execute();
    await db.schema.createIndex('trust_trustee').on('trust').column('trustee_user_id').execute();
    await db.schema.createIndex('trust_project').on('trust').column('project_id').execute();
    await db.schema
      .createTable('trust_role')
      .addColumn('trust_id', 'varchar(64)', (c) => c.notNull().references('trust.id').onDelete('cascade'))
      .addColumn('role_id', 'varchar(64)', (c) => c.notNull())
      .addPrimaryKeyConstraint('trust_role_pk', ['trust_id', 'role_id'])
      .execute();
    await db.schema.alterTable('revocation_event').addColumn('trust_id', 'varchar(64)').execute();
  },
};
