import type { Kysely, Migration } from 'kysely';
import { autoIncrementKey } from '../../../common/db/index.js';

const time = 'varchar(32)' as const;

/**
 * Nova's cell database for servers: `instances` (with what Nova keeps in `instance_extra`, the
 * flavors and the network info cache, folded in as JSON columns, since they are always read with
 * the row), `instance_metadata`, `tags`, `instance_faults`, `instance_actions(_events)`,
 * `block_device_mapping`, `migrations`, and the API database's `request_specs` that move
 * operations schedule from. Deleted instances stay (soft-deleted, `deleted` = 1) for
 * `deleted=True` listings, instance actions and usage.
 */
export const instances: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('instances')
      .addColumn('id', 'integer', autoIncrementKey(db))
      .addColumn('uuid', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('display_name', 'varchar(255)', (c) => c.notNull())
      .addColumn('display_description', 'text')
      .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('image_ref', 'varchar(255)', (c) => c.notNull())
      .addColumn('flavor', 'text', (c) => c.notNull())
      .addColumn('old_flavor', 'text')
      .addColumn('new_flavor', 'text')
      .addColumn('vcpus', 'integer', (c) => c.notNull())
      .addColumn('memory_mb', 'integer', (c) => c.notNull())
      .addColumn('root_gb', 'integer', (c) => c.notNull())
      .addColumn('ephemeral_gb', 'integer', (c) => c.notNull())
      .addColumn('key_name', 'varchar(255)')
      .addColumn('key_data', 'text')
      .addColumn('user_data', 'text')
      .addColumn('config_drive', 'integer', (c) => c.notNull())
      .addColumn('availability_zone', 'varchar(255)')
      .addColumn('host', 'varchar(255)')
      .addColumn('node', 'varchar(255)')
      .addColumn('launched_on', 'varchar(255)')
      .addColumn('vm_state', 'varchar(255)', (c) => c.notNull())
      .addColumn('task_state', 'varchar(255)')
      .addColumn('power_state', 'integer', (c) => c.notNull())
      .addColumn('locked', 'integer', (c) => c.notNull())
      .addColumn('locked_by', 'varchar(16)')
      .addColumn('locked_reason', 'text')
      .addColumn('reservation_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('launch_index', 'integer', (c) => c.notNull())
      .addColumn('hostname', 'varchar(255)', (c) => c.notNull())
      .addColumn('access_ip_v4', 'varchar(39)')
      .addColumn('access_ip_v6', 'varchar(39)')
      .addColumn('progress', 'integer', (c) => c.notNull())
      .addColumn('root_device_name', 'varchar(255)')
      .addColumn('system_metadata', 'text', (c) => c.notNull())
      .addColumn('network_info', 'text', (c) => c.notNull())
      .addColumn('security_groups', 'text', (c) => c.notNull())
      .addColumn('trusted_image_certificates', 'text')
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .addColumn('scheduled_at', time)
      .addColumn('launched_at', time)
      .addColumn('terminated_at', time)
      .addColumn('deleted_at', time)
      .addColumn('deleted', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('instances_project_deleted_created')
      .on('instances')
      .columns(['project_id', 'deleted', 'created_at'])
      .execute();
    await db.schema
      .createIndex('instances_host_deleted')
      .on('instances')
      .columns(['host', 'deleted'])
      .execute();
    await db.schema.createIndex('instances_reservation').on('instances').column('reservation_id').execute();

    await db.schema
      .createTable('instance_metadata')
      .addColumn('instance_uuid', 'varchar(36)', (c) => c.notNull())
      .addColumn('key', 'varchar(255)', (c) => c.notNull())
      .addColumn('value', 'varchar(255)', (c) => c.notNull())
      .addPrimaryKeyConstraint('instance_metadata_pk', ['instance_uuid', 'key'])
      .execute();

    await db.schema
      .createTable('instance_tags')
      .addColumn('instance_uuid', 'varchar(36)', (c) => c.notNull())
      .addColumn('tag', 'varchar(80)', (c) => c.notNull())
      .addPrimaryKeyConstraint('instance_tags_pk', ['instance_uuid', 'tag'])
      .execute();
    await db.schema.createIndex('instance_tags_tag').on('instance_tags').column('tag').execute();

    await db.schema
      .createTable('instance_faults')
      .addColumn('id', 'integer', autoIncrementKey(db))
      .addColumn('instance_uuid', 'varchar(36)', (c) => c.notNull())
      .addColumn('code', 'integer', (c) => c.notNull())
      .addColumn('message', 'varchar(255)', (c) => c.notNull())
      .addColumn('details', 'text')
      .addColumn('host', 'varchar(255)')
      .addColumn('created_at', time, (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('instance_faults_instance')
      .on('instance_faults')
      .column('instance_uuid')
      .execute();

    await db.schema
      .createTable('instance_actions')
      .addColumn('id', 'integer', autoIncrementKey(db))
      .addColumn('action', 'varchar(255)', (c) => c.notNull())
      .addColumn('instance_uuid', 'varchar(36)', (c) => c.notNull())
      .addColumn('request_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('start_time', time, (c) => c.notNull())
      .addColumn('finish_time', time)
      .addColumn('message', 'varchar(255)')
      .addColumn('updated_at', time)
      .execute();
    await db.schema
      .createIndex('instance_actions_instance_request')
      .on('instance_actions')
      .columns(['instance_uuid', 'request_id'])
      .execute();

    await db.schema
      .createTable('instance_action_events')
      .addColumn('id', 'integer', autoIncrementKey(db))
      .addColumn('action_id', 'integer', (c) =>
        c.notNull().references('instance_actions.id').onDelete('cascade'),
      )
      .addColumn('event', 'varchar(255)', (c) => c.notNull())
      .addColumn('result', 'varchar(255)')
      .addColumn('traceback', 'text')
      .addColumn('host', 'varchar(255)')
      .addColumn('details', 'text')
      .addColumn('start_time', time, (c) => c.notNull())
      .addColumn('finish_time', time)
      .execute();
    await db.schema
      .createIndex('instance_action_events_action')
      .on('instance_action_events')
      .column('action_id')
      .execute();

    await db.schema
      .createTable('block_device_mappings')
      .addColumn('id', 'integer', autoIncrementKey(db))
      .addColumn('uuid', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('instance_uuid', 'varchar(36)', (c) => c.notNull())
      .addColumn('source_type', 'varchar(255)', (c) => c.notNull())
      .addColumn('destination_type', 'varchar(255)', (c) => c.notNull())
      .addColumn('device_name', 'varchar(255)')
      .addColumn('boot_index', 'integer')
      .addColumn('image_id', 'varchar(36)')
      .addColumn('volume_id', 'varchar(36)')
      .addColumn('snapshot_id', 'varchar(36)')
      .addColumn('volume_size', 'integer')
      .addColumn('volume_type', 'varchar(255)')
      .addColumn('delete_on_termination', 'integer', (c) => c.notNull())
      .addColumn('guest_format', 'varchar(255)')
      .addColumn('disk_bus', 'varchar(255)')
      .addColumn('device_type', 'varchar(255)')
      .addColumn('tag', 'varchar(255)')
      .addColumn('attachment_id', 'varchar(36)')
      .addColumn('connection_info', 'text')
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .execute();
    await db.schema
      .createIndex('block_device_mappings_instance')
      .on('block_device_mappings')
      .column('instance_uuid')
      .execute();

    await db.schema
      .createTable('migrations')
      .addColumn('id', 'integer', autoIncrementKey(db))
      .addColumn('uuid', 'varchar(36)', (c) => c.notNull().unique())
      .addColumn('instance_uuid', 'varchar(36)', (c) => c.notNull())
      .addColumn('migration_type', 'varchar(32)', (c) => c.notNull())
      .addColumn('status', 'varchar(255)', (c) => c.notNull())
      .addColumn('source_compute', 'varchar(255)')
      .addColumn('source_node', 'varchar(255)')
      .addColumn('dest_compute', 'varchar(255)')
      .addColumn('dest_node', 'varchar(255)')
      .addColumn('dest_host', 'varchar(255)')
      .addColumn('old_flavor_id', 'varchar(255)')
      .addColumn('new_flavor_id', 'varchar(255)')
      .addColumn('user_id', 'varchar(255)')
      .addColumn('project_id', 'varchar(255)')
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('updated_at', time)
      .execute();
    await db.schema.createIndex('migrations_instance').on('migrations').column('instance_uuid').execute();

    await db.schema
      .createTable('request_specs')
      .addColumn('instance_uuid', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('spec', 'text', (c) => c.notNull())
      .execute();
  },
};
