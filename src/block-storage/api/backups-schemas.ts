/** cinder/api/schemas/backups.py and the backup actions of cinder/api/schemas/admin_actions.py. */
import { actionBody, booleanSchema, metadataSchema } from '../volumes/request-validation.js';
import {
  linksSchema,
  listResponse,
  metadataAllowsNull,
  nullableString,
  nullableText,
  resourceParams,
  stringMap,
  uuidAllowNull,
} from './common-schemas.js';

const uuid = { type: 'string', format: 'uuid' };

function createBody(version: 'base' | '3.43' | '3.51'): object {
  return {
    type: 'object',
    properties: {
      backup: {
        type: 'object',
        properties: {
          volume_id: uuid,
          container: nullableString,
          description: nullableString,
          incremental: booleanSchema,
          force: booleanSchema,
          name: nullableString,
          snapshot_id: uuidAllowNull,
          ...(version !== 'base' ? { metadata: metadataAllowsNull } : {}),
          ...(version === '3.51' ? { availability_zone: nullableString } : {}),
        },
        required: ['volume_id'],
        additionalProperties: false,
      },
    },
    required: ['backup'],
    additionalProperties: false,
  };
}

export const createBackupBody = createBody('base');
/** 3.43 adds the metadata; 3.51 the availability zone. */
export const createBackupBodyV343 = createBody('3.43');
export const createBackupBodyV351 = createBody('3.51');

function updateBody(withMetadata: boolean): object {
  return {
    type: 'object',
    properties: {
      backup: {
        type: ['object', 'null'],
        properties: {
          name: nullableString,
          description: nullableString,
          ...(withMetadata ? { metadata: metadataSchema } : {}),
        },
        additionalProperties: false,
      },
    },
    required: ['backup'],
    additionalProperties: false,
  };
}

export const updateBackupBody = updateBody(false);
export const updateBackupBodyV343 = updateBody(true);

export const restoreBackupBody = {
  type: 'object',
  properties: {
    restore: {
      type: ['object', 'null'],
      properties: { name: nullableString, volume_id: uuidAllowNull },
      additionalProperties: false,
    },
  },
  required: ['restore'],
  additionalProperties: false,
};

/** `reset_status_backup` (the status is checked after). */
export const resetBackupStatusBody = actionBody('os-reset_status', { status: { type: 'string' } }, [
  'status',
]);

export interface CreateBackupBody {
  backup: {
    volume_id: string;
    container?: string | null;
    description?: string | null;
    incremental?: boolean | string;
    force?: boolean | string;
    name?: string | null;
    snapshot_id?: string | null;
    metadata?: Record<string, string> | null;
    availability_zone?: string | null;
  };
}

export interface UpdateBackupBody {
  backup: { name?: string | null; description?: string | null; metadata?: Record<string, string> } | null;
}

export interface RestoreBackupBody {
  restore: { name?: string | null; volume_id?: string | null } | null;
}

/** The `{id}` of a backup's URL. */
export const backupIdParams = resourceParams('id');

/** Tempest's summary of a backup (`list_backups_no_detail` items, `create_backup`). */
const backupSummarySchema = {
  type: 'object',
  properties: { id: { type: 'string' }, name: nullableText, links: linksSchema },
  required: ['id', 'name', 'links'],
  additionalProperties: false,
};

/** Tempest's `common_show_backup`, with the fields of the microversions up to 3.56. */
const backupDetailSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    status: { type: 'string' },
    size: { type: 'integer' },
    object_count: { type: 'integer' },
    availability_zone: nullableText,
    container: nullableText,
    created_at: { type: 'string' },
    updated_at: nullableText,
    name: nullableText,
    description: nullableText,
    fail_reason: nullableText,
    volume_id: { type: 'string' },
    links: linksSchema,
    is_incremental: { type: 'boolean' },
    has_dependent_backups: { type: 'boolean' },
    snapshot_id: nullableText,
    data_timestamp: nullableText,
    metadata: stringMap,
    'os-backup-project-attr:project_id': { type: 'string' },
    user_id: { type: 'string' },
  },
  required: ['id', 'status', 'size', 'object_count', 'created_at', 'name', 'volume_id', 'links'],
  additionalProperties: false,
};

export const backupSummaryResponse = {
  type: 'object',
  properties: { backup: backupSummarySchema },
  required: ['backup'],
  additionalProperties: false,
};

export const backupDetailResponse = {
  type: 'object',
  properties: { backup: backupDetailSchema },
  required: ['backup'],
  additionalProperties: false,
};

export const backupSummaryListResponse = listResponse('backups', backupSummarySchema, { count: true });
export const backupDetailListResponse = listResponse('backups', backupDetailSchema, { count: true });

export const restoreResponse = {
  type: 'object',
  properties: {
    restore: {
      type: 'object',
      properties: {
        backup_id: { type: 'string' },
        volume_id: { type: 'string' },
        volume_name: { type: 'string' },
      },
      required: ['backup_id', 'volume_id', 'volume_name'],
      additionalProperties: false,
    },
  },
  required: ['restore'],
  additionalProperties: false,
};
