import { BadRequest } from '../../../common/http/errors.js';
import { pythonRepr, type JsonValue } from '../../../common/python-format.js';

/**
 * Glance reads metadef bodies into WSME models after the JSON-schema check, and WSME converts
 * or refuses what the schema let through (an `enum` of numbers, an unknown attribute inside an
 * object). Upstream answers those refusals with a 500; these converters give a 400 in WSME's
 * words instead, naming the attribute.
 */

export type JsonObject = { [key: string]: JsonValue };

const pythonStr = (value: JsonValue) => (typeof value === 'string' ? value : pythonRepr(value));

function pythonType(value: JsonValue): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  return Array.isArray(value) ? 'list' : 'dict';
}

export function invalidInput(field: string, value: JsonValue, reason: string): BadRequest {
  return new BadRequest(
    `Invalid input for field/attribute ${field}. Value: '${pythonStr(value)}'. ${reason}`,
  );
}

const wrongType = (field: string, value: JsonValue, expected: string) =>
  invalidInput(
    field,
    value,
    `Wrong type. Expected '<class '${expected}'>', got '<class '${pythonType(value)}'>'`,
  );

export const isObject = (value: JsonValue | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A WSME complex type's attributes: refuses unknown ones and missing mandatory ones. */
export function checkAttributes(
  value: JsonValue,
  field: string,
  attributes: readonly string[],
  mandatory: readonly string[],
): JsonObject {
  if (!isObject(value)) throw wrongType(field, value, 'dict');
  const unknown = Object.keys(value).filter((key) => !attributes.includes(key));
  if (unknown.length > 0) {
    const noun = unknown.length === 1 ? 'attribute' : 'attributes';
    throw new BadRequest(`Unknown ${noun} for argument ${field}: ${unknown.sort().join(', ')}`);
  }
  for (const name of mandatory) {
    if (value[name] === undefined || value[name] === null)
      throw invalidInput(`${field}.${name}`, null, 'Mandatory field missing.');
  }
  return value;
}

/** WSME's text: a string (or null). */
export function text(value: JsonValue, field: string): string | null {
  if (value === null || typeof value === 'string') return value;
  throw wrongType(field, value, 'str');
}

/** WSME's `[text]`: a list of strings (or null). */
export function textList(value: JsonValue, field: string): string[] | null {
  if (value === null) return null;
  if (!Array.isArray(value)) throw invalidInput(field, value, `Value not a valid list: ${pythonStr(value)}`);
  return value.map((item) => text(item, field) as string);
}

/** WSME's `int`: Python's `int()` of a number, a boolean or a string of digits. */
export function integer(value: JsonValue, field: string): number | null {
  if (value === null) return null;
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value.trim());
  throw wrongType(field, value, 'int');
}

const TRUE_WORDS = ['true', 't', 'yes', 'y', 'on', '1'];
const FALSE_WORDS = ['false', 'f', 'no', 'n', 'off', '0'];

/** WSME's `bool`: a boolean, a number, or an unambiguous word. */
export function boolean(value: JsonValue, field: string): boolean | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string' && TRUE_WORDS.includes(value)) return true;
  if (typeof value === 'string' && FALSE_WORDS.includes(value)) return false;
  throw invalidInput(field, value, `Value not an unambiguous boolean: ${pythonStr(value)}`);
}

/**
 * WSME's `bytes`, which Glance uses for a property's `default`: a scalar becomes its Python
 * text (`true` is `"True"`), an object or a list is dropped (null).
 */
export function bytesText(value: JsonValue): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return pythonRepr(value);
  return null;
}
