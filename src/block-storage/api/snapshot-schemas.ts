import { booleanSchema } from '../volumes/request-validation.js';

/** Cinder's `uuid_allow_null`. */
const uuidOrNull = { oneOf: [{ type: 'string', format: 'uuid' }, { type: 'null' }] };
/** Cinder's `name_allow_zero_min_length`. */
const nullableName = { type: ['string', 'null'], minLength: 0, maxLength: 255 };
/** Cinder's `description`: printable characters (horizontal spaces allowed), up to 255. */
const description = {
  type: ['string', 'null'],
  minLength: 0,
  maxLength: 255,
  pattern: '^[^\\p{C}\\p{Zl}\\p{Zp}]*$',
};
/** Cinder's `metadata_allows_null`. */
const metadataOrNull = {
  type: ['object', 'null'],
  patternProperties: { '^[a-zA-Z0-9-_:. /]{1,255}$': { type: 'string', maxLength: 255 } },
  additionalProperties: false,
};

/** cinder/api/schemas/snapshots.py `create`. */
export const createSnapshotSchema = {
  type: 'object',
  properties: {
    snapshot: {
      type: 'object',
      properties: {
        name: nullableName,
        display_name: nullableName,
        description,
        volume_id: uuidOrNull,
        force: booleanSchema,
        metadata: metadataOrNull,
      },
      required: ['volume_id'],
      additionalProperties: false,
    },
  },
  required: ['snapshot'],
  additionalProperties: false,
};

/** cinder/api/schemas/snapshots.py `update`: at least one of the names or descriptions. */
export const updateSnapshotSchema = {
  type: 'object',
  properties: {
    snapshot: {
      type: 'object',
      properties: {
        name: nullableName,
        description,
        display_name: nullableName,
        display_description: description,
      },
      additionalProperties: false,
      anyOf: [
        { required: ['name'] },
        { required: ['description'] },
        { required: ['display_name'] },
        { required: ['display_description'] },
      ],
    },
  },
  required: ['snapshot'],
  additionalProperties: false,
};

/** cinder/api/schemas/admin_actions.py `reset_status_snapshot` (the status is checked after). */
export const resetStatusSchema = {
  type: 'object',
  properties: {
    'os-reset_status': {
      type: 'object',
      properties: { status: { type: 'string' } },
      required: ['status'],
      additionalProperties: false,
    },
  },
  required: ['os-reset_status'],
  additionalProperties: false,
};

/** cinder/api/schemas/snapshot_actions.py `update_snapshot_status`, its `progress` format as a pattern. */
export const updateStatusSchema = {
  type: 'object',
  properties: {
    'os-update_snapshot_status': {
      type: 'object',
      properties: { status: { type: 'string' }, progress: { type: 'string' } },
      required: ['status'],
      additionalProperties: false,
    },
  },
  required: ['os-update_snapshot_status'],
  additionalProperties: false,
};

export const snapshotParams = {
  type: 'object',
  properties: { project_id: { type: 'string' }, snapshot_id: { type: 'string' } },
  required: ['snapshot_id'],
};

export const snapshotMetadataKeyParams = {
  type: 'object',
  properties: { project_id: { type: 'string' }, snapshot_id: { type: 'string' }, key: { type: 'string' } },
  required: ['snapshot_id', 'key'],
};

export const projectParams = {
  type: 'object',
  properties: { project_id: { type: 'string' } },
};

const nullableText = { type: ['string', 'null'] };
const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const links = {
  type: 'array',
  items: {
    type: 'object',
    properties: { rel: { type: 'string' }, href: { type: 'string' } },
    required: ['rel', 'href'],
    additionalProperties: false,
  },
};

const snapshotView = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    created_at: { type: 'string' },
    updated_at: nullableText,
    name: nullableText,
    description: nullableText,
    volume_id: { type: 'string' },
    status: { type: 'string' },
    size: { type: 'integer' },
    metadata: stringMap,
    group_snapshot_id: nullableText,
    user_id: { type: 'string' },
    consumes_quota: { type: 'boolean' },
    'os-extended-snapshot-attributes:project_id': { type: 'string' },
    'os-extended-snapshot-attributes:progress': { type: 'string' },
  },
  required: [
    'id',
    'created_at',
    'updated_at',
    'name',
    'description',
    'volume_id',
    'status',
    'size',
    'metadata',
  ],
  additionalProperties: false,
};

export const snapshotResponse = {
  type: 'object',
  properties: { snapshot: snapshotView },
  required: ['snapshot'],
  additionalProperties: false,
};

export const snapshotListResponse = {
  type: 'object',
  properties: { snapshots: { type: 'array', items: snapshotView }, snapshots_links: links },
  required: ['snapshots'],
  additionalProperties: false,
};

export const metadataResponse = {
  type: 'object',
  properties: { metadata: stringMap },
  required: ['metadata'],
  additionalProperties: false,
};

export const metaItemResponse = {
  type: 'object',
  properties: { meta: stringMap },
  required: ['meta'],
  additionalProperties: false,
};

/** A 200 or 202 without a body. */
export const emptyResponse = { type: 'null' };
