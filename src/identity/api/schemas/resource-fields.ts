/**
 * JSON-schema pieces shared by the identity resource APIs (domains, projects, users, groups),
 * with Keystone's limits (keystone/common/validation/parameter_types.py).
 */

/** An entity name: any text with something besides blanks in it. */
export const identityName = { type: 'string', minLength: 1, maxLength: 255, pattern: '[\\S]+' } as const;

/** Project and domain names are shorter. */
export const resourceName = { type: 'string', minLength: 1, maxLength: 64, pattern: '[\\S]+' } as const;

export const idString = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-zA-Z0-9-]+$' } as const;

export const nullableIdString = { ...idString, type: ['string', 'null'] } as const;

export const description = { type: ['string', 'null'] } as const;

export const enabled = { type: 'boolean' } as const;

/** One project tag: no comma (lists are comma-separated in filters) and no slash (it is a path segment). */
export const tagName = { type: 'string', minLength: 1, maxLength: 255, pattern: '^[^,/]*$' } as const;

export const tagList = { type: 'array', items: tagName, maxItems: 80, uniqueItems: true } as const;

/** The `immutable` option of projects and domains. */
export const resourceOptions = {
  type: 'object',
  properties: { immutable: { type: ['boolean', 'null'] } },
} as const;

export const entityLinks = {
  type: 'object',
  required: ['self'],
  properties: { self: { type: 'string' } },
} as const;

export const collectionLinks = {
  type: 'object',
  required: ['self'],
  properties: {
    self: { type: 'string' },
    previous: { type: ['string', 'null'] },
    next: { type: ['string', 'null'] },
  },
} as const;

/** A list's query: the named filters are text; anything else (`name__contains`...) is allowed too. */
export function listQuery(filters: readonly string[]) {
  return {
    type: 'object',
    properties: Object.fromEntries(filters.map((name) => [name, { type: 'string' }])),
    additionalProperties: true,
  } as const;
}

/** Path parameters, each any non-empty text. */
export function pathParams(...names: string[]) {
  return {
    type: 'object',
    required: names,
    properties: Object.fromEntries(names.map((name) => [name, { type: 'string', minLength: 1 }])),
  } as const;
}

/** Responses without a body. */
export const noContent = { type: 'null' } as const;
