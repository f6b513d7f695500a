import { collectionEnvelope, memberEnvelope, pathParams, selfLinkSchema } from './response-envelopes.js';

/** Keystone's credential attributes; an ec2 credential also needs project_id (checked on create). */
const credentialProperties = {
  blob: { type: 'string' },
  project_id: { type: 'string' },
  type: { type: 'string' },
  user_id: { type: 'string' },
} as const;

export const credentialCreateBody = {
  type: 'object',
  required: ['credential'],
  properties: {
    credential: {
      type: 'object',
      required: ['blob', 'type', 'user_id'],
      properties: credentialProperties,
      additionalProperties: true,
    },
  },
} as const;

export const credentialUpdateBody = {
  type: 'object',
  required: ['credential'],
  properties: {
    credential: {
      type: 'object',
      properties: credentialProperties,
      minProperties: 1,
      additionalProperties: true,
    },
  },
} as const;

export const credentialParams = pathParams('credential_id');

export const credentialListQuery = {
  type: 'object',
  properties: { user_id: { type: 'string' }, type: { type: 'string' } },
} as const;

const credentialEntity = {
  type: 'object',
  required: ['id', 'user_id', 'project_id', 'type', 'blob', 'links'],
  properties: {
    id: { type: 'string' },
    user_id: { type: 'string' },
    project_id: { type: ['string', 'null'] },
    type: { type: 'string' },
    blob: { type: 'string' },
    links: selfLinkSchema,
  },
  additionalProperties: true,
} as const;

export const credentialResponse = memberEnvelope('credential', credentialEntity);
export const credentialListResponse = collectionEnvelope('credentials', credentialEntity);
