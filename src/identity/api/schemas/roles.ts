import { collectionEnvelope, memberEnvelope, pathParams, selfLinkSchema } from './response-envelopes.js';

/** Keystone's role_create/role_update properties; anything else is kept as an extra attribute. */
const roleProperties = {
  name: { type: 'string', minLength: 1, maxLength: 255, pattern: '[\\S]+' },
  description: { type: 'string' },
  domain_id: { type: ['string', 'null'] },
  options: {
    type: 'object',
    properties: { immutable: { type: ['boolean', 'null'] } },
    additionalProperties: false,
  },
} as const;

export const roleCreateBody = {
  type: 'object',
  required: ['role'],
  properties: {
    role: { type: 'object', required: ['name'], properties: roleProperties, additionalProperties: true },
  },
} as const;

export const roleUpdateBody = {
  type: 'object',
  required: ['role'],
  properties: {
    role: { type: 'object', properties: roleProperties, minProperties: 1, additionalProperties: true },
  },
} as const;

export const roleListQuery = {
  type: 'object',
  properties: { name: { type: 'string' }, domain_id: { type: 'string' } },
} as const;

export const roleParams = pathParams('role_id');
export const implicationParams = pathParams('prior_role_id', 'implied_role_id');
export const priorRoleParams = pathParams('prior_role_id');

export const roleEntity = {
  type: 'object',
  required: ['id', 'name', 'domain_id', 'description', 'options', 'links'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    domain_id: { type: ['string', 'null'] },
    description: { type: ['string', 'null'] },
    options: { type: 'object' },
    links: selfLinkSchema,
  },
  additionalProperties: true,
} as const;

export const roleResponse = memberEnvelope('role', roleEntity);
export const roleListResponse = collectionEnvelope('roles', roleEntity);

/** A role as an implication rule shows it: id, name and self link. */
const inferenceRole = {
  type: 'object',
  required: ['id', 'name', 'links'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, links: selfLinkSchema },
  additionalProperties: true,
} as const;

const inferenceLinks = {
  type: 'object',
  required: ['self'],
  properties: { self: { type: 'string' } },
} as const;

export const implicationResponse = {
  type: 'object',
  required: ['role_inference', 'links'],
  properties: {
    role_inference: {
      type: 'object',
      required: ['prior_role', 'implies'],
      properties: { prior_role: inferenceRole, implies: inferenceRole },
    },
    links: inferenceLinks,
  },
} as const;

export const impliedRolesResponse = {
  type: 'object',
  required: ['role_inference', 'links'],
  properties: {
    role_inference: {
      type: 'object',
      required: ['prior_role', 'implies'],
      properties: { prior_role: inferenceRole, implies: { type: 'array', items: inferenceRole } },
    },
    links: inferenceLinks,
  },
} as const;

export const roleInferencesResponse = {
  type: 'object',
  required: ['role_inferences'],
  properties: {
    role_inferences: {
      type: 'array',
      items: {
        type: 'object',
        required: ['prior_role', 'implies'],
        properties: { prior_role: inferenceRole, implies: { type: 'array', items: inferenceRole } },
      },
    },
  },
} as const;
