import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  describeSchemaError,
  firstSchemaError,
  type JsonSchema,
} from '../../../../src/image/validation/json-schema-check.js';
import type { JsonValue } from '../../../../src/common/python-format.js';

const SCHEMA: JsonSchema = {
  properties: {
    a: { type: 'integer' },
    b: { type: 'string', enum: ['x'] },
    tags: { type: 'array', items: { type: 'string', maxLength: 3 } },
  },
  additionalProperties: { type: 'string' },
};

const message = (value: JsonValue) => {
  const error = firstSchemaError(SCHEMA, value);
  return error && describeSchemaError(error);
};

// Expected texts are what Debian 12's jsonschema (as Glance uses it) prints for the same input.
describe('JSON schema errors as jsonschema reports them', () => {
  test('a valid value has no error', () => {
    assert.equal(firstSchemaError(SCHEMA, { a: 1, b: 'x', other: 'y', tags: ['abc'] }), null);
  });

  test('a value of the wrong type wins over another error at the same depth, whatever the order', () => {
    const expected =
      "'5' is not of type 'integer'\n\nFailed validating 'type' in schema['properties']['a']:\n    {'type': 'integer'}\n\nOn instance['a']:\n    '5'";
    assert.equal(message({ b: 'y', a: '5' }), expected);
    assert.equal(message({ a: '5', b: 'y' }), expected);
    assert.equal(message({ b: 'y', a: '5', z: 5 }), expected);
  });

  test('extra properties are checked against additionalProperties', () => {
    assert.equal(
      message({ b: 'x', z: 5 }),
      "5 is not of type 'string'\n\nFailed validating 'type' in schema['additionalProperties']:\n    {'type': 'string'}\n\nOn instance['z']:\n    5",
    );
  });

  test('enum errors print the choices; deeper errors lose to shallower ones', () => {
    assert.equal(
      message({ b: 'y' }),
      "'y' is not one of ['x']\n\nFailed validating 'enum' in schema['properties']['b']:\n    {'enum': ['x'], 'type': 'string'}\n\nOn instance['b']:\n    'y'",
    );
    assert.match(message({ tags: ['toolong'], b: 'y' })!, /^'y' is not one of/);
    assert.equal(
      message({ tags: ['ok', 'toolong'] }),
      "'toolong' is too long\n\nFailed validating 'maxLength' in schema['properties']['tags']['items']:\n    {'maxLength': 3, 'type': 'string'}\n\nOn instance['tags'][1]:\n    'toolong'",
    );
  });

  test('required and closed objects', () => {
    const closed: JsonSchema = {
      type: 'object',
      required: ['url'],
      additionalProperties: false,
      properties: { url: {} },
    };
    assert.equal(firstSchemaError(closed, {})!.message, "'url' is a required property");
    assert.equal(
      firstSchemaError(closed, { url: 1, b: 1, a: 2 })!.message,
      "Additional properties are not allowed ('a', 'b' were unexpected)",
    );
    assert.equal(firstSchemaError({ type: 'integer' }, true)!.message, "True is not of type 'integer'");
  });
});
