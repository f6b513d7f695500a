import { QUOTA_RESOURCES } from '../../quotas/resources.js';
import { booleanParameter, multiParam } from './parameter-types.js';

/** `common_quota`: an integer (or its digits) from -1 (unlimited) to the database's MAX_INT. */
const commonQuota = { type: ['integer', 'string'], pattern: '^-?[0-9]+$', minimum: -1, maximum: 0x7fffffff };
const resourceProperties = Object.fromEntries(QUOTA_RESOURCES.map((name) => [name, commonQuota]));

/**
 * PUT /os-quota-sets/{id}: the union of Nova's `update`, `update_v236` and `update_v257`; the
 * handler refuses the fields the request's microversion dropped.
 */
export const updateQuotaSetBody = {
  type: 'object',
  properties: {
    quota_set: {
      type: 'object',
      properties: { ...resourceProperties, networks: commonQuota, force: booleanParameter },
      additionalProperties: false,
    },
  },
  required: ['quota_set'],
  additionalProperties: false,
};

/** PUT /os-quota-class-sets/{id}: the union of `update`, `update_v250` and `update_v257`. */
export const updateQuotaClassBody = {
  type: 'object',
  properties: {
    quota_class_set: { type: 'object', properties: resourceProperties, additionalProperties: false },
  },
  required: ['quota_class_set'],
  additionalProperties: false,
};

/** `?user_id`; unknown parameters are refused from 2.75 in the handler. */
export const quotaSetQuery = {
  type: 'object',
  properties: { user_id: multiParam() },
  additionalProperties: true,
};

export const quotaSetParams = {
  type: 'object',
  properties: { project_id: { type: 'string' } },
  required: ['project_id'],
};

export const quotaClassParams = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
};

const integerValues = Object.fromEntries(QUOTA_RESOURCES.map((name) => [name, { type: 'integer' }]));
const detailValue = {
  type: 'object',
  properties: { in_use: { type: 'integer' }, limit: { type: 'integer' }, reserved: { type: 'integer' } },
  required: ['in_use', 'limit', 'reserved'],
  additionalProperties: false,
};

/** Tempest's quota_set (v2_1, v2_36, v2_57): id with show and defaults, not with update. */
export const quotaSetResponse = {
  type: 'object',
  properties: {
    quota_set: {
      type: 'object',
      properties: { id: { type: 'string' }, ...integerValues },
      additionalProperties: false,
    },
  },
  required: ['quota_set'],
  additionalProperties: false,
};

/** Tempest's quota_set detail: each resource's in_use, limit and reserved. */
export const quotaSetDetailResponse = {
  type: 'object',
  properties: {
    quota_set: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        ...Object.fromEntries(QUOTA_RESOURCES.map((name) => [name, detailValue])),
      },
      required: ['id'],
      additionalProperties: false,
    },
  },
  required: ['quota_set'],
  additionalProperties: false,
};

export const quotaClassResponse = {
  type: 'object',
  properties: {
    quota_class_set: {
      type: 'object',
      properties: { id: { type: 'string' }, ...integerValues },
      additionalProperties: false,
    },
  },
  required: ['quota_class_set'],
  additionalProperties: false,
};
