import { collectionEnvelope, memberEnvelope, pathParams, selfLinkSchema } from './response-envelopes.js';

/** Keystone's policy_create/policy_update: a string blob and a type; extras allowed. */
const policyProperties = {
  blob: { type: 'string' },
  type: { type: 'string', maxLength: 255 },
} as const;

export const policyCreateBody = {
  type: 'object',
  required: ['policy'],
  properties: {
    policy: {
      type: 'object',
      required: ['blob', 'type'],
      properties: policyProperties,
      additionalProperties: true,
    },
  },
} as const;

export const policyUpdateBody = {
  type: 'object',
  required: ['policy'],
  properties: {
    policy: { type: 'object', properties: policyProperties, minProperties: 1, additionalProperties: true },
  },
} as const;

export const policyParams = pathParams('policy_id');

export const policyListQuery = {
  type: 'object',
  properties: { type: { type: 'string' } },
} as const;

const policyEntity = {
  type: 'object',
  required: ['id', 'type', 'blob', 'links'],
  properties: {
    id: { type: 'string' },
    type: { type: 'string' },
    blob: { type: 'string' },
    links: selfLinkSchema,
  },
  additionalProperties: true,
} as const;

export const policyResponse = memberEnvelope('policy', policyEntity);
export const policyListResponse = collectionEnvelope('policies', policyEntity);
