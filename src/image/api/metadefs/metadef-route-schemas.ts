/**
 * Fastify schemas of the metadef routes. Bodies are read by hand against Glance's own JSON
 * schemas (for its messages), so they are declared as any object here; responses are checked
 * permissively (`additionalProperties: true`).
 */

const names = (...keys: string[]) => ({
  type: 'object',
  required: keys,
  properties: Object.fromEntries(keys.map((key) => [key, { type: 'string' }])),
});

export const namespaceParams = names('namespace');
export const objectParams = names('namespace', 'object_name');
export const propertyParams = names('namespace', 'property_name');
export const tagParams = names('namespace', 'tag_name');
export const associationParams = names('namespace', 'resource_type');

/** A body read by hand; Glance answers a body that is no object through its schema check. */
export const anyBody = {} as const;

export const anyQuery = { type: 'object', additionalProperties: true } as const;

export const noContent = { type: 'null' } as const;

const time = { type: 'string' } as const;

export const associationEntity = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string' },
    prefix: { type: 'string' },
    properties_target: { type: 'string' },
    created_at: time,
    updated_at: time,
  },
  additionalProperties: true,
} as const;

export const propertyEntity = {
  type: 'object',
  required: ['type', 'title'],
  properties: { name: { type: 'string' }, type: { type: 'string' }, title: { type: 'string' } },
  additionalProperties: true,
} as const;

export const propertyMap = { type: 'object', additionalProperties: propertyEntity } as const;

export const objectEntity = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string' },
    required: { type: 'array', items: { type: 'string' } },
    description: { type: 'string' },
    properties: propertyMap,
    created_at: time,
    updated_at: time,
    self: { type: 'string' },
    schema: { type: 'string' },
  },
  additionalProperties: true,
} as const;

export const tagEntity = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string' }, created_at: time, updated_at: time },
  additionalProperties: true,
} as const;

export const namespaceEntity = {
  type: 'object',
  required: ['namespace', 'visibility', 'protected', 'owner', 'created_at', 'updated_at', 'self', 'schema'],
  properties: {
    namespace: { type: 'string' },
    display_name: { type: 'string' },
    description: { type: 'string' },
    visibility: { enum: ['public', 'private'] },
    protected: { type: 'boolean' },
    owner: { type: 'string' },
    created_at: time,
    updated_at: time,
    resource_type_associations: { type: 'array', items: associationEntity },
    properties: propertyMap,
    objects: { type: 'array', items: objectEntity },
    tags: { type: 'array', items: tagEntity },
    self: { type: 'string' },
    schema: { type: 'string' },
  },
  additionalProperties: true,
} as const;

export const namespaceList = {
  type: 'object',
  required: ['namespaces', 'first', 'schema'],
  properties: {
    namespaces: { type: 'array', items: namespaceEntity },
    first: { type: 'string' },
    next: { type: 'string' },
    schema: { type: 'string' },
  },
} as const;

export const objectList = {
  type: 'object',
  required: ['objects', 'schema'],
  properties: { objects: { type: 'array', items: objectEntity }, schema: { type: 'string' } },
} as const;

export const propertyList = {
  type: 'object',
  required: ['properties'],
  properties: { properties: propertyMap },
} as const;

export const tagList = {
  type: 'object',
  required: ['tags'],
  properties: { tags: { type: 'array', items: tagEntity } },
} as const;

export const resourceTypeList = {
  type: 'object',
  required: ['resource_types'],
  properties: { resource_types: { type: 'array', items: associationEntity } },
} as const;

export const associationList = {
  type: 'object',
  required: ['resource_type_associations'],
  properties: { resource_type_associations: { type: 'array', items: associationEntity } },
} as const;

/** A JSON-schema document served under `/v2/schemas/metadefs/`. */
export const schemaDocument = {
  type: 'object',
  required: ['name', 'properties'],
  additionalProperties: true,
} as const;
