import { linksSchema, resourceParams } from './common-schemas.js';

export const messageIdParams = resourceParams('id');

/** Tempest's `common_show_message`. */
const messageSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    event_id: { type: 'string' },
    user_message: { type: 'string' },
    message_level: { type: 'string' },
    created_at: { type: 'string' },
    guaranteed_until: { type: 'string' },
    request_id: { type: 'string' },
    resource_type: { type: 'string' },
    resource_uuid: { type: 'string' },
    links: linksSchema,
  },
  required: ['id', 'event_id', 'user_message', 'message_level', 'created_at', 'request_id', 'links'],
  additionalProperties: false,
};

export const messageResponse = {
  type: 'object',
  properties: { message: messageSchema },
  required: ['message'],
  additionalProperties: false,
};

export const messageListResponse = {
  type: 'object',
  properties: { messages: { type: 'array', items: messageSchema }, messages_links: linksSchema },
  required: ['messages'],
  additionalProperties: false,
};
