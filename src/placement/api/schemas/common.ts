/** Pieces of placement's request schemas (placement/schemas/common.py) and response schemas. */

export const UUID_PATTERN = '^[0-9a-fA-F-]{36}$';
export const RC_PATTERN = '^[A-Z0-9_]+$';
export const CUSTOM_RC_PATTERN = '^CUSTOM_[A-Z0-9_]+$';
export const CUSTOM_TRAIT_PATTERN = CUSTOM_RC_PATTERN;
export const CONSUMER_TYPE_PATTERN = RC_PATTERN;
export const CONSUMER_TYPE_GET_PATTERN = `${RC_PATTERN}|^all|^unknown$`;
export const GROUP_PATTERN_1_33 = '[a-zA-Z0-9_-]{1,64}';

/** The path parameter of `/resource_providers/{uuid}/...`; any text, unknown ones are 404s. */
export const providerParams = {
  type: 'object',
  properties: { uuid: { type: 'string' } },
  required: ['uuid'],
} as const;

/** Query strings are checked per microversion in the handlers, with upstream's messages. */
export const anyQuery = { type: 'object', additionalProperties: true } as const;

export const link = {
  type: 'object',
  properties: { rel: { type: 'string' }, href: { type: 'string' } },
  required: ['rel', 'href'],
  additionalProperties: true,
} as const;

/** `{"VCPU": 2, ...}` */
export const amountsByClass = { type: 'object', additionalProperties: { type: 'integer' } } as const;
