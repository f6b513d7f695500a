import {
  collectionLinks,
  description,
  enabled,
  entityLinks,
  idString,
  identityName,
  nullableIdString,
} from './resource-fields.js';

const nullableBoolean = { type: ['boolean', 'null'] } as const;

/** Keystone's user options and how each is checked (identity/backends/resource_options.py). */
const userOptions = {
  type: 'object',
  properties: {
    ignore_change_password_upon_first_use: nullableBoolean,
    ignore_password_expiry: nullableBoolean,
    ignore_lockout_failure_attempts: nullableBoolean,
    lock_password: nullableBoolean,
    ignore_user_inactivity: nullableBoolean,
    multi_factor_auth_rules: {
      type: ['array', 'null'],
      items: { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true },
      uniqueItems: true,
    },
    multi_factor_auth_enabled: nullableBoolean,
  },
  additionalProperties: false,
} as const;

const federated = {
  type: 'array',
  items: {
    type: 'object',
    required: ['idp_id', 'protocols'],
    properties: {
      idp_id: { type: 'string' },
      protocols: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['protocol_id', 'unique_id'],
          properties: { protocol_id: { type: 'string' }, unique_id: { type: 'string' } },
        },
      },
    },
  },
} as const;

/** Keystone's user schemas (keystone/identity/schema.py): other attributes (email...) are kept. */
const userProperties = {
  default_project_id: nullableIdString,
  description,
  domain_id: idString,
  enabled,
  federated,
  name: identityName,
  password: { type: ['string', 'null'] },
  options: userOptions,
};

export const createUserBody = {
  type: 'object',
  required: ['user'],
  properties: {
    user: { type: 'object', required: ['name'], properties: userProperties, additionalProperties: true },
  },
} as const;

export const updateUserBody = {
  type: 'object',
  required: ['user'],
  properties: {
    user: { type: 'object', properties: userProperties, minProperties: 1, additionalProperties: true },
  },
} as const;

/** `POST /v3/users/{id}/password`. */
export const changePasswordBody = {
  type: 'object',
  required: ['user'],
  properties: {
    user: {
      type: 'object',
      required: ['original_password', 'password'],
      properties: { original_password: { type: 'string' }, password: { type: 'string' } },
      additionalProperties: false,
    },
  },
} as const;

export const userEntity = {
  type: 'object',
  required: ['id', 'name', 'domain_id', 'enabled', 'password_expires_at', 'options', 'links'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    domain_id: { type: 'string' },
    enabled: { type: 'boolean' },
    default_project_id: { type: 'string' },
    password_expires_at: { type: ['string', 'null'] },
    options: { type: 'object' },
    links: entityLinks,
  },
  additionalProperties: true,
} as const;

export const userResponse = {
  type: 'object',
  required: ['user'],
  properties: { user: userEntity },
} as const;

export const userListResponse = {
  type: 'object',
  required: ['users', 'links'],
  properties: { users: { type: 'array', items: userEntity }, links: collectionLinks },
} as const;
