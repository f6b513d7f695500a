import type { Kysely, Migration } from 'kysely';
import { METADATA_TABLES } from '../schema.js';

const id = 'varchar(36)' as const;
const time = 'varchar(32)' as const;
const text = 'varchar(255)' as const;

/** Every table of the block storage service. */
export const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('volumes')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('project_id', text, (c) => c.notNull())
      .addColumn('user_id', text, (c) => c.notNull())
      .addColumn('name', text)
      .addColumn('description', text)
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('status', text, (c) => c.notNull())
      .addColumn('attach_status', text, (c) => c.notNull())
      .addColumn('previous_status', text)
      .addColumn('availability_zone', text, (c) => c.notNull())
      .addColumn('volume_type_id', id, (c) => c.notNull())
      .addColumn('snapshot_id', id)
      .addColumn('source_volid', id)
      .addColumn('host', text)
      .addColumn('bootable', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('multiattach', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('migration_status', text)
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .addColumn('launched_at', time)
      .execute();
    await db.schema.createIndex('volumes_project').on('volumes').column('project_id').execute();
    for (const table of METADATA_TABLES) {
      await db.schema
        .createTable(table)
        .addColumn('owner_id', id, (c) => c.notNull())
        .addColumn('key', text, (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint(`${table}_pk`, ['owner_id', 'key'])
        .execute();
    }
    await db.schema
      .createTable('volume_types')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('name', text, (c) => c.notNull().unique())
      .addColumn('description', text)
      .addColumn('is_public', 'integer', (c) => c.notNull())
      .addColumn('qos_specs_id', id)
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .execute();
    await db.schema
      .createTable('volume_type_projects')
      .addColumn('volume_type_id', id, (c) => c.notNull())
      .addColumn('project_id', text, (c) => c.notNull())
      .addPrimaryKeyConstraint('volume_type_projects_pk', ['volume_type_id', 'project_id'])
      .execute();
    await db.schema
      .createTable('qos_specs')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('name', text, (c) => c.notNull().unique())
      .addColumn('consumer', text, (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .execute();
    await db.schema
      .createTable('snapshots')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('project_id', text, (c) => c.notNull())
      .addColumn('user_id', text, (c) => c.notNull())
      .addColumn('volume_id', id, (c) => c.notNull())
      .addColumn('name', text)
      .addColumn('description', text)
      .addColumn('status', text, (c) => c.notNull())
      .addColumn('progress', text, (c) => c.notNull())
      .addColumn('volume_size', 'integer', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .execute();
    await db.schema.createIndex('snapshots_volume').on('snapshots').column('volume_id').execute();
    await db.schema
      .createTable('volume_attachments')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('volume_id', id, (c) => c.notNull())
      .addColumn('instance_uuid', id)
      .addColumn('attached_host', text)
      .addColumn('mountpoint', text)
      .addColumn('attach_mode', text, (c) => c.notNull())
      .addColumn('attach_status', text, (c) => c.notNull())
      .addColumn('connector', 'text')
      .addColumn('connection_info', 'text')
      .addColumn('attach_time', time)
      .addColumn('detach_time', time)
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .execute();
    await db.schema
      .createIndex('volume_attachments_volume')
      .on('volume_attachments')
      .column('volume_id')
      .execute();
    await db.schema
      .createTable('backups')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('project_id', text, (c) => c.notNull())
      .addColumn('user_id', text, (c) => c.notNull())
      .addColumn('volume_id', id, (c) => c.notNull())
      .addColumn('snapshot_id', id)
      .addColumn('name', text)
      .addColumn('description', text)
      .addColumn('status', text, (c) => c.notNull())
      .addColumn('fail_reason', 'text')
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('availability_zone', text)
      .addColumn('container', text)
      .addColumn('parent_id', id)
      .addColumn('is_incremental', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('object_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('data_timestamp', time, (c) => c.notNull())
      // The backup service host that holds its data, and the data's name in that service's store.
      .addColumn('host', text)
      .addColumn('service_metadata', text)
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .execute();
    await db.schema
      .createTable('transfers')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('volume_id', id, (c) => c.notNull())
      .addColumn('name', text)
      .addColumn('source_project_id', text, (c) => c.notNull())
      .addColumn('destination_project_id', text)
      .addColumn('salt', text, (c) => c.notNull())
      .addColumn('crypt_hash', text, (c) => c.notNull())
      .addColumn('accepted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('no_snapshots', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('quotas')
      .addColumn('project_id', text, (c) => c.notNull())
      .addColumn('resource', text, (c) => c.notNull())
      .addColumn('hard_limit', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('quotas_pk', ['project_id', 'resource'])
      .execute();
    await db.schema
      .createTable('quota_classes')
      .addColumn('class_name', text, (c) => c.notNull())
      .addColumn('resource', text, (c) => c.notNull())
      .addColumn('hard_limit', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('quota_classes_pk', ['class_name', 'resource'])
      .execute();
    await db.schema
      .createTable('default_volume_types')
      .addColumn('project_id', text, (c) => c.primaryKey())
      .addColumn('volume_type_id', id, (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('services')
      .addColumn('host', text, (c) => c.notNull())
      .addColumn('binary', text, (c) => c.notNull())
      .addColumn('availability_zone', text, (c) => c.notNull())
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('disabled_reason', text)
      .addColumn('heartbeat_at', time, (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .addPrimaryKeyConstraint('services_pk', ['host', 'binary'])
      .execute();
  },
};
