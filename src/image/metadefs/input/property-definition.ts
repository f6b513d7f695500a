import { pythonRepr, type JsonValue } from '../../../common/python-format.js';
import type { PropertyDefinition } from '../model.js';
import {
  boolean,
  bytesText,
  checkAttributes,
  integer,
  invalidInput,
  isObject,
  text,
  textList,
  type JsonObject,
} from './wsme-fields.js';

type Converter = (value: JsonValue, field: string) => JsonValue;

/**
 * The attributes of Glance's PropertyType model, in its order (the order responses show them),
 * with WSME's conversion of each. `confidential` is not in the property schema, so only a
 * property given inside a namespace may carry it.
 */
const PROPERTY_ATTRIBUTES: Array<[string, Converter]> = [
  ['name', text],
  ['type', text],
  ['title', text],
  ['description', text],
  ['operators', textList],
  ['default', bytesText],
  ['readonly', boolean],
  ['minimum', integer],
  ['maximum', integer],
  ['enum', textList],
  ['pattern', text],
  ['minLength', integer],
  ['maxLength', integer],
  ['confidential', boolean],
  ['items', itemType],
  ['uniqueItems', boolean],
  ['minItems', integer],
  ['maxItems', integer],
  ['additionalItems', boolean],
];
const PROPERTY_NAMES = PROPERTY_ATTRIBUTES.map(([name]) => name);

/** The `items` of an array property: its `type` and, optionally, the values allowed. */
function itemType(value: JsonValue, field: string): JsonValue {
  if (value === null) return null;
  const item = checkAttributes(value, field, ['type', 'enum'], ['type']);
  const converted: JsonObject = { type: text(item.type, `${field}.type`) };
  if (item.enum !== undefined) converted.enum = textList(item.enum, `${field}.enum`);
  return converted;
}

/**
 * A property definition as Glance stores and shows it, from a request that passed the JSON
 * schema: the given attributes converted (a `minimum` of 1.5 is 1, a `default` of 5 is "5"),
 * in the model's order. `field` names it in a refusal (`properties.hw_cpu_cores`).
 */
export function readPropertyDefinition(value: JsonValue, field: string): PropertyDefinition {
  const given = checkAttributes(value, field, PROPERTY_NAMES, ['type', 'title']);
  const definition: PropertyDefinition = {};
  for (const [name, convert] of PROPERTY_ATTRIBUTES) {
    if (given[name] !== undefined) definition[name] = convert(given[name], `${field}.${name}`);
  }
  return definition;
}

/** Property definitions keyed by name (a namespace's or an object's `properties`). */
export function readPropertyDefinitions(value: JsonValue, field: string): Record<string, PropertyDefinition> {
  if (!isObject(value)) throw invalidInput(field, value, `Value not a valid dict: ${pythonRepr(value)}`);
  const definitions: Record<string, PropertyDefinition> = {};
  for (const [name, property] of Object.entries(value)) {
    definitions[name] = readPropertyDefinition(property, `${field}.${name}`);
  }
  return definitions;
}
