import { isIP } from 'node:net';
import { invalidInput } from '../../errors.js';

/**
 * neutron-lib's validators and converters: a validator returns the reason a value is refused
 * (shown as `Invalid input for <attr>. Reason: <reason>.`) or null; a converter returns the
 * converted value or throws InvalidInput. Values are shown as Python's `%s` shows them.
 */
export type Validator = (value: unknown) => string | null;
export type Converter = (value: unknown) => unknown;

/** How Python's `%s` prints a JSON value, which neutron-lib's messages embed. */
export function pythonText(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([key, item]) => `'${key}': ${pythonRepr(item)}`)
    .join(', ')}}`;
}

function pythonRepr(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : pythonText(value);
}

const TRUE_WORDS = new Set(['true', '1', 't', 'y', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'f', 'n', 'no', 'off']);

/** `convert_to_boolean`: true/false, 0/1 and their words, as oslo's bool_from_string(strict). */
export const toBoolean: Converter = (value) => {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  throw invalidInput(`'${pythonText(value)}' cannot be converted to boolean`);
};

/** `convert_to_int`. */
export const toInteger: Converter = (value) => {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw invalidInput(`'${pythonText(value)}' is not an integer`);
};

/** `convert_to_int_if_not_none`. */
export const toIntegerOrNone: Converter = (value) => (value === null ? null : toInteger(value));

/** `convert_none_to_empty_list`. */
export const noneToEmptyList: Converter = (value) => (value === null ? [] : value);

/** `convert_to_lowercase` (ethertypes, protocols as given by name). */
export const toLowercase: Converter = (value) => {
  if (typeof value === 'string') return value.toLowerCase();
  throw invalidInput(`'${pythonText(value)}' cannot be converted to lowercase string`);
};

/** `type:string` with an optional maximum length. */
export function validString(maxLength?: number): Validator {
  return (value) => {
    if (typeof value !== 'string') return `'${pythonText(value)}' is not a valid string`;
    if (maxLength !== undefined && value.length > maxLength) {
      return `'${value}' exceeds maximum length of ${maxLength}`;
    }
    return null;
  };
}

/** `type:string_or_none`. */
export function validStringOrNone(maxLength?: number): Validator {
  const string = validString(maxLength);
  return (value) => (value === null ? null : string(value));
}

/** `type:not_empty_string`. */
export function validNotEmptyString(maxLength?: number): Validator {
  const string = validString(maxLength);
  return (value) =>
    string(value) ?? (String(value).trim() === '' ? `'${value}' Blank strings are not permitted` : null);
}

/** `type:boolean`, for values not converted first. */
export const validBoolean: Validator = (value) =>
  typeof value === 'boolean' ? null : `'${pythonText(value)}' is not a valid boolean value`;

/** `type:uuid`. */
export const validUuid: Validator = (value) =>
  typeof value === 'string' &&
  /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(value)
    ? null
    : `'${pythonText(value)}' is not a valid UUID`;

/** `type:uuid_or_none`. */
export const validUuidOrNone: Validator = (value) => (value === null ? null : validUuid(value));

/** `type:values`. */
export function validValues(values: readonly unknown[]): Validator {
  return (value) =>
    values.includes(value) ? null : `${pythonText(value)} is not in [${values.map(pythonRepr).join(', ')}]`;
}

/** `type:range` on an integer (after conversion). */
export function validRange(min: number, max: number): Validator {
  return (value) => {
    if (typeof value !== 'number' || !Number.isInteger(value))
      return `'${pythonText(value)}' is not an integer`;
    if (value < min) return `'${value}' is too small - must be at least '${min}'`;
    if (value > max) return `'${value}' is too large - must be no larger than '${max}'`;
    return null;
  };
}

/** `type:non_negative`. */
export const validNonNegative: Validator = (value) => {
  if (typeof value !== 'number' || !Number.isInteger(value))
    return `'${pythonText(value)}' is not an integer`;
  return value < 0 ? `'${value}' should be non-negative` : null;
};

/** `type:mac_address`: six colon or dash separated octets, not all zero. */
export const validMacAddress: Validator = (value) =>
  typeof value === 'string' &&
  /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(value) &&
  !/^(00[:-]){5}00$/.test(value)
    ? null
    : `'${pythonText(value)}' is not a valid MAC address`;

/** `type:ip_address`. */
export const validIpAddress: Validator = (value) =>
  typeof value === 'string' && isIP(value) !== 0 ? null : `'${pythonText(value)}' is not a valid IP address`;

/** `type:ip_address_or_none`. */
export const validIpAddressOrNone: Validator = (value) => (value === null ? null : validIpAddress(value));

/** `type:subnet`: a CIDR (a host address with a prefix is accepted, as netaddr does). */
export const validSubnet: Validator = (value) => {
  if (typeof value === 'string') {
    const [address, prefix, extra] = value.split('/');
    const version = isIP(address ?? '');
    const bits = version === 4 ? 32 : 128;
    if (version !== 0 && extra === undefined && prefix !== undefined && /^\d+$/.test(prefix)) {
      if (Number(prefix) <= bits) return null;
    }
  }
  return `'${pythonText(value)}' is not a valid IP subnet`;
};

/** `type:subnet_or_none`. */
export const validSubnetOrNone: Validator = (value) => (value === null ? null : validSubnet(value));

/** `type:list_of_unique_strings` and friends: a list whose items each pass `item`. */
export function validListOf(item: Validator, unique = true): Validator {
  return (value) => {
    if (!Array.isArray(value)) return `'${pythonText(value)}' is not a list`;
    if (unique) {
      const seen = new Set<string>();
      const duplicates = value.filter((entry) => {
        const key = JSON.stringify(entry);
        if (seen.has(key)) return true;
        seen.add(key);
        return false;
      });
      if (duplicates.length > 0)
        return `Duplicate items in the list: '${duplicates.map(pythonText).join(', ')}'`;
    }
    for (const entry of value) {
      const reason = item(entry);
      if (reason) return reason;
    }
    return null;
  };
}

/** `type:dict_or_nodata` / `type:dict_or_empty`: an object (null allowed when `nullable`). */
export function validDict(nullable = true): Validator {
  return (value) =>
    (value === null && nullable) || (typeof value === 'object' && value !== null && !Array.isArray(value))
      ? null
      : `'${pythonText(value)}' is not a dictionary`;
}
