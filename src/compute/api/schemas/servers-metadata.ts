import { metadataSchema } from './servers.js';

/** Nova's server metadata schemas (schemas/server_metadata.py) and answers. */
export const metadataBody = {
  type: 'object',
  properties: { metadata: metadataSchema },
  required: ['metadata'],
  additionalProperties: false,
};

export const metaItemBody = {
  type: 'object',
  properties: { meta: { ...metadataSchema, minProperties: 1, maxProperties: 1 } },
  required: ['meta'],
  additionalProperties: false,
};

export const metadataParams = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
};

export const metadataKeyParams = {
  type: 'object',
  properties: { id: { type: 'string' }, key: { type: 'string' } },
  required: ['id', 'key'],
};

const values = { type: 'object', additionalProperties: { type: 'string' } };

export const metadataResponse = {
  type: 'object',
  properties: { metadata: values },
  required: ['metadata'],
  additionalProperties: false,
};

export const metaItemResponse = {
  type: 'object',
  properties: { meta: values },
  required: ['meta'],
  additionalProperties: false,
};
