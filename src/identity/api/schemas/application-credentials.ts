import { accessRuleEntity, accessRuleRef } from './access-rules.js';
import { collectionEnvelope, memberEnvelope, pathParams, selfLinkSchema } from './response-envelopes.js';

/** Keystone's parameter_types.id_string and name. */
const idString = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-zA-Z0-9-]+$' } as const;
const name = { type: 'string', minLength: 1, maxLength: 255, pattern: '\\S' } as const;

const roleRef = {
  type: 'object',
  properties: { id: idString, name },
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
} as const;

/** Keystone's application_credential_create; an unknown attribute is refused (Keystone has no column for it). */
export const applicationCredentialCreateBody = {
  type: 'object',
  required: ['application_credential'],
  properties: {
    application_credential: {
      type: 'object',
      required: ['name'],
      properties: {
        name,
        description: { type: ['string', 'null'] },
        secret: { type: ['string', 'null'] },
        expires_at: { type: ['string', 'null'] },
        roles: { type: 'array', items: roleRef },
        unrestricted: { type: 'boolean' },
        access_rules: { type: 'array', items: accessRuleRef },
      },
      additionalProperties: false,
    },
  },
} as const;

export const applicationCredentialUserParams = pathParams('user_id');
export const applicationCredentialParams = pathParams('user_id', 'application_credential_id');

export const applicationCredentialListQuery = {
  type: 'object',
  properties: { name: { type: 'string' } },
} as const;

const roleEntity = {
  type: 'object',
  required: ['id', 'name'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    domain_id: { type: ['string', 'null'] },
    description: { type: ['string', 'null'] },
    options: { type: 'object' },
  },
  additionalProperties: true,
} as const;

const applicationCredentialEntity = {
  type: 'object',
  required: [
    'id',
    'name',
    'description',
    'user_id',
    'project_id',
    'expires_at',
    'unrestricted',
    'roles',
    'links',
  ],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    user_id: { type: 'string' },
    project_id: { type: ['string', 'null'] },
    system: { type: ['string', 'null'] },
    expires_at: { type: ['string', 'null'] },
    unrestricted: { type: ['boolean', 'null'] },
    roles: { type: 'array', items: roleEntity },
    secret: { type: 'string' },
    access_rules: { type: 'array', items: accessRuleEntity },
    links: selfLinkSchema,
  },
  additionalProperties: true,
} as const;

export const applicationCredentialResponse = memberEnvelope(
  'application_credential',
  applicationCredentialEntity,
);
export const applicationCredentialListResponse = collectionEnvelope(
  'application_credentials',
  applicationCredentialEntity,
);
