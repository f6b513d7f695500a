import type { Microversion } from '../../../common/http/microversion.js';
import { pformat, repr, reprString, type PythonValue } from './python-text.js';

/**
 * The JSON schemas upstream checks the query string of `GET /allocation_candidates` against,
 * one per microversion that changed them, and jsonschema's messages when it fails. Upstream
 * validates the dictionary of the query's last value per key, reports the most relevant error
 * (jsonschema's `best_match`: an error about the whole query beats one about a single
 * parameter, the first found wins a tie) and prints that error with the schema and the query.
 */

type Schema = { [key: string]: PythonValue };

const GROUP_SUFFIX = '[1-9][0-9]*';
const GROUP_SUFFIX_1_33 = '[a-zA-Z0-9_-]{1,64}';

const LIMIT: Schema = {
  type: ['integer', 'string'],
  pattern: '^[1-9][0-9]*$',
  minimum: 1,
  minLength: 1,
};

function groupPatterns(suffix: string, prefixes: string[]): Schema {
  return Object.fromEntries(prefixes.map((prefix) => [`^${prefix}(${suffix})?$`, { type: 'string' }]));
}

function wideSchema(suffix: string, prefixes: string[], extra: Schema): Schema {
  return {
    type: 'object',
    properties: { limit: LIMIT, group_policy: { type: 'string', enum: ['none', 'isolate'] }, ...extra },
    additionalProperties: false,
    patternProperties: groupPatterns(suffix, prefixes),
  };
}

const SCHEMA_1_10: Schema = {
  type: 'object',
  properties: { resources: { type: 'string' } },
  required: ['resources'],
  additionalProperties: false,
};
const SCHEMA_1_16: Schema = { ...SCHEMA_1_10, properties: { resources: { type: 'string' }, limit: LIMIT } };
const SCHEMA_1_17: Schema = {
  ...SCHEMA_1_10,
  properties: { resources: { type: 'string' }, limit: LIMIT, required: { type: ['string'] } },
};
const SCHEMA_1_21: Schema = {
  ...SCHEMA_1_10,
  properties: {
    resources: { type: 'string' },
    limit: LIMIT,
    required: { type: ['string'] },
    member_of: { type: ['string'] },
  },
};
const GROUP_PREFIXES = ['resources', 'required', 'member_of'];
const SCHEMA_1_25 = wideSchema(GROUP_SUFFIX, GROUP_PREFIXES, {});
const SCHEMA_1_31 = wideSchema(GROUP_SUFFIX, [...GROUP_PREFIXES, 'in_tree'], {});
const SCHEMA_1_33 = wideSchema(GROUP_SUFFIX_1_33, [...GROUP_PREFIXES, 'in_tree'], {});
const SCHEMA_1_35 = wideSchema(GROUP_SUFFIX_1_33, [...GROUP_PREFIXES, 'in_tree'], {
  root_required: { type: ['string'] },
});
const SCHEMA_1_36 = wideSchema(GROUP_SUFFIX_1_33, [...GROUP_PREFIXES, 'in_tree'], {
  root_required: { type: ['string'] },
  same_subtree: { type: ['string'] },
});

const SCHEMAS: [string, Schema][] = [
  ['1.36', SCHEMA_1_36],
  ['1.35', SCHEMA_1_35],
  ['1.33', SCHEMA_1_33],
  ['1.31', SCHEMA_1_31],
  ['1.25', SCHEMA_1_25],
  ['1.21', SCHEMA_1_21],
  ['1.17', SCHEMA_1_17],
  ['1.16', SCHEMA_1_16],
];

function schemaFor(version: Microversion): Schema {
  return SCHEMAS.find(([since]) => version.atLeast(since))?.[1] ?? SCHEMA_1_10;
}

/** Python's `re.search` for these anchored patterns: `$` also matches before a final newline. */
function pythonSearch(pattern: string, text: string): boolean {
  return new RegExp(pattern.replace(/\$$/, '(?=\\n?$)')).test(text);
}

