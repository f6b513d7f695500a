import { collectionEnvelope, memberEnvelope, pathParams, selfLinkSchema } from './response-envelopes.js';

/** Keystone's parameter_types.id_string. */
const idString = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-zA-Z0-9-]+$' } as const;

/**
 * An access rule in an application credential create request (Keystone's schema): an existing
 * rule of the user by `id`, or a rule by `service`, `path` and `method`, all three then needed
 * (Keystone fails with a 500 when one is missing).
 */
export const accessRuleRef = {
  type: 'object',
  properties: {
    path: { type: 'string', maxLength: 225, pattern: '^/' },
    method: { type: 'string', pattern: '^(POST|GET|HEAD|PATCH|PUT|DELETE)$' },
    service: idString,
    id: idString,
  },
  additionalProperties: false,
  if: { required: ['id'] },
  else: { required: ['service', 'path', 'method'] },
} as const;

export const accessRuleParams = pathParams('user_id', 'access_rule_id');

/** `GET /v3/users/{user_id}/access_rules` filters, each an exact match. */
export const accessRuleListQuery = {
  type: 'object',
  properties: { service: { type: 'string' }, path: { type: 'string' }, method: { type: 'string' } },
} as const;

/** A rule as an application credential and its tokens show it. */
export const accessRuleEntity = {
  type: 'object',
  required: ['id', 'service', 'path', 'method'],
  properties: {
    id: { type: 'string' },
    service: { type: 'string' },
    path: { type: 'string' },
    method: { type: 'string' },
  },
  additionalProperties: true,
} as const;

const linkedAccessRule = {
  ...accessRuleEntity,
  required: [...accessRuleEntity.required, 'links'],
  properties: { ...accessRuleEntity.properties, links: selfLinkSchema },
} as const;

export const accessRuleResponse = memberEnvelope('access_rule', linkedAccessRule);
export const accessRuleListResponse = collectionEnvelope('access_rules', linkedAccessRule);
