import { sql, type Kysely, type Migration } from 'kysely';
import { autoIncrementKey } from '../../../common/db/index.js';

const text = 'text' as const;

/** The identity tables as of Keystone v3.14. */
export const initial: Migration = {
  async up(db: Kysely<unknown>) {
    const serial = autoIncrementKey(db);
    await db.schema
      .createTable('domain')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('description', text, (c) => c.notNull().defaultTo(''))
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('extra', text, (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('project')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('domain_id', 'varchar(64)', (c) => c.notNull().references('domain.id'))
      .addColumn('parent_id', 'varchar(64)', (c) => c.references('project.id'))
      .addColumn('description', text, (c) => c.notNull().defaultTo(''))
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('extra', text, (c) => c.notNull().defaultTo('{}'))
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addUniqueConstraint('project_domain_name', ['domain_id', 'name'])
      .execute();
    await db.schema.createIndex('project_parent').on('project').column('parent_id').execute();
    await db.schema
      .createTable('project_tag')
      .addColumn('project_id', 'varchar(64)', (c) => c.notNull().references('project.id').onDelete('cascade'))
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addPrimaryKeyConstraint('project_tag_pk', ['project_id', 'name'])
      .execute();
    await db.schema
      .createTable('user')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('domain_id', 'varchar(64)', (c) => c.notNull().references('domain.id'))
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('default_project_id', 'varchar(64)')
      .addColumn('extra', text, (c) => c.notNull().defaultTo('{}'))
      .addColumn('options', text, (c) => c.notNull().defaultTo('{}'))
      .addColumn('failed_auth_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('failed_auth_at', 'varchar(32)')
      .addColumn('last_active_at', 'varchar(32)')
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addUniqueConstraint('user_domain_name', ['domain_id', 'name'])
      .execute();
    await db.schema
      .createTable('password')
      .addColumn('id', 'integer', serial)
      .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('user.id').onDelete('cascade'))
      .addColumn('hash', text, (c) => c.notNull())
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addColumn('expires_at', 'varchar(32)')
      .addColumn('self_service', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('password_user').on('password').column('user_id').execute();
    await db.schema
      .createTable('group')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('domain_id', 'varchar(64)', (c) => c.notNull().references('domain.id'))
      .addColumn('description', text, (c) => c.notNull().defaultTo(''))
      .addColumn('extra', text, (c) => c.notNull().defaultTo('{}'))
      .addUniqueConstraint('group_domain_name', ['domain_id', 'name'])
      .execute();
    await db.schema
      .createTable('user_group_membership')
      .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('user.id').onDelete('cascade'))
      .addColumn('group_id', 'varchar(64)', (c) => c.notNull().references('group.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('membership_pk', ['user_id', 'group_id'])
      .execute();
    await db.schema
      .createTable('role')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('domain_id', 'varchar(64)')
      .addColumn('description', text, (c) => c.notNull().defaultTo(''))
      .addColumn('options', text, (c) => c.notNull().defaultTo('{}'))
      .addColumn('extra', text, (c) => c.notNull().defaultTo('{}'))
      .execute();
    // Global roles have no domain; a role name is unique within its domain or among globals.
    await sql`create unique index role_domain_name on role (coalesce(domain_id, ''), name)`.execute(db);
    await db.schema
      .createTable('implied_role')
      .addColumn('prior_role_id', 'varchar(64)', (c) => c.notNull().references('role.id').onDelete('cascade'))
      .addColumn('implied_role_id', 'varchar(64)', (c) =>
        c.notNull().references('role.id').onDelete('cascade'),
      )
      .addPrimaryKeyConstraint('implied_role_pk', ['prior_role_id', 'implied_role_id'])
      .execute();
    await db.schema
      .createTable('assignment')
      .addColumn('type', 'varchar(16)', (c) => c.notNull())
      .addColumn('actor_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('target_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('role_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('inherited', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('assignment_pk', ['type', 'actor_id', 'target_id', 'role_id', 'inherited'])
      .execute();
    await db.schema.createIndex('assignment_actor').on('assignment').column('actor_id').execute();
    await db.schema.createIndex('assignment_target').on('assignment').column('target_id').execute();
    await db.schema.createIndex('assignment_role').on('assignment').column('role_id').execute();
    await db.schema
      .createTable('region')
      .addColumn('id', 'varchar(255)', (c) => c.primaryKey())
      .addColumn('description', text, (c) => c.notNull().defaultTo(''))
      .addColumn('parent_region_id', 'varchar(255)')
      .addColumn('extra', text, (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema
      .createTable('service')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('type', 'varchar(255)', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('extra', text, (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema
      .createTable('endpoint')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('service_id', 'varchar(64)', (c) => c.notNull().references('service.id'))
      .addColumn('interface', 'varchar(8)', (c) => c.notNull())
      .addColumn('url', text, (c) => c.notNull())
      .addColumn('region_id', 'varchar(255)')
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('extra', text, (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema
      .createTable('credential')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('user_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('project_id', 'varchar(64)')
      .addColumn('type', 'varchar(255)', (c) => c.notNull())
      .addColumn('blob', text, (c) => c.notNull())
      .addColumn('extra', text, (c) => c.notNull().defaultTo('{}'))
      .execute();
    await db.schema.createIndex('credential_user').on('credential').column('user_id').execute();
    await db.schema
      .createTable('application_credential')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(64)', (c) => c.notNull().references('user.id').onDelete('cascade'))
      .addColumn('project_id', 'varchar(64)')
      .addColumn('secret_hash', text, (c) => c.notNull())
      .addColumn('description', text)
      .addColumn('expires_at', 'varchar(32)')
      .addColumn('unrestricted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
      .addUniqueConstraint('application_credential_user_name', ['user_id', 'name'])
      .execute();
    await db.schema
      .createTable('application_credential_role')
      .addColumn('application_credential_id', 'varchar(64)', (c) =>
        c.notNull().references('application_credential.id').onDelete('cascade'),
      )
      .addColumn('role_id', 'varchar(64)', (c) => c.notNull())
      .addPrimaryKeyConstraint('application_credential_role_pk', ['application_credential_id', 'role_id'])
      .execute();
    await db.schema
      .createTable('revocation_event')
      .addColumn('id', 'integer', serial)
      .addColumn('user_id', 'varchar(64)')
      .addColumn('project_id', 'varchar(64)')
      .addColumn('domain_id', 'varchar(64)')
      .addColumn('role_id', 'varchar(64)')
      .addColumn('audit_id', 'varchar(32)')
      .addColumn('audit_chain_id', 'varchar(32)')
      .addColumn('issued_before', 'varchar(32)', (c) => c.notNull())
      .addColumn('revoked_at', 'varchar(32)', (c) => c.notNull())
      .execute();
  },
};
