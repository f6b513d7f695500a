import type { JsonSchema } from '../../validation/json-schema-check.js';

/**
 * The JSON-schema pieces Glance's metadef documents share: a property definition (itself a
 * JSON-schema fragment: `type`, `title`, `enum`...) and the definitions it refers to. Key order
 * follows Glance's, since a 400 prints the failing schema and clients may show the documents.
 */

const PROPERTY_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string', null];

/** What one property definition may hold, as `#/definitions/property` and `/schemas/metadefs/property` list it. */
export function propertyTypeFields(): Record<string, JsonSchema> {
  return {
    name: { type: 'string', maxLength: 80 },
    title: { type: 'string' },
    description: { type: 'string' },
    operators: { type: 'array', items: { type: 'string' } },
    type: { type: 'string', enum: [...PROPERTY_TYPES] },
    required: { $ref: '#/definitions/stringArray' },
    minimum: { type: 'number' },
    maximum: { type: 'number' },
    maxLength: { $ref: '#/definitions/positiveInteger' },
    minLength: { $ref: '#/definitions/positiveIntegerDefault0' },
    pattern: { type: 'string', format: 'regex' },
    enum: { type: 'array' },
    readonly: { type: 'boolean' },
    default: {},
    items: {
      type: 'object',
      properties: { type: { type: 'string', enum: [...PROPERTY_TYPES] }, enum: { type: 'array' } },
    },
    maxItems: { $ref: '#/definitions/positiveInteger' },
    minItems: { $ref: '#/definitions/positiveIntegerDefault0' },
    uniqueItems: { type: 'boolean', default: false },
    additionalItems: { type: 'boolean' },
  };
}

/**
 * The definitions the metadef schemas refer to. The single-property schema's `stringArray` needs
 * one item at least; the namespace's and the object's do not (Glance defines them apart).
 */
export function metadefDefinitions(options: { withProperty: boolean; stringArrayMinItems?: number }) {
  const definitions: Record<string, JsonSchema> = {
    positiveInteger: { type: 'integer', minimum: 0 },
    positiveIntegerDefault0: { allOf: [{ $ref: '#/definitions/positiveInteger' }, { default: 0 }] },
    stringArray: {
      type: 'array',
      items: { type: 'string' },
      ...(options.stringArrayMinItems === undefined ? {} : { minItems: options.stringArrayMinItems }),
      uniqueItems: true,
    },
  };
  if (options.withProperty) {
    definitions.property = {
      type: 'object',
      additionalProperties: { type: 'object', required: ['title', 'type'], properties: propertyTypeFields() },
    };
  }
  return definitions;
}

/** A timestamp attribute as the documents describe it. */
export const readOnlyTime = (description: string): JsonSchema => ({
  type: 'string',
  readOnly: true,
  description,
  format: 'date-time',
});
