import { MAX_TAG_COUNT, tagSchema } from './servers.js';

/** Nova's server tags schemas (schemas/server_tags.py) and answers. */
export const tagsBody = {
  type: 'object',
  properties: { tags: { type: 'array', items: tagSchema, maxItems: MAX_TAG_COUNT } },
  required: ['tags'],
  additionalProperties: false,
};

export const tagsParams = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
};

export const tagParams = {
  type: 'object',
  properties: { id: { type: 'string' }, tag: { type: 'string' } },
  required: ['id', 'tag'],
};

export const tagsResponse = {
  type: 'object',
  properties: { tags: { type: 'array', items: { type: 'string' } } },
  required: ['tags'],
  additionalProperties: false,
};