interface SchemaError {
  message: string;
  validator: string;
  /** The keys leading from the schema to the failing subschema. */
  schemaPath: string[];
  schema: Schema;
  /** The query parameter the error is about; none for the query as a whole. */
  parameter?: string;
  instance: PythonValue;
}

function parameterErrors(name: string, value: string, schema: Schema): SchemaError[] {
  const errors: SchemaError[] = [];
  const fail = (validator: string, message: string) =>
    errors.push({
      message,
      validator,
      schemaPath: ['properties', name],
      schema,
      parameter: name,
      instance: value,
    });
  for (const [keyword, expected] of Object.entries(schema)) {
    if (keyword === 'pattern' && !pythonSearch(expected as string, value)) {
      fail('pattern', `${reprString(value)} does not match ${reprString(expected as string)}`);
    } else if (keyword === 'minLength' && [...value].length < (expected as number)) {
      fail('minLength', `${reprString(value)} is too short`);
    } else if (keyword === 'enum' && !(expected as string[]).includes(value)) {
      fail('enum', `${reprString(value)} is not one of ${repr(expected)}`);
    }
  }
  return errors;
}

function additionalPropertiesError(query: Record<string, string>, schema: Schema): SchemaError | undefined {
  const properties = schema.properties as Schema;
  const patterns = Object.keys((schema.patternProperties as Schema | undefined) ?? {});
  const extras = Object.keys(query).filter(
    (key) => !(key in properties) && !patterns.some((pattern) => pythonSearch(pattern, key)),
  );
  if (extras.length === 0) return undefined;
  const names = [...extras].sort().map(reprString).join(', ');
  const message = patterns.length
    ? `${names} ${extras.length === 1 ? 'does' : 'do'} not match any of the regexes: ${[...patterns]
        .sort()
        .map(reprString)
        .join(', ')}`
    : `Additional properties are not allowed (${names} ${extras.length === 1 ? 'was' : 'were'} unexpected)`;
  return { message, validator: 'additionalProperties', schemaPath: [], schema, instance: query };
}

/** Every error jsonschema finds, in the order it finds them (the schema's keyword order). */
function allErrors(query: Record<string, string>, schema: Schema): SchemaError[] {
  const errors: SchemaError[] = [];
  for (const keyword of Object.keys(schema)) {
    if (keyword === 'properties') {
      for (const [name, subschema] of Object.entries(schema.properties as Schema)) {
        if (name in query) errors.push(...parameterErrors(name, query[name], subschema as Schema));
      }
    } else if (keyword === 'required') {
      for (const name of schema.required as string[]) {
        if (!(name in query)) {
          errors.push({
            message: `${reprString(name)} is a required property`,
            validator: 'required',
            schemaPath: [],
            schema,
            instance: query,
          });
        }
      }
    } else if (keyword === 'additionalProperties') {
      const error = additionalPropertiesError(query, schema);
      if (error) errors.push(error);
    }
  }
  return errors;
}

function indexPath(container: string, indices: string[]): string {
  return indices.length ? `${container}[${indices.map(reprString).join('][')}]` : container;
}

/** jsonschema's `str(error)`, with webob's rendering of its line breaks as spaces. */
function describe(error: SchemaError): string {
  const block = (value: PythonValue) => pformat(value).replace(/\n/g, '\n    ');
  const instancePath = indexPath('instance', error.parameter ? [error.parameter] : []);
  return [
    error.message,
    '',
    `Failed validating ${reprString(error.validator)} in ${indexPath('schema', error.schemaPath)}:`,
    `    ${block(error.schema)}`,
    '',
    `On ${instancePath}:`,
    `    ${block(error.instance)}`,
  ]
    .join('\n')
    .replace(/\n/g, ' ');
}

/**
 * Checks the query (the last value of each parameter) against the schema of the microversion;
 * returns upstream's message for the most relevant failure, or undefined when it passes.
 */
export function queryValidationMessage(
  query: Record<string, string>,
  version: Microversion,
): string | undefined {
  const errors = allErrors(query, schemaFor(version));
  if (errors.length === 0) return undefined;
  const best = errors.find((error) => error.parameter === undefined) ?? errors[0];
  return `Invalid query string parameters: ${describe(best)}`;
}
