import { isIPv4, isIPv6 } from 'node:net';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { BadRequest } from '../../../common/http/errors.js';
import { jsonschemaMessage, pointerParts, pythonRepr } from '../../../common/http/jsonschema-messages.js';

export { pythonRepr };

/**
 * Nova's request validation (nova/api/validation/validators.py) for the servers API, whose
 * schemas change with the microversion: routes declare only the outer shape to Fastify and the
 * handler checks the body or query of its microversion here, with the formats Nova registers
 * (uuid, ipv4, ipv6, base64, date-time, regex, name) and jsonschema's words in the message.
 */
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });

/** `uuidutils.is_uuid_like`: 32 hex digits once dashes are dropped. */
export function isUuidLike(value: string): boolean {
  return /^[0-9a-f]{32}$/i.test(value.replace(/-/g, ''));
}

/** `base64.decodebytes`: characters outside the alphabet are skipped; the padding must fit. */
export function isBase64(value: string): boolean {
  const data = value.replace(/[^A-Za-z0-9+/=]/g, '');
  const body = data.split('=')[0];
  const rest = body.length % 4;
  if (rest === 1) return false;
  if (rest === 0) return true;
  const padding = data.slice(body.length).replace(/[^=]/g, '').length;
  return padding >= 4 - rest;
}

/** What `iso8601.parse_date` takes: a date, optionally a time and a zone. */
export function parseIsoTime(value: string): Date | null {
  const match =
    /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
      value.trim(),
    );
  if (!match) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '0', zone = 'Z'] = match;
  const offset =
    zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.replace(/^(.\d{2}):?/, '$1:');
  const ms = Number(`0.${frac}`) * 1000;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  if (Number.isNaN(date.getTime())) return null;
  return new Date(date.getTime() + Math.floor(ms));
}

function isRegex(value: string): boolean {
  try {
    new RegExp(value);
    return true;
  } catch {
    return false;
  }
}

/** Nova's `name` format: printable, no leading or trailing whitespace. */
const VALID_NAME = /^(?![\p{C}\p{Z}])[^\p{C}\p{Zl}\p{Zp}]*(?<![\p{C}\p{Z}])$/u;
const NAME_MESSAGE =
  "An invalid 'name' value was provided. The name must be: printable characters. Can not start or end with whitespace.";

ajv.addFormat('uuid', { type: 'string', validate: isUuidLike });
ajv.addFormat('ipv4', { type: 'string', validate: (value: string) => isIPv4(value) });
ajv.addFormat('ipv6', { type: 'string', validate: (value: string) => isIPv6(value) });
ajv.addFormat('base64', { type: 'string', validate: isBase64 });
ajv.addFormat('date-time', { type: 'string', validate: (value: string) => parseIsoTime(value) !== null });
ajv.addFormat('regex', { type: 'string', validate: isRegex });
ajv.addFormat('name', { type: 'string', validate: (value: string) => VALID_NAME.test(value) });

/**
 * The failure to report: the one highest in the document, as jsonschema reaches it first;
 * inside a oneOf/anyOf the combinator's own failure stands for its branches.
 */
function firstError(errors: ErrorObject[]): ErrorObject {
  const combinators = errors.filter((error) => error.keyword === 'oneOf' || error.keyword === 'anyOf');
  const hidden = (error: ErrorObject) =>
    combinators.some(
      (combinator) =>
        combinator !== error &&
        error.schemaPath.startsWith(combinator.schemaPath.replace(/\/(oneOf|anyOf)$/, '/$1/')),
    );
  const candidates = errors.filter((error) => !hidden(error));
  const depth = (error: ErrorObject) => pointerParts(error.instancePath).length;
  return candidates.reduce((best, error) => (depth(error) < depth(best) ? error : best));
}

const compiled = new WeakMap<object, ValidateFunction>();
function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Checks a request body; 400 "Invalid input for field/attribute <field>. Value: ... <reason>". */
export function validateBody<T>(schema: object, body: unknown): T {
  const validate = validatorFor(schema);
  if (validate(body)) return body as T;
  const error = firstError(validate.errors!);
  if (error.keyword === 'format' && error.schema === 'name') throw new BadRequest(NAME_MESSAGE);
  // As jsonschema's, the path of a missing or unexpected property ends at the object holding it.
  const path = pointerParts(error.instancePath);
  if (path.length === 0) throw new BadRequest(jsonschemaMessage(error));
  // Nova formats the value with Python's %s: a string as it is, anything else as its repr.
  const value = typeof error.data === 'string' ? error.data : pythonRepr(error.data);
  throw new BadRequest(
    `Invalid input for field/attribute ${path.at(-1)}. Value: ${value}. ${jsonschemaMessage(error)}`,
  );
}

/** Checks query parameters (each a list of values); 400 "Invalid input for query parameters <name>...". */
export function validateQuery(schema: object, query: Record<string, string[]>): void {
  const validate = validatorFor(schema);
  if (validate(query)) return;
  const error = firstError(validate.errors!);
  const path = pointerParts(error.instancePath);
  if (path.length === 0) throw new BadRequest(jsonschemaMessage(error));
  throw new BadRequest(
    `Invalid input for query parameters ${path[0]}. Value: ${pythonRepr(error.data)}. ${jsonschemaMessage(error)}`,
  );
}

/** Query parameters as lists of strings, whether given once or repeated (webob's multidict). */
export function queryLists(query: unknown): Record<string, string[]> {
  const lists: Record<string, string[]> = {};
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    lists[key] = (Array.isArray(value) ? value : [value]).map(String);
  }
  return lists;
}
