import { linksSchema, multiParam } from './parameter-types.js';

/**
 * Nova's migrations schemas (schemas/migrations.py, server_migrations.py). Before 2.59 any query
 * parameter passes (and those the database knows filter); from 2.59 only these, once each.
 */
export const migrationListQuery = { type: 'object', additionalProperties: true };

const single = (items: object) => ({ ...multiParam(items), maxItems: 1 });
const common = multiParam({ type: 'string' });

const queryV20Properties = {
  hidden: common,
  host: common,
  instance_uuid: common,
  source_compute: common,
  status: common,
  migration_type: common,
};

export const migrationQueryV259 = {
  type: 'object',
  properties: {
    ...queryV20Properties,
    limit: single({ type: ['integer', 'string'], pattern: '^[0-9]*$', minimum: 0, minLength: 1 }),
    marker: single({ type: 'string' }),
    'changes-since': single({ type: 'string', format: 'date-time' }),
  },
  additionalProperties: false,
};

export const migrationQueryV266 = {
  ...migrationQueryV259,
  properties: {
    ...migrationQueryV259.properties,
    'changes-before': single({ type: 'string', format: 'date-time' }),
  },
};

export const migrationQueryV280 = {
  ...migrationQueryV266,
  properties: {
    ...migrationQueryV266.properties,
    user_id: single({ type: 'string' }),
    project_id: single({ type: 'string' }),
  },
};

export const forceCompleteBody = {
  type: 'object',
  properties: { force_complete: { type: 'null' } },
  required: ['force_complete'],
  additionalProperties: false,
};

export const serverMigrationsParams = {
  type: 'object',
  properties: { server_id: { type: 'string' }, id: { type: 'string' } },
  required: ['server_id'],
};

const nullableString = { type: ['string', 'null'] };
const nullableInteger = { type: ['integer', 'null'] };

/** Tempest's list_migrations (v2_1, v2_23 `migration_type` and links, v2_59 uuid, v2_80 owners). */
const migration = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    uuid: { type: 'string' },
    status: nullableString,
    instance_uuid: nullableString,
    source_node: nullableString,
    source_compute: nullableString,
    dest_node: nullableString,
    dest_compute: nullableString,
    dest_host: nullableString,
    old_instance_type_id: nullableInteger,
    new_instance_type_id: nullableInteger,
    migration_type: nullableString,
    user_id: nullableString,
    project_id: nullableString,
    created_at: { type: 'string' },
    updated_at: nullableString,
    links: linksSchema,
  },
  required: [
    'id',
    'status',
    'instance_uuid',
    'source_node',
    'source_compute',
    'dest_node',
    'dest_compute',
    'dest_host',
    'old_instance_type_id',
    'new_instance_type_id',
    'created_at',
    'updated_at',
  ],
  additionalProperties: false,
};

export const migrationListResponse = {
  type: 'object',
  properties: { migrations: { type: 'array', items: migration }, migrations_links: linksSchema },
  required: ['migrations'],
  additionalProperties: false,
};

/** Tempest's server migrations (v2_23, uuid from v2_59, owners from v2_80). */
const serverMigration = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    uuid: { type: 'string' },
    server_uuid: { type: 'string' },
    status: { type: 'string' },
    source_compute: nullableString,
    source_node: nullableString,
    dest_compute: nullableString,
    dest_node: nullableString,
    dest_host: nullableString,
    memory_total_bytes: nullableInteger,
    memory_processed_bytes: nullableInteger,
    memory_remaining_bytes: nullableInteger,
    disk_total_bytes: nullableInteger,
    disk_processed_bytes: nullableInteger,
    disk_remaining_bytes: nullableInteger,
    user_id: nullableString,
    project_id: nullableString,
    created_at: { type: 'string' },
    updated_at: nullableString,
  },
  required: [
    'id',
    'server_uuid',
    'status',
    'source_compute',
    'source_node',
    'dest_compute',
    'dest_node',
    'dest_host',
    'memory_total_bytes',
    'memory_processed_bytes',
    'memory_remaining_bytes',
    'disk_total_bytes',
    'disk_processed_bytes',
    'disk_remaining_bytes',
    'created_at',
    'updated_at',
  ],
  additionalProperties: false,
};

export const serverMigrationListResponse = {
  type: 'object',
  properties: { migrations: { type: 'array', items: serverMigration } },
  required: ['migrations'],
  additionalProperties: false,
};

export const serverMigrationResponse = {
  type: 'object',
  properties: { migration: serverMigration },
  required: ['migration'],
  additionalProperties: false,
};
