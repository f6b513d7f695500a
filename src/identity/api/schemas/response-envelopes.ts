/**
 * Keystone's response envelopes: `{"<member>": {...}}` for one entity and
 * `{"<collection>": [...], "links": {...}}` for a list. Entity schemas stay permissive
 * (extra attributes are allowed) because Keystone shows whatever a client stored.
 */

export const selfLinkSchema = {
  type: 'object',
  required: ['self'],
  properties: { self: { type: 'string' } },
  additionalProperties: true,
} as const;

export const collectionLinksSchema = {
  type: 'object',
  required: ['self', 'previous', 'next'],
  properties: {
    self: { type: 'string' },
    previous: { type: ['string', 'null'] },
    next: { type: ['string', 'null'] },
  },
} as const;

/** `{ [key]: entity }` */
export function memberEnvelope(key: string, entity: object) {
  return { type: 'object', required: [key], properties: { [key]: entity } } as const;
}

/** `{ [key]: [entity...], links }` */
export function collectionEnvelope(key: string, entity: object) {
  return {
    type: 'object',
    required: [key, 'links'],
    properties: { [key]: { type: 'array', items: entity }, links: collectionLinksSchema },
  } as const;
}

/** Path parameters: each named one is a non-empty string. */
export function pathParams(...names: string[]) {
  return {
    type: 'object',
    required: names,
    properties: Object.fromEntries(names.map((name) => [name, { type: 'string', minLength: 1 }])),
  } as const;
}
