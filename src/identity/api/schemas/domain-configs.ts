import { pathParams } from './response-envelopes.js';

/**
 * `{"config": {...}}` both ways. The config's shape (groups of options, which ones are allowed)
 * is checked by the domain config rules, which answer Keystone's own 403s; a missing config is
 * an empty one, as Keystone reads it.
 */
export const domainConfigBody = {
  type: 'object',
  properties: { config: { type: 'object', additionalProperties: true } },
} as const;

export const domainConfigResponse = {
  type: 'object',
  required: ['config'],
  properties: { config: { type: 'object', additionalProperties: true } },
} as const;

export const domainConfigParams = pathParams('domain_id');
export const domainConfigGroupParams = pathParams('domain_id', 'group');
export const domainConfigOptionParams = pathParams('domain_id', 'group', 'option');
export const defaultConfigGroupParams = pathParams('group');
export const defaultConfigOptionParams = pathParams('group', 'option');
