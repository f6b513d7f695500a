import { collectionEnvelope, memberEnvelope, pathParams, selfLinkSchema } from './response-envelopes.js';

/** Keystone's service_create/service_update; `name` follows parameter_types.name. */
const serviceProperties = {
  type: { type: 'string', minLength: 1, maxLength: 255 },
  name: { type: 'string', minLength: 1, maxLength: 255, pattern: '\\S' },
  enabled: { type: 'boolean' },
} as const;

export const serviceCreateBody = {
  type: 'object',
  required: ['service'],
  properties: {
    service: {
      type: 'object',
      required: ['type'],
      properties: serviceProperties,
      additionalProperties: true,
    },
  },
} as const;

export const serviceUpdateBody = {
  type: 'object',
  required: ['service'],
  properties: {
    service: { type: 'object', properties: serviceProperties, minProperties: 1, additionalProperties: true },
  },
} as const;

export const serviceParams = pathParams('service_id');

export const serviceListQuery = {
  type: 'object',
  properties: { type: { type: 'string' }, name: { type: 'string' } },
} as const;

const serviceEntity = {
  type: 'object',
  required: ['id', 'type', 'enabled', 'name', 'links'],
  properties: {
    id: { type: 'string' },
    type: { type: 'string' },
    enabled: { type: 'boolean' },
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    links: selfLinkSchema,
  },
  additionalProperties: true,
} as const;

export const serviceResponse = memberEnvelope('service', serviceEntity);
export const serviceListResponse = collectionEnvelope('services', serviceEntity);
