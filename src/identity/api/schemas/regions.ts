import { collectionEnvelope, memberEnvelope, pathParams, selfLinkSchema } from './response-envelopes.js';

/** Keystone's region_create/region_update: every attribute optional, extras allowed. */
const regionProperties = {
  id: { type: 'string', maxLength: 255 },
  description: { type: ['string', 'null'] },
  parent_region_id: { type: ['string', 'null'], maxLength: 255 },
} as const;

const regionBody = (minProperties: number) =>
  ({
    type: 'object',
    required: ['region'],
    properties: {
      region: { type: 'object', properties: regionProperties, minProperties, additionalProperties: true },
    },
  }) as const;

export const regionCreateBody = regionBody(0);
export const regionUpdateBody = regionBody(1);
export const regionParams = pathParams('region_id');

export const regionListQuery = {
  type: 'object',
  properties: { parent_region_id: { type: 'string' } },
} as const;

const regionEntity = {
  type: 'object',
  required: ['id', 'description', 'parent_region_id', 'links'],
  properties: {
    id: { type: 'string' },
    description: { type: 'string' },
    parent_region_id: { type: ['string', 'null'] },
    links: selfLinkSchema,
  },
  additionalProperties: true,
} as const;

export const regionResponse = memberEnvelope('region', regionEntity);
export const regionListResponse = collectionEnvelope('regions', regionEntity);
