import { linksSchema } from './volume-schemas.js';

export const extensionParams = {
  type: 'object',
  properties: { project_id: { type: 'string' }, alias: { type: 'string' } },
  required: ['alias'],
};

/** An item of Tempest's `list_extensions`; the show answers one alone. */
const extensionView = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    alias: { type: 'string' },
    description: { type: 'string' },
    updated: { type: 'string' },
    links: linksSchema,
  },
  required: ['name', 'alias', 'description', 'updated', 'links'],
  additionalProperties: false,
};

export const extensionListResponse = {
  type: 'object',
  properties: { extensions: { type: 'array', items: extensionView } },
  required: ['extensions'],
  additionalProperties: false,
};

export const extensionResponse = {
  type: 'object',
  properties: { extension: extensionView },
  required: ['extension'],
  additionalProperties: false,
};
