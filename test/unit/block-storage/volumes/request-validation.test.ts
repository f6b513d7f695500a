import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  actionBody,
  booleanOf,
  booleanSchema,
  metadataSchema,
  validateBody,
  volumeSizeSchema,
} from '../../../../src/block-storage/volumes/request-validation.js';

const extend = actionBody('os-extend', { new_size: volumeSizeSchema }, ['new_size']);

function refusal(schema: object, body: unknown): string {
  try {
    validateBody(schema, body);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the body was accepted');
}

test('sizes are integers or digit texts within 1 .. 2^31-1, bounds read from text too', () => {
  assert.deepEqual(validateBody(extend, { 'os-extend': { new_size: '2' } }), {
    'os-extend': { new_size: '2' },
  });
  assert.equal(
    refusal(extend, { 'os-extend': { new_size: '0' } }),
    'Invalid input for field/attribute new_size. Value: 0. 0 is less than the minimum of 1',
  );
  assert.equal(
    refusal(extend, { 'os-extend': { new_size: 2147483648 } }),
    'Invalid input for field/attribute new_size. Value: 2147483648. 2147483648 is greater than the maximum of 2147483647',
  );
  assert.equal(
    refusal(extend, { 'os-extend': { new_size: 1.5 } }),
    "Invalid input for field/attribute new_size. Value: 1.5. 1.5 is not of type 'integer', 'string'",
  );
});

test('a missing member names the object that lacks it; a missing top key is the bare message', () => {
  assert.equal(
    refusal(extend, { 'os-extend': {} }),
    "Invalid input for field/attribute os-extend. Value: {}. 'new_size' is a required property",
  );
  assert.equal(refusal(extend, {}), "'os-extend' is a required property");
});

test('metadata keys follow the pattern and values are at most 255 characters', () => {
  const schema = { type: 'object', properties: { metadata: metadataSchema } };
  assert.match(refusal(schema, { metadata: { 'a*b': 'c' } }), /'a\*b' does not match any of the regexes/);
  assert.match(refusal(schema, { metadata: { a: 'v'.repeat(256) } }), /is too long$/);
  assert.match(refusal(schema, { metadata: { a: 1 } }), /1 is not of type 'string'$/);
});

test('booleans are JSON booleans or the texts strutils knows', () => {
  const schema = { type: 'object', properties: { flag: booleanSchema } };
  validateBody(schema, { flag: 'yes' });
  assert.match(
    refusal(schema, { flag: 'maybe' }),
    /^Invalid input for field\/attribute flag\. Value: maybe\./,
  );
  assert.equal(booleanOf('On'), true);
  assert.equal(booleanOf('f'), false);
  assert.equal(booleanOf(true), true);
});
