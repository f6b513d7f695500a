import { actionBody, booleanSchema } from '../volumes/request-validation.js';
import {
  description,
  listResponse,
  metadataAllowsNull,
  nullableString,
  nullableText,
  resourceParams,
  stringMap,
  uuidAllowNull,
} from './common-schemas.js';

/** cinder/api/schemas/snapshots.py `create`. */
export const createSnapshotSchema = {
  type: 'object',
  properties: {
    snapshot: {
      type: 'object',
      properties: {
        name: nullableString,
        display_name: nullableString,
        description,
        volume_id: uuidAllowNull,
        force: booleanSchema,
        metadata: metadataAllowsNull,
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
        name: nullableString,
        description,
        display_name: nullableString,
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
export const resetStatusSchema = actionBody('os-reset_status', { status: { type: 'string' } }, ['status']);

/** cinder/api/schemas/snapshot_actions.py `update_snapshot_status`, its `progress` format as a pattern. */
export const updateStatusSchema = actionBody(
  'os-update_snapshot_status',
  { status: { type: 'string' }, progress: { type: 'string' } },
  ['status'],
);

export const snapshotParams = resourceParams('snapshot_id');

export const snapshotMetadataKeyParams = resourceParams('snapshot_id', 'key');

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

export const snapshotListResponse = listResponse('snapshots', snapshotView);
