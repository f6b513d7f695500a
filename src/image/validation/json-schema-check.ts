import { pythonPformat, pythonRepr, type JsonValue } from '../../common/python-format.js';

/**
 * The JSON-schema keywords Glance's image and member schemas use, checked as the `jsonschema`
 * library of Debian 12 does, so a bad request gets upstream's message: the most relevant error
 * (the shallowest, then one whose value is not even of the right type, then the first found)
 * printed with the failing schema and value.
 */
export interface JsonSchema {
  type?: string | string[];
  enum?: JsonValue[];
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
  allOf?: JsonSchema[];
  /** A local reference, `#/definitions/<name>`, into the root schema's `definitions`. */
  $ref?: string;
  definitions?: Record<string, JsonSchema>;
  [annotation: string]: unknown;
}

export interface SchemaError {
  message: string;
  /** The keyword that failed: `type`, `enum`, `maxLength`... */
  keyword: string;
  /** The (sub)schema holding the keyword. */
  schema: JsonSchema;
  /** Keys from the root schema to `schema`. */
  schemaPath: Array<string | number>;
  /** Keys from the root value to `instance`. */
  instancePath: Array<string | number>;
  instance: JsonValue;
}

function isType(value: JsonValue, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    default:
      return false;
  }
}

function pythonEqual(a: JsonValue, b: JsonValue): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => pythonEqual(x, b[i]));
  if (isType(a, 'object') && isType(b, 'object')) {
    const ao = a as Record<string, JsonValue>;
    const bo = b as Record<string, JsonValue>;
    const keys = Object.keys(ao);
    return keys.length === Object.keys(bo).length && keys.every((k) => k in bo && pythonEqual(ao[k], bo[k]));
  }
  return a === b;
}

/** Python's `len` of a string counts code points, not UTF-16 units. */
const codePoints = (text: string) => [...text].length;

