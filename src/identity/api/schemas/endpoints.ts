import { collectionEnvelope, memberEnvelope, pathParams, selfLinkSchema } from './response-envelopes.js';

const INTERFACES = ['admin', 'internal', 'public'] as const;

/** Keystone's endpoint_create/endpoint_update; `url` follows parameter_types.url. */
const endpointProperties = {
  enabled: { type: 'boolean' },
  interface: { type: 'string', enum: INTERFACES },
  region_id: { type: 'string', maxLength: 255 },
  region: { type: 'string', maxLength: 255 },
  service_id: { type: 'string' },
  url: { type: 'string', maxLength: 225, pattern: '^[a-zA-Z0-9+.-]+:.+' },
} as const;

export const endpointCreateBody = {
  type: 'object',
  required: ['endpoint'],
  properties: {
    endpoint: {
      type: 'object',
      required: ['interface', 'service_id', 'url'],
      properties: endpointProperties,
      additionalProperties: true,
    },
  },
} as const;

export const endpointUpdateBody = {
  type: 'object',
  required: ['endpoint'],
  properties: {
    endpoint: {
      type: 'object',
      properties: endpointProperties,
      minProperties: 1,
      additionalProperties: true,
    },
  },
} as const;

export const endpointParams = pathParams('endpoint_id');

export const endpointListQuery = {
  type: 'object',
  properties: {
    service_id: { type: 'string' },
    interface: { type: 'string' },
    region_id: { type: 'string' },
  },
} as const;

const endpointEntity = {
  type: 'object',
  required: ['id', 'interface', 'region_id', 'region', 'service_id', 'url', 'enabled', 'links'],
  properties: {
    id: { type: 'string' },
    interface: { type: 'string' },
    region_id: { type: ['string', 'null'] },
    region: { type: ['string', 'null'] },
    service_id: { type: 'string' },
    url: { type: 'string' },
    enabled: { type: 'boolean' },
    links: selfLinkSchema,
  },
  additionalProperties: true,
} as const;

export const endpointResponse = memberEnvelope('endpoint', endpointEntity);
export const endpointListResponse = collectionEnvelope('endpoints', endpointEntity);
