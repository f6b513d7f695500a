import { identityName, idString, nullableIdString } from './resource-fields.js';
import {
  collectionEnvelope,
  collectionLinksSchema,
  memberEnvelope,
  pathParams,
  selfLinkSchema,
} from './response-envelopes.js';
import { roleEntity } from './roles.js';

/** Keystone's parameter_types.external_id_string: user ids may come from LDAP, so any text. */
const externalIdString = { type: 'string', minLength: 1, maxLength: 64 } as const;

const roleRef = {
  type: 'object',
  properties: { id: idString, name: identityName },
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
} as const;

/**
 * Keystone's trust_create. Other attributes are kept and shown back. `trustor_user_id` is not
 * required here: without it the create_trust policy refuses (403) first, as upstream.
 */
export const trustCreateBody = {
  type: 'object',
  required: ['trust'],
  properties: {
    trust: {
      type: 'object',
      required: ['trustee_user_id', 'impersonation'],
      properties: {
        trustor_user_id: externalIdString,
        trustee_user_id: externalIdString,
        impersonation: { type: 'boolean' },
        project_id: nullableIdString,
        remaining_uses: { type: ['integer', 'null'], minimum: 1 },
        expires_at: { type: ['string', 'null'] },
        allow_redelegation: { type: ['boolean', 'null'] },
        redelegation_count: { type: ['integer', 'null'], minimum: 0 },
        roles: { type: 'array', items: roleRef },
      },
      additionalProperties: true,
    },
  },
} as const;

export const trustListQuery = {
  type: 'object',
  properties: { trustor_user_id: { type: 'string' }, trustee_user_id: { type: 'string' } },
} as const;

export const trustParams = pathParams('trust_id');
export const trustRoleParams = pathParams('trust_id', 'role_id');

const trustSummary = {
  type: 'object',
  required: [
    'id',
    'trustor_user_id',
    'trustee_user_id',
    'project_id',
    'impersonation',
    'expires_at',
    'remaining_uses',
    'deleted_at',
    'redelegated_trust_id',
    'redelegation_count',
    'links',
  ],
  properties: {
    id: { type: 'string' },
    trustor_user_id: { type: 'string' },
    trustee_user_id: { type: 'string' },
    project_id: { type: ['string', 'null'] },
    impersonation: { type: 'boolean' },
    expires_at: { type: ['string', 'null'] },
    remaining_uses: { type: ['integer', 'null'] },
    deleted_at: { type: ['string', 'null'] },
    redelegated_trust_id: { type: ['string', 'null'] },
    redelegation_count: { type: ['integer', 'null'] },
    links: selfLinkSchema,
  },
  additionalProperties: true,
} as const;

const trustEntity = {
  ...trustSummary,
  required: [...trustSummary.required, 'roles', 'roles_links'],
  properties: {
    ...trustSummary.properties,
    roles: { type: 'array', items: roleEntity },
    roles_links: collectionLinksSchema,
  },
} as const;

export const trustResponse = memberEnvelope('trust', trustEntity);
export const trustListResponse = collectionEnvelope('trusts', trustSummary);
export const trustRoleResponse = memberEnvelope('role', roleEntity);
export const trustRoleListResponse = collectionEnvelope('roles', roleEntity);
