import { BadRequest } from '../../../common/http/errors.js';

/**
 * Nova's parameter types (nova/api/validation/parameter_types.py) that JSON schema alone cannot
 * say in Ajv: Python's "printable" character classes, and the `name` format checker.
 */

/** Printable in Nova's sense: no control/format characters, no line or paragraph separators. */
const PRINTABLE = '[^\\p{C}\\p{Zl}\\p{Zp}]';
/** Nova's `valid_name_regex`: printable, not starting or ending with whitespace. */
const VALID_NAME = new RegExp(`^(?![\\p{C}\\p{Z}])${PRINTABLE}*(?<![\\p{C}\\p{Z}])$`, 'u');
/** Nova's `valid_description_regex`. */
export const VALID_DESCRIPTION = new RegExp(`^${PRINTABLE}*$`, 'u');

/** The `name` format: Nova's InvalidName message when the name does not match. */
export function checkName(name: string): void {
  if (!VALID_NAME.test(name)) {
    throw new BadRequest(
      "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.",
    );
  }
}

/** `boolean` of parameter_types: JSON booleans and the words oslo's bool_from_string reads. */
export const booleanParameter = {
  type: ['boolean', 'string'],
  enum: [
    true,
    'True',
    'TRUE',
    'true',
    '1',
    'ON',
    'On',
    'on',
    'YES',
    'Yes',
    'yes',
    false,
    'False',
    'FALSE',
    'false',
    '0',
    'OFF',
    'Off',
    'off',
    'NO',
    'No',
    'no',
  ],
};

/** A query parameter Nova reads with `multi_params`: repeated or not, it arrives as a list. */
export function multiParam(items: object = { type: 'string' }) {
  return { type: 'array', items };
}

/** The last value of a repeated query parameter, as webob's `params.get` gives it. */
export function lastOf<T>(values: T[] | undefined): T | undefined {
  return values?.at(-1);
}

/**
 * From 2.75 Nova refuses query parameters it does not know (`additionalProperties: False`), with
 * jsonschema's message.
 */
export function refuseUnknownQuery(query: Record<string, unknown>, known: readonly string[]): void {
  const unknown = Object.keys(query).filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  const listed = unknown.map((key) => `'${key}'`).join(', ');
  throw new BadRequest(
    `Additional properties are not allowed (${listed} ${unknown.length === 1 ? 'was' : 'were'} unexpected)`,
  );
}

/** The link objects of Nova's views. */
export const linksSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: { rel: { type: 'string' }, href: { type: 'string' } },
    required: ['rel', 'href'],
    additionalProperties: true,
  },
};
