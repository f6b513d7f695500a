import type { JsonValue } from '../../../common/python-format.js';
import {
  namespaceSchema,
  objectSchema,
  propertySchema,
  resourceTypeAssociationSchema,
  tagListSchema,
  tagSchema,
} from '../docs/metadef-documents.js';
import type { NamespaceVisibility, PropertyDefinition } from '../model.js';
import { readPropertyDefinition, readPropertyDefinitions } from './property-definition.js';
import { matchSchema, readBody } from './request-body.js';
import { boolean, checkAttributes, text, textList, type JsonObject } from './wsme-fields.js';

/** The bodies of the metadef API, checked and converted as Glance's deserializers and models do. */

const SERVER_WRITTEN = ['self', 'schema', 'created_at', 'updated_at'];
const TIMESTAMPS = ['created_at', 'updated_at'];

export interface AssociationInput {
  name: string;
  prefix?: string | null;
  properties_target?: string | null;
}

export interface ObjectInput {
  name: string;
  required?: string[] | null;
  description?: string | null;
  properties?: Record<string, PropertyDefinition>;
}

export interface NamespaceInput {
  namespace: string;
  display_name?: string | null;
  description?: string | null;
  visibility?: NamespaceVisibility | null;
  protected?: boolean | null;
  owner?: string | null;
  resource_type_associations?: AssociationInput[];
  properties?: Record<string, PropertyDefinition>;
  objects?: ObjectInput[];
  tags?: Array<{ name: string }>;
}

const NAMESPACE = namespaceSchema();
const OBJECT = objectSchema();
const PROPERTY = propertySchema();
const PROPERTY_OF_OBJECT = propertySchema({ requireName: false });
const TAG = tagSchema();
const TAG_LIST = tagListSchema();
const ASSOCIATION = resourceTypeAssociationSchema();

const OBJECT_ATTRIBUTES = ['name', 'required', 'description', 'properties', ...SERVER_WRITTEN];
const ASSOCIATION_ATTRIBUTES = ['name', 'prefix', 'properties_target', ...TIMESTAMPS];
const TAG_ATTRIBUTES = ['name', ...TIMESTAMPS];

/** Copies the attributes given (present in `source`) through their converters. */
function pick<T>(
  source: JsonObject,
  field: string,
  converters: Record<string, (v: JsonValue, f: string) => unknown>,
) {
  const picked: Record<string, unknown> = {};
  for (const [name, convert] of Object.entries(converters)) {
    if (source[name] !== undefined) picked[name] = convert(source[name], `${field}.${name}`);
  }
  return picked as T;
}

function associationOf(value: JsonObject, field: string): AssociationInput {
  return pick<AssociationInput>(value, field, { name: text, prefix: text, properties_target: text });
}

function objectOf(value: JsonObject, field: string): ObjectInput {
  return pick<ObjectInput>(value, field, {
    name: text,
    required: textList,
    description: text,
    properties: readPropertyDefinitions,
  });
}

/** `POST /v2/metadefs/namespaces` and `PUT .../{namespace}`. */
export function readNamespaceInput(body: unknown): NamespaceInput {
  const value = readBody(body, NAMESPACE, {
    readOnly: SERVER_WRITTEN,
    attributes: Object.keys(NAMESPACE.properties ?? {}),
    mandatory: ['namespace'],
  });
  const list = <T>(
    name: string,
    attributes: string[],
    mandatory: string[],
    read: (v: JsonObject, f: string) => T,
  ) =>
    (value[name] as JsonValue[] | undefined)?.map((item, index) =>
      read(checkAttributes(item, `${name}[${index}]`, attributes, mandatory), `${name}[${index}]`),
    );
  const input = pick<NamespaceInput>(value, 'namespace', {
    namespace: text,
    display_name: text,
    description: text,
    visibility: text,
    protected: boolean,
    owner: text,
    properties: readPropertyDefinitions,
  });
  const associations = list('resource_type_associations', ASSOCIATION_ATTRIBUTES, ['name'], associationOf);
  const objects = list('objects', OBJECT_ATTRIBUTES, ['name'], objectOf);
  const tags = list('tags', TAG_ATTRIBUTES, ['name'], (tag, field) => ({
    name: text(tag.name, `${field}.name`)!,
  }));
  if (associations) input.resource_type_associations = associations;
  if (objects) input.objects = objects;
  if (tags) input.tags = tags;
  return input;
}

/**
 * `POST .../objects` (each property is checked against the property schema too, as Glance
 * does on create only) and `PUT .../objects/{name}`.
 */
export function readObjectInput(body: unknown, purpose: 'create' | 'update'): ObjectInput {
  const value = readBody(body, OBJECT, {
    readOnly: SERVER_WRITTEN,
    attributes: OBJECT_ATTRIBUTES,
    mandatory: ['name'],
  });
  if (purpose === 'create' && value.properties !== undefined) {
    for (const property of Object.values(value.properties as JsonObject))
      matchSchema(PROPERTY_OF_OBJECT, property);
  }
  return objectOf(value, 'object');
}

/** `POST .../properties` and `PUT .../properties/{name}`: a definition with its `name`. */
export function readPropertyInput(body: unknown): { name: string; definition: PropertyDefinition } {
  const value = readBody(body, PROPERTY, {
    readOnly: TIMESTAMPS,
    attributes: Object.keys(PROPERTY.properties ?? {}),
    mandatory: ['type', 'title'],
  });
  const definition = readPropertyDefinition(value, 'property');
  return { name: definition.name as string, definition };
}

/** `POST .../resource_types`. */
export function readAssociationInput(body: unknown): AssociationInput {
  const value = readBody(body, ASSOCIATION, {
    readOnly: TIMESTAMPS,
    attributes: ASSOCIATION_ATTRIBUTES,
    mandatory: ['name'],
  });
  return associationOf(value, 'resource_type_association');
}

/** `PUT .../tags/{name}`: the new name. */
export function readTagInput(body: unknown): string {
  const value = readBody(body, TAG, {
    readOnly: TIMESTAMPS,
    attributes: TAG_ATTRIBUTES,
    mandatory: ['name'],
  });
  return text(value.name, 'tag.name')!;
}

/** `POST .../tags/{name}`: the name from the path, checked against the tag schema. */
export function checkTagName(name: string): void {
  matchSchema(TAG, { name });
}

/** `POST .../tags`: the tags to create; none given is none. */
export function readTagListInput(body: unknown): string[] {
  const value = readBody(body, TAG_LIST, { readOnly: TIMESTAMPS, attributes: ['tags'], mandatory: [] });
  return ((value.tags as JsonObject[] | undefined) ?? []).map((tag) => tag.name as string);
}
