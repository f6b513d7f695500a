import { Ajv, type ErrorObject } from 'ajv';
import { Microversion } from '../../common/http/microversion.js';
import { badRequest } from '../errors.js';
import { isUuidLike } from '../uuid.js';

/**
 * Placement validates bodies and query strings against schemas that change with the
 * microversion, so routes declare only the outer shape to Fastify and check the versioned
 * schema here, with messages in the words of Python's jsonschema, which upstream shows.
 */
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
ajv.addFormat('uuid', { type: 'string', validate: isUuidLike });

/** Python's repr() of a JSON value, as jsonschema quotes instances in its messages. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const escaped = value
      .replace(/\\/g, '\\\\')
      .replace(/\n/g, '\\n')
      .replace(new RegExp(quote, 'g'), `\\${quote}`);
    return `${quote}${escaped}${quote}`;
  }
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(', ')}}`;
  }
  return String(value);
}

/** `['a']['b']`: a JSON pointer in Python's subscript notation. */
function subscripts(pointer: string): string {
  return pointer
    .split('/')
    .filter(Boolean)
    .map((part) => decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~')))
    .map((part) => `[${/^\d+$/.test(part) ? part : pythonRepr(part)}]`)
    .join('');
}

/** jsonschema's message for the first failure. */
function messageOf(error: ErrorObject): string {
  const data = error.data;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type': {
      const types = [params.type].flat().map((t) => pythonRepr(t));
      return `${pythonRepr(data)} is not of type ${types.join(', ')}`;
    }
    case 'required':
      return `${pythonRepr(params.missingProperty)} is a required property`;
    case 'additionalProperties': {
      const patterns = Object.keys(
        (error.parentSchema as { patternProperties?: object }).patternProperties ?? {},
      );
      if (patterns.length > 0) {
        return `${pythonRepr(params.additionalProperty)} does not match any of the regexes: ${patterns.map(pythonRepr).join(', ')}`;
      }
      return `Additional properties are not allowed (${pythonRepr(params.additionalProperty)} was unexpected)`;
    }
    case 'minimum':
      return `${pythonRepr(data)} is less than the minimum of ${pythonRepr(error.schema)}`;
    case 'maximum':
      return `${pythonRepr(data)} is greater than the maximum of ${pythonRepr(error.schema)}`;
    case 'minLength':
    case 'minItems':
      return `${pythonRepr(data)} is too short`;
    case 'maxLength':
    case 'maxItems':
      return `${pythonRepr(data)} is too long`;
    case 'pattern':
      return `${pythonRepr(data)} does not match ${pythonRepr(error.schema)}`;
    case 'format':
      return `${pythonRepr(data)} is not a ${pythonRepr(error.schema)}`;
    case 'minProperties':
      return `${pythonRepr(data)} does not have enough properties`;
    case 'uniqueItems':
      return `${pythonRepr(data)} has non-unique elements`;
    case 'anyOf':
      return `${pythonRepr(data)} is not valid under any of the given schemas`;
    default:
      return error.message ?? 'is invalid';
  }
}

/** The failure in jsonschema's layout: message, failing keyword and where in the instance. */
function describe(error: ErrorObject): string {
  const schemaPath = subscripts(error.schemaPath.replace(/^#/, '').split('/').slice(0, -1).join('/'));
  return `${messageOf(error)}  Failed validating ${pythonRepr(error.keyword)} in schema${schemaPath}  On instance${subscripts(error.instancePath)}:     ${pythonRepr(error.data)}`;
}

const compiled = new WeakMap<object, ReturnType<typeof ajv.compile>>();
function validatorFor(schema: object) {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/**
 * The failure jsonschema's `best_match` reports: the one highest in the document (its
 * shortest instance path), the first found among those.
 */
function bestMatch(errors: ErrorObject[]): ErrorObject {
  const depth = (error: ErrorObject) => error.instancePath.split('/').length;
  return errors.reduce((best, error) => (depth(error) < depth(best) ? error : best));
}

/** Checks a request body against the schema of the request's microversion; 400 "JSON does not validate". */
export function validateBody<T>(schema: object, body: unknown): T {
  if (body === undefined) throw badRequest('Malformed JSON: Expecting value: line 1 column 1 (char 0)');
  const validate = validatorFor(schema);
  if (!validate(body)) throw badRequest(`JSON does not validate: ${describe(bestMatch(validate.errors!))}`);
  return body as T;
}

/** Checks query parameters (last value of each) against a schema; 400 "Invalid query string parameters". */
export function validateQuery(schema: object, query: Record<string, string>): void {
  const validate = validatorFor(schema);
  if (!validate(query))
    throw badRequest(`Invalid query string parameters: ${describe(bestMatch(validate.errors!))}`);
}

/** From schemas keyed by the microversion that introduced them, the one in force at `version`. */
export function forVersion<T>(schemas: Record<string, T>, version: Microversion): T {
  const applicable = Object.keys(schemas)
    .filter((since) => version.atLeast(since))
    .sort((a, b) => Microversion.parse(b).compare(a));
  return schemas[applicable[0]];
}
