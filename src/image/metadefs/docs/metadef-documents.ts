import type { JsonSchema } from '../../validation/json-schema-check.js';
import { metadefDefinitions, propertyTypeFields, readOnlyTime } from './property-type-schema.js';

/**
 * The JSON schemas of Glance's metadata definitions, as `GET /v2/schemas/metadefs/...` serves
 * them and as requests are checked against them: an entity schema is closed
 * (`additionalProperties: false`); a collection lists entities and carries their definitions.
 */

interface EntityParts {
  required?: string[];
  definitions?: Record<string, JsonSchema>;
}

function entitySchema(name: string, properties: Record<string, JsonSchema>, parts: EntityParts): JsonSchema {
  return {
    name,
    properties,
    additionalProperties: false,
    ...(parts.definitions ? { definitions: parts.definitions } : {}),
    ...(parts.required?.length ? { required: parts.required } : {}),
  };
}

const COLLECTION_LINKS = [
  { rel: 'first', href: '{first}' },
  { rel: 'next', href: '{next}' },
  { rel: 'describedby', href: '{schema}' },
];

/** A list of entities (`{"namespaces": [...]}`), or a map of them by name (`{"properties": {...}}`). */
function collectionSchema(name: string, item: JsonSchema, shape: 'array' | 'map'): JsonSchema {
  const { definitions, ...entity } = item;
  const members =
    shape === 'array' ? { type: 'array', items: entity } : { type: 'object', additionalProperties: entity };
  return {
    name,
    properties: {
      [name]: members,
      first: { type: 'string' },
      next: { type: 'string' },
      schema: { type: 'string' },
    },
    links: COLLECTION_LINKS.map((link) => ({ ...link })),
    ...(definitions ? { definitions } : {}),
  };
}

const readOnlyString = (): JsonSchema => ({ readOnly: true, type: 'string' });

export function namespaceSchema(): JsonSchema {
  return entitySchema(
    'namespace',
    {
      namespace: { type: 'string', description: 'The unique namespace text.', maxLength: 80 },
      display_name: {
        type: 'string',
        description: 'The user friendly name for the namespace. Used by UI if available.',
        maxLength: 80,
      },
      description: {
        type: 'string',
        description: 'Provides a user friendly description of the namespace.',
        maxLength: 500,
      },
      visibility: {
        type: 'string',
        description: 'Scope of namespace accessibility.',
        enum: ['public', 'private'],
      },
      protected: { type: 'boolean', description: 'If true, namespace will not be deletable.' },
      owner: { type: 'string', description: 'Owner of the namespace.', maxLength: 255 },
      created_at: readOnlyTime('Date and time of namespace creation'),
      updated_at: readOnlyTime('Date and time of the last namespace modification'),
      schema: readOnlyString(),
      self: readOnlyString(),
      resource_type_associations: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            prefix: { type: 'string' },
            properties_target: { type: 'string' },
          },
        },
      },
      properties: { $ref: '#/definitions/property' },
      objects: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            description: { type: 'string' },
            required: { $ref: '#/definitions/stringArray' },
            properties: { $ref: '#/definitions/property' },
          },
        },
      },
      tags: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
    },
    { required: ['namespace'], definitions: metadefDefinitions({ withProperty: true }) },
  );
}

export function objectSchema(): JsonSchema {
  return entitySchema(
    'object',
    {
      name: { type: 'string', maxLength: 80 },
      description: { type: 'string' },
      required: { $ref: '#/definitions/stringArray' },
      properties: { $ref: '#/definitions/property' },
      schema: readOnlyString(),
      self: readOnlyString(),
      created_at: readOnlyTime('Date and time of object creation'),
      updated_at: readOnlyTime('Date and time of the last object modification'),
    },
    { required: ['name'], definitions: metadefDefinitions({ withProperty: true }) },
  );
}

/**
 * One property definition. Alone (`POST .../properties`) it needs its `name`; inside an object's
 * `properties`, or in the collection, the name is the key.
 */
export function propertySchema(options: { requireName: boolean } = { requireName: true }): JsonSchema {
  return entitySchema('property', propertyTypeFields(), {
    required: ['type', 'title', ...(options.requireName ? ['name'] : [])],
    definitions: metadefDefinitions({ withProperty: false, stringArrayMinItems: 1 }),
  });
}

export function tagSchema(): JsonSchema {
  return entitySchema(
    'tag',
    {
      name: { type: 'string', maxLength: 80 },
      created_at: readOnlyTime('Date and time of tag creation'),
      updated_at: readOnlyTime('Date and time of the last tag modification'),
    },
    { required: ['name'] },
  );
}

/** The body of `POST .../tags` (several tags at once); not served. */
export function tagListSchema(): JsonSchema {
  return entitySchema(
    'tags',
    {
      tags: {
        type: 'array',
        items: {
          type: 'object',
          properties: { name: { type: 'string' } },
          required: ['name'],
          additionalProperties: false,
        },
      },
    },
    {},
  );
}

export function resourceTypeAssociationSchema(): JsonSchema {
  return entitySchema(
    'resource_type_association',
    {
      name: {
        type: 'string',
        description:
          'Resource type names should be aligned with Heat resource types whenever possible: ' +
          'https://docs.openstack.org/heat/latest/template_guide/openstack.html',
        maxLength: 80,
      },
      prefix: {
        type: 'string',
        description:
          'Specifies the prefix to use for the given resource type. Any properties in the namespace ' +
          'should be prefixed with this prefix when being applied to the specified resource type. ' +
          'Must include prefix separator (e.g. a colon :).',
        maxLength: 80,
      },
      properties_target: {
        type: 'string',
        description:
          'Some resource types allow more than one key / value pair per instance.  For example, ' +
          'Cinder allows user and image metadata on volumes. Only the image properties metadata is ' +
          'evaluated by Nova (scheduling or drivers). This property allows a namespace target to ' +
          'remove the ambiguity.',
        maxLength: 80,
      },
      created_at: readOnlyTime('Date and time of resource type association'),
      updated_at: readOnlyTime('Date and time of the last resource type association modification'),
    },
    { required: ['name'] },
  );
}

/** The ten documents under `/v2/schemas/metadefs/`, by name. */
export const METADEF_DOCUMENTS: Record<string, () => JsonSchema> = {
  namespace: namespaceSchema,
  namespaces: () => collectionSchema('namespaces', namespaceSchema(), 'array'),
  object: objectSchema,
  objects: () => collectionSchema('objects', objectSchema(), 'array'),
  property: () => propertySchema(),
  properties: () => collectionSchema('properties', propertySchema({ requireName: false }), 'map'),
  tag: tagSchema,
  tags: () => collectionSchema('tags', tagSchema(), 'array'),
  resource_type: resourceTypeAssociationSchema,
  resource_types: () =>
    collectionSchema('resource_type_associations', resourceTypeAssociationSchema(), 'array'),
};
