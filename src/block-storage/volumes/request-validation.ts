import { Ajv, type ErrorObject } from 'ajv';
import { BadRequest } from '../../common/http/errors.js';
import { jsonschemaMessage, pointerParts } from '../../common/http/jsonschema-messages.js';
import { pythonRepr, type JsonValue } from '../../common/python-format.js';
import { InvalidInput } from '../errors.js';

/**
 * Cinder's request validation (cinder/api/validation/validators.py): Draft 4 jsonschema whose
 * `minimum`/`maximum` also read numbers written as text, with Cinder's formats, and its 400
 * "Invalid input for field/attribute <last path part>. Value: <value>. <jsonschema message>".
 * Routes declare only `{}` to Fastify and validate here, so the messages are Cinder's.
 */
const ajv = new Ajv({ allErrors: false, strict: false, verbose: true });

/** `uuidutils.is_uuid_like`: 32 hex digits once dashes are dropped. */
export function isUuidLike(value: string): boolean {
  return /^[0-9a-f]{32}$/i.test(value.replace(/-/g, ''));
}

/** A check that fails with a message of its own, as Cinder's format checkers that raise. */
class FormatFailure extends Error {}

/** `utils.check_string_length` after stripping, as the `*_non_mandatory_remove_white_spaces` formats. */
function stripLengthFormat(name: string) {
  return (value: string) => {
    if (!value) return true;
    const length = [...value.trim()].length;
    if (length > 255) throw new FormatFailure(`${name} has ${length} characters, more than 255.`);
    return true;
  };
}

ajv.addFormat('uuid', { type: 'string', validate: isUuidLike });
ajv.addFormat('name_non_mandatory_remove_white_spaces', {
  type: 'string',
  validate: stripLengthFormat('name'),
});
ajv.addFormat('description_non_mandatory_remove_white_spaces', {
  type: 'string',
  validate: stripLengthFormat('description'),
});
ajv.addFormat('availability_zone', {
  type: 'string',
  validate: (value: string) => {
    const length = [...value.trim()].length;
    if (length < 1) throw new FormatFailure(`availability_zone has ${length} characters, less than 1.`);
    if (length > 255) throw new FormatFailure(`availability_zone has ${length} characters, more than 255.`);
    return true;
  },
});

/** Python's int() or float() of a text, as Cinder's `_number_from_str`; null when neither. */
function numberFromText(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^[+-]?\d+(?:_\d+)*$/.test(text) || /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) {
    return Number(text.replace(/_/g, ''));
  }
  return null;
}

/** `minimum`/`maximum` that read numbers in text too (Cinder's `_validate_minimum`). */
for (const [keyword, fails] of [
  ['cinderMinimum', (value: number, bound: number) => value < bound],
  ['cinderMaximum', (value: number, bound: number) => value > bound],
] as const) {
  ajv.addKeyword({
    keyword,
    type: ['number', 'string'],
    schemaType: 'number',
    errors: true,
    validate: function check(bound: number, data: unknown) {
      const value = numberFromText(data);
      if (value === null || !fails(value, bound)) return true;
      const relation = keyword === 'cinderMinimum' ? 'less than the minimum' : 'greater than the maximum';
      (check as unknown as { errors: Partial<ErrorObject>[] }).errors = [
        { keyword, message: `${pythonRepr(value)} is ${relation} of ${bound}`, params: {} },
      ];
      return false;
    },
  });
}

/** Python's `str()` of a value, as Cinder prints the failing value. */
function pythonStr(value: unknown): string {
  return typeof value === 'string' ? value : pythonRepr(value as JsonValue);
}

const compiled = new WeakMap<object, ReturnType<typeof ajv.compile>>();

/**
 * The failure to report: the first one, except that a failure inside a oneOf/anyOf branch is
 * reported as the combinator's own, as jsonschema does.
 */
function firstError(errors: ErrorObject[]): ErrorObject {
  const combinators = errors.filter((error) => error.keyword === 'oneOf' || error.keyword === 'anyOf');
  const hidden = (error: ErrorObject) =>
    combinators.some(
      (combinator) => combinator !== error && error.schemaPath.startsWith(`${combinator.schemaPath}/`),
    );
  return errors.find((error) => !hidden(error)) ?? errors[0];
}

function messageOf(error: ErrorObject): string {
  if (error.keyword === 'cinderMinimum' || error.keyword === 'cinderMaximum') return error.message!;
  return jsonschemaMessage(error);
}

/**
 * Validates `body` against a Cinder schema (written with `cinderMinimum`/`cinderMaximum` for
 * Cinder's lenient bounds); throws Cinder's 400 on the first failure.
 */
export function validateBody<T>(schema: object, body: unknown): T {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  try {
    if (validate(body)) return body as T;
  } catch (error) {
    if (error instanceof FormatFailure) throw new InvalidInput(error.message);
    throw error;
  }
  const error = firstError(validate.errors!);
  const path = pointerParts(error.instancePath);
  if (error.keyword === 'required') path.push((error.params as { missingProperty: string }).missingProperty);
  const message = messageOf(error);
  // As Cinder: the failing value is the object for `required`, the field's value otherwise.
  if (path.length === 0 || (error.keyword === 'required' && path.length === 1)) {
    throw new BadRequest(message);
  }
  const field = error.keyword === 'required' ? path[path.length - 2] : path[path.length - 1];
  throw new BadRequest(
    `Invalid input for field/attribute ${field}. Value: ${pythonStr(error.data)}. ${message}`,
  );
}

/** A Cinder boolean in a body: JSON true/false or one of the texts strutils knows. */
export const booleanSchema = {
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
    'y',
    't',
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
    'n',
    'f',
  ],
};

/** `strutils.bool_from_string(value, strict=True)` of a value the schema above let through. */
export function booleanOf(value: boolean | string): boolean {
  if (typeof value === 'boolean') return value;
  return ['1', 't', 'true', 'on', 'y', 'yes'].includes(value.trim().toLowerCase());
}

/** Cinder's `volume_size`: an integer, or digits in text, 1 .. 2^31-1. */
export const volumeSizeSchema = {
  type: ['integer', 'string'],
  pattern: '^[0-9]+$',
  cinderMinimum: 1,
  cinderMaximum: 2147483647,
};

/** Cinder's `extra_specs`/metadata: keys of `[a-zA-Z0-9-_:. /]{1,255}`, text values up to 255. */
export const metadataSchema = {
  type: 'object',
  patternProperties: { '^[a-zA-Z0-9-_:. /]{1,255}$': { type: 'string', maxLength: 255 } },
  additionalProperties: false,
};

/** The `{"<action>": {...}}` body of a volume action, with the action's own schema. */
export function actionBody(action: string, properties: object, required: string[] = []): object {
  return {
    type: 'object',
    properties: {
      [action]: {
        type: 'object',
        properties,
        ...(required.length > 0 ? { required } : {}),
        additionalProperties: false,
      },
    },
    required: [action],
    additionalProperties: false,
  };
}
