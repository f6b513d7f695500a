import { BadRequest, Forbidden } from '../../../common/http/errors.js';
import {
  describeSchemaError,
  firstSchemaError,
  type JsonSchema,
} from '../../validation/json-schema-check.js';
import type { JsonValue } from '../../../common/python-format.js';
import { checkAttributes, type JsonObject } from './wsme-fields.js';

/**
 * A metadef request body read as Glance's deserializers read it: there must be one, attributes
 * the server writes are refused (403), then the body must match the resource's JSON schema (400
 * quoting jsonschema), then WSME reads it into the model's attributes.
 */
export function readBody(
  body: unknown,
  schema: JsonSchema,
  options: { readOnly: readonly string[]; attributes: readonly string[]; mandatory: readonly string[] },
): JsonObject {
  if (body === undefined) throw new BadRequest('Body expected in request.');
  const value = body as JsonValue;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const key of options.readOnly) {
      if (key in value) throw new Forbidden(`Attribute '${key}' is read-only.`);
    }
  }
  matchSchema(schema, value);
  return checkAttributes(value, String(schema.name), options.attributes, options.mandatory);
}

/** Glance's InvalidObject: the value does not match the named schema. */
export function matchSchema(schema: JsonSchema, value: JsonValue): void {
  const error = firstSchemaError(schema, value);
  if (error) {
    throw new BadRequest(
      `Provided object does not match schema '${schema.name}': ${describeSchemaError(error)}`,
    );
  }
}
