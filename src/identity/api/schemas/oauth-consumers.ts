import { collectionEnvelope, memberEnvelope, pathParams, selfLinkSchema } from './response-envelopes.js';

/** Keystone's consumer_create/consumer_update: an optional nullable description; extras allowed. */
const consumerProperties = {
  description: { type: ['string', 'null'] },
} as const;

/** Keystone takes a missing `consumer` as an empty one. */
export const consumerCreateBody = {
  type: 'object',
  properties: {
    consumer: { type: 'object', properties: consumerProperties, additionalProperties: true },
  },
} as const;

export const consumerUpdateBody = {
  type: 'object',
  required: ['consumer'],
  properties: {
    consumer: {
      type: 'object',
      properties: consumerProperties,
      minProperties: 1,
      additionalProperties: true,
    },
  },
} as const;

export const consumerParams = pathParams('consumer_id');

const consumerEntityProperties = {
  id: { type: 'string' },
  description: { type: ['string', 'null'] },
  links: selfLinkSchema,
} as const;

const consumerEntity = {
  type: 'object',
  required: ['id', 'description', 'links'],
  properties: consumerEntityProperties,
  additionalProperties: true,
} as const;

const newConsumerEntity = {
  type: 'object',
  required: ['id', 'description', 'secret', 'links'],
  properties: { ...consumerEntityProperties, secret: { type: 'string' } },
  additionalProperties: true,
} as const;

export const consumerResponse = memberEnvelope('consumer', consumerEntity);
export const newConsumerResponse = memberEnvelope('consumer', newConsumerEntity);
export const consumerListResponse = collectionEnvelope('consumers', consumerEntity);
