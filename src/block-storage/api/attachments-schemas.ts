/** cinder/api/schemas/attachments.py. */
import { resourceParams } from './common-schemas.js';

const uuid = { type: 'string', format: 'uuid' };

function createBody(withMode: boolean): object {
  return {
    type: 'object',
    properties: {
      attachment: {
        type: 'object',
        properties: {
          instance_uuid: uuid,
          connector: { type: ['object', 'null'] },
          volume_uuid: uuid,
          ...(withMode ? { mode: { type: 'string', enum: ['rw', 'ro'] } } : {}),
        },
        required: ['volume_uuid'],
        additionalProperties: false,
      },
    },
    required: ['attachment'],
    additionalProperties: false,
  };
}

export const createAttachmentBody = createBody(false);
/** 3.54 adds the attach `mode`. */
export const createAttachmentBodyV354 = createBody(true);

export const updateAttachmentBody = {
  type: 'object',
  properties: {
    attachment: {
      type: 'object',
      properties: { connector: { type: 'object', minProperties: 1 } },
      required: ['connector'],
      additionalProperties: false,
    },
  },
  required: ['attachment'],
  additionalProperties: false,
};

export const completeAttachmentBody = {
  type: 'object',
  properties: { 'os-complete': {} },
  required: ['os-complete'],
  additionalProperties: false,
};

export interface CreateAttachmentBody {
  attachment: {
    volume_uuid: string;
    instance_uuid?: string;
    connector?: Record<string, unknown> | null;
    mode?: 'rw' | 'ro';
  };
}

export interface UpdateAttachmentBody {
  attachment: { connector: Record<string, unknown> };
}

/** The `{id}` of an attachment's URL. */
export const attachmentIdParams = resourceParams('id');

const attachmentSummarySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    status: { type: 'string' },
    instance: { type: ['string', 'null'] },
    volume_id: { type: 'string' },
  },
  required: ['id', 'status', 'instance', 'volume_id'],
  additionalProperties: false,
};

const attachmentDetailSchema = {
  ...attachmentSummarySchema,
  properties: {
    ...attachmentSummarySchema.properties,
    attached_at: { type: 'string' },
    detached_at: { type: 'string' },
    attach_mode: { type: ['string', 'null'] },
    // What the backend's driver hands the host: free-form, as upstream.
    connection_info: { type: 'object', additionalProperties: true },
  },
  required: [
    ...attachmentSummarySchema.required,
    'attached_at',
    'detached_at',
    'attach_mode',
    'connection_info',
  ],
};

export const attachmentResponse = {
  type: 'object',
  properties: { attachment: attachmentDetailSchema },
  required: ['attachment'],
  additionalProperties: false,
};

function listOf(item: object): object {
  return {
    type: 'object',
    properties: { attachments: { type: 'array', items: item } },
    required: ['attachments'],
    additionalProperties: false,
  };
}

export const attachmentSummaryListResponse = listOf(attachmentSummarySchema);
export const attachmentDetailListResponse = listOf(attachmentDetailSchema);
