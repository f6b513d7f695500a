/** cinder/api/schemas/backups.py and the backup actions of cinder/api/schemas/admin_actions.py. */
import { booleanSchema, metadataSchema } from '../volumes/request-validation.js';

const uuid = { type: 'string', format: 'uuid' };
const uuidAllowNull = { oneOf: [uuid, { type: 'null' }] };
const nameAllowZeroMinLength = { type: ['string', 'null'], minLength: 0, maxLength: 255 };
const description = { type: ['string', 'null'], minLength: 0, maxLength: 255 };
const nullableString = { type: ['string', 'null'], minLength: 0, maxLength: 255 };

function createBody(version: 'base' | '3.43' | '3.51'): object {
  return {
    type: 'object',
    properties: {
      backup: {
        type: 'object',
        properties: {
          volume_id: uuid,
          container: nullableString,
          description,
          incremental: booleanSchema,
          force: booleanSchema,
          name: nameAllowZeroMinLength,
          snapshot_id: uuidAllowNull,
          ...(version !== 'base' ? { metadata: { ...metadataSchema, type: ['object', 'null'] } } : {}),
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
          name: nameAllowZeroMinLength,
          description,
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
      properties: { name: nameAllowZeroMinLength, volume_id: uuidAllowNull },
      additionalProperties: false,
    },
  },
  required: ['restore'],
  additionalProperties: false,
};

export const resetBackupStatusBody = {
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
export const backupIdParams = {
  type: 'object',
  properties: { project_id: { type: 'string' }, id: { type: 'string' } },
  required: ['id'],
};

const links = {
  type: 'array',
  items: {
    type: 'object',
    properties: { href: { type: 'string' }, rel: { type: 'string' } },
    required: ['href', 'rel'],
    additionalProperties: false,
  },
};
const nullableText = { type: ['string', 'null'] };

/** Tempest's summary of a backup (`list_backups_no_detail` items, `create_backup`). */
const backupSummarySchema = {
  type: 'object',
  properties: { id: { type: 'string' }, name: nullableText, links },
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
    links,
    is_incremental: { type: 'boolean' },
    has_dependent_backups: { type: 'boolean' },
    snapshot_id: nullableText,
    data_timestamp: nullableText,
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
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

function listOf(item: object): object {
  return {
    type: 'object',
    properties: { backups: { type: 'array', items: item }, backups_links: links, count: { type: 'integer' } },
    required: ['backups'],
    additionalProperties: false,
  };
}

export const backupSummaryListResponse = listOf(backupSummarySchema);
export const backupDetailListResponse = listOf(backupDetailSchema);

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
