import { metadataSchema } from '../volumes/request-validation.js';

/**
 * The JSON-schema pieces the block storage API's schemas share: Cinder's parameter types
 * (cinder/api/validation/parameter_types.py) for requests, the URL parameters, and the shapes
 * every resource's answers repeat.
 */

/** Cinder's `uuid_allow_null`. */
export const uuidAllowNull = { oneOf: [{ type: 'string', format: 'uuid' }, { type: 'null' }] };

/** Cinder's `nullable_string` (its `name_allow_zero_min_length` is the same): text or null, up to 255. */
export const nullableString = { type: ['string', 'null'], minLength: 0, maxLength: 255 };

/** Cinder's `description`: printable characters (horizontal spaces allowed), up to 255. */
export const description = {
  type: ['string', 'null'],
  minLength: 0,
  maxLength: 255,
  pattern: '^[^\\p{C}\\p{Zl}\\p{Zp}]*$',
};

/** Cinder's `metadata_allows_null`. */
export const metadataAllowsNull = { ...metadataSchema, type: ['object', 'null'] };

/** Fastify sees any body; the handlers check it as Cinder does. */
export const anyBody = {};

/** The project in the URL (absent under `/v3` from 3.67); the token's project is the one that counts. */
export const projectParams = {
  type: 'object',
  properties: { project_id: { type: 'string' } },
};

/** The URL parameters of a resource's path beside the project, e.g. `('snapshot_id', 'key')`, all required. */
export function resourceParams(...names: string[]) {
  return {
    type: 'object',
    properties: {
      ...projectParams.properties,
      ...Object.fromEntries(names.map((name) => [name, { type: 'string' }])),
    },
    required: names,
  };
}

/** A 200 or 202 without a body. */
export const emptyResponse = { type: 'null' };

export const nullableText = { type: ['string', 'null'] };

export const stringMap = { type: 'object', additionalProperties: { type: 'string' } };

/** A resource's `links`, or a list's `<collection>_links`. */
export const linksSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: { href: { type: 'string' }, rel: { type: 'string' } },
    required: ['href', 'rel'],
    additionalProperties: false,
  },
};

/** `{"metadata": {...}}`: a volume's or a snapshot's metadata. */
export const metadataResponse = {
  type: 'object',
  properties: { metadata: stringMap },
  required: ['metadata'],
  additionalProperties: false,
};

/** `{"meta": {"<key>": "<value>"}}`: one item of it. */
export const metaItemResponse = {
  type: 'object',
  properties: { meta: stringMap },
  required: ['meta'],
  additionalProperties: false,
};

/**
 * A list's answer: `{"<key>": [...]}`, with Cinder's `<key>_links` (or `linksKey`) when a next
 * page follows, and `count` where the list takes `with_count`.
 */
export function listResponse(
  key: string,
  item: object,
  options: { linksKey?: string; count?: boolean } = {},
): object {
  return {
    type: 'object',
    properties: {
      [key]: { type: 'array', items: item },
      [options.linksKey ?? `${key}_links`]: linksSchema,
      ...(options.count ? { count: { type: 'integer' } } : {}),
    },
    required: [key],
    additionalProperties: false,
  };
}