/** The subschema a local `$ref` names (`#/definitions/stringArray`). */
function resolveRef(root: JsonSchema, ref: string): JsonSchema {
  let target: unknown = root;
  for (const key of ref.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    target = (target as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  if (target === undefined) throw new Error(`unresolvable $ref ${ref}`);
  return target as JsonSchema;
}

function* errorsOf(
  schema: JsonSchema,
  value: JsonValue,
  schemaPath: Array<string | number>,
  instancePath: Array<string | number>,
  root: JsonSchema = schema,
): Generator<SchemaError> {
  const error = (keyword: string, message: string): SchemaError => ({
    message,
    keyword,
    schema,
    schemaPath,
    instancePath,
    instance: value,
  });
  for (const keyword of Object.keys(schema)) {
    const rule = schema[keyword];
    switch (keyword) {
      case 'type': {
        const types = [rule as string | string[]].flat();
        if (!types.some((type) => isType(value, type)))
          yield error(
            keyword,
            `${pythonRepr(value)} is not of type ${types.map((t) => pythonRepr(t)).join(', ')}`,
          );
        break;
      }
      case 'enum': {
        const choices = rule as JsonValue[];
        if (!choices.some((choice) => pythonEqual(choice, value)))
          yield error(keyword, `${pythonRepr(value)} is not one of ${pythonRepr(choices)}`);
        break;
      }
      case 'maxLength':
        if (typeof value === 'string' && codePoints(value) > (rule as number))
          yield error(keyword, `${pythonRepr(value)} is too long`);
        break;
      case 'minLength':
        if (typeof value === 'string' && codePoints(value) < (rule as number))
          yield error(keyword, `${pythonRepr(value)} is too short`);
        break;
      case 'pattern':
        if (typeof value === 'string' && !new RegExp(rule as string, 'u').test(value))
          yield error(keyword, `${pythonRepr(value)} does not match ${pythonRepr(rule as string)}`);
        break;
      case 'items':
        if (Array.isArray(value)) {
          for (const [index, item] of value.entries())
            yield* errorsOf(
              rule as JsonSchema,
              item,
              [...schemaPath, 'items'],
              [...instancePath, index],
              root,
            );
        }
        break;
      case 'properties':
        if (isType(value, 'object')) {
          const object = value as Record<string, JsonValue>;
          for (const [name, subschema] of Object.entries(rule as Record<string, JsonSchema>)) {
            if (name in object)
              yield* errorsOf(
                subschema,
                object[name],
                [...schemaPath, 'properties', name],
                [...instancePath, name],
                root,
              );
          }
        }
        break;
      case 'additionalProperties':
        if (isType(value, 'object')) {
          const known = schema.properties ?? {};
          const extras = Object.keys(value as object).filter((name) => !(name in known));
          if (typeof rule === 'object' && rule !== null) {
            for (const name of extras) {
              const item = (value as Record<string, JsonValue>)[name];
              yield* errorsOf(
                rule as JsonSchema,
                item,
                [...schemaPath, 'additionalProperties'],
                [...instancePath, name],
                root,
              );
            }
          } else if (rule === false && extras.length > 0) {
            const names = extras
              .sort()
              .map((name) => pythonRepr(name))
              .join(', ');
            yield error(
              keyword,
              `Additional properties are not allowed (${names} ${extras.length === 1 ? 'was' : 'were'} unexpected)`,
            );
          }
        }
        break;
      case 'minimum':
        if (typeof value === 'number' && value < (rule as number))
          yield error(
            keyword,
            `${pythonRepr(value)} is less than the minimum of ${pythonRepr(rule as number)}`,
          );
        break;
      case 'maximum':
        if (typeof value === 'number' && value > (rule as number))
          yield error(
            keyword,
            `${pythonRepr(value)} is greater than the maximum of ${pythonRepr(rule as number)}`,
          );
        break;
      case 'minItems':
        if (Array.isArray(value) && value.length < (rule as number))
          yield error(keyword, `${pythonRepr(value)} is too short`);
        break;
      case 'maxItems':
        if (Array.isArray(value) && value.length > (rule as number))
          yield error(keyword, `${pythonRepr(value)} is too long`);
        break;
      case 'uniqueItems':
        if (
          rule === true &&
          Array.isArray(value) &&
          value.some((item, i) => value.slice(0, i).some((other) => pythonEqual(other, item)))
        )
          yield error(keyword, `${pythonRepr(value)} has non-unique elements`);
        break;
      case 'allOf':
        for (const [index, subschema] of (rule as JsonSchema[]).entries())
          yield* errorsOf(subschema, value, [...schemaPath, 'allOf', index], instancePath, root);
        break;
      // As jsonschema (draft 2020-12): the referenced schema applies in place, and `$ref` is not
      // part of the failing schema's path.
      case '$ref':
        yield* errorsOf(resolveRef(root, rule as string), value, schemaPath, instancePath, root);
        break;
      case 'required':
        if (isType(value, 'object')) {
          for (const name of rule as string[]) {
            if (!(name in (value as object)))
              yield error(keyword, `${pythonRepr(name)} is a required property`);
          }
        }
        break;
    }
  }
}

/** jsonschema's relevance: shallower errors first, then those whose value has the wrong type. */
function relevance(error: SchemaError): [number, number] {
  const types = error.schema.type;
  const matchesType = types !== undefined && [types].flat().some((type) => isType(error.instance, type));
  return [-error.instancePath.length, matchesType ? 0 : 1];
}

/** The error jsonschema's `validate` would raise for `value`, or null when it is valid. */
export function firstSchemaError(schema: JsonSchema, value: JsonValue): SchemaError | null {
  let best: SchemaError | null = null;
  let bestKey: [number, number] = [-Infinity, -Infinity];
  for (const error of errorsOf(schema, value, [], [])) {
    const key = relevance(error);
    if (key[0] > bestKey[0] || (key[0] === bestKey[0] && key[1] > bestKey[1])) {
      best = error;
      bestKey = key;
    }
  }
  return best;
}

const asIndex = (word: string, path: Array<string | number>) =>
  word + path.map((key) => `[${pythonRepr(key)}]`).join('');

const indented = (text: string) => text.replace(/\n/g, '\n    ');

/** `str(ValidationError)`: the message, the failing schema and the failing value. */
export function describeSchemaError(error: SchemaError): string {
  return [
    error.message,
    '',
    `Failed validating ${pythonRepr(error.keyword)} in ${asIndex('schema', error.schemaPath)}:`,
    `    ${indented(pythonPformat(error.schema as JsonValue, 72))}`,
    '',
    `On ${asIndex('instance', error.instancePath)}:`,
    `    ${indented(pythonPformat(error.instance, 72))}`,
  ].join('\n');
}
