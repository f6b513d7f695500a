import type { ErrorObject } from 'ajv';
import { pythonRepr as reprJson, type JsonValue } from '../python-format.js';

/**
 * Python's jsonschema words, for services whose upstream shows its messages (Nova, Placement):
 * Ajv finds the failure, these say it as jsonschema would.
 */

/** Python's repr() of a value Ajv checked (JSON, as parsed from a request). */
export const pythonRepr = (value: unknown): string => reprJson(value as JsonValue | undefined);

/** jsonschema's message for one failure Ajv found (compiled with `verbose` for `data` and `schema`). */
export function jsonschemaMessage(error: ErrorObject): string {
  const data = error.data;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type':
      return `${pythonRepr(data)} is not of type ${[params.type].flat().map(pythonRepr).join(', ')}`;
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
    case 'enum':
      return `${pythonRepr(data)} is not one of ${pythonRepr(params.allowedValues)}`;
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
    case 'minProperties':
      return `${pythonRepr(data)} does not have enough properties`;
    case 'maxProperties':
      return `${pythonRepr(data)} has too many properties`;
    case 'pattern':
      return `${pythonRepr(data)} does not match ${pythonRepr(error.schema)}`;
    case 'format':
      return `${pythonRepr(data)} is not a ${pythonRepr(error.schema)}`;
    case 'uniqueItems':
      return `${pythonRepr(data)} has non-unique elements`;
    case 'oneOf':
    case 'anyOf':
      return `${pythonRepr(data)} is not valid under any of the given schemas`;
    default:
      return error.message ?? 'is invalid';
  }
}

/** The parts of a JSON pointer (`/server/name` → `server`, `name`). */
export function pointerParts(pointer: string): string[] {
  return pointer
    .split('/')
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}
