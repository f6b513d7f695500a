import { Ajv, type ErrorObject } from 'ajv';
import { jsonschemaMessage, pythonRepr } from '../../common/http/jsonschema-messages.js';
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

/** `['a']['b']`: a JSON pointer in Python's subscript notation. */
function subscripts(pointer: string): string {
  return pointer
    .split('/')
    .filter(Boolean)
    .map((part) => decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~')))
    .map((part) => `[${/^\d+$/.test(part) ? part : pythonRepr(part)}]`)
    .join('');
}

/** The failure in jsonschema's layout: message, failing keyword and where in the instance. */
function describe(error: ErrorObject): string {
  const schemaPath = subscripts(error.schemaPath.replace(/^#/, '').split('/').slice(0, -1).join('/'));
  return `${jsonschemaMessage(error)}  Failed validating ${pythonRepr(error.keyword)} in schema${schemaPath}  On instance${subscripts(error.instancePath)}:     ${pythonRepr(error.data)}`;
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
