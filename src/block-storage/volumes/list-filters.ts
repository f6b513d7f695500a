import { BadRequest } from '../../common/http/errors.js';
import type { Microversion } from '../../common/http/microversion.js';
import { InvalidInput } from '../errors.js';
import { literalEval, type PythonLiteral } from './python-literal.js';

/** Cinder's default resource_filters.json for volumes: what non-admins may filter on from 3.31. */
const CONFIGURED_FILTERS = [
  'name',
  'status',
  'metadata',
  'bootable',
  'migration_status',
  'availability_zone',
  'group_id',
  'size',
  'created_at',
  'updated_at',
  'consumes_quota',
];

/** Before 3.31 non-admins may only use these (the same file); the rest is dropped silently. */
const LEGACY_FILTERS = CONFIGURED_FILTERS;

/** Filters that appeared with a microversion, dropped below it (Cinder's MV_ADDED_FILTERS). */
const ADDED_FILTERS: Array<[string, string]> = [
  ['3.4', 'glance_metadata'],
  ['3.10', 'group_id'],
  ['3.60', 'created_at'],
  ['3.60', 'updated_at'],
  ['3.65', 'use_quota'],
];

const RENAMED: Record<string, string> = {
  name: 'display_name',
  'name~': 'display_name~',
  'description~': 'display_description~',
  consumes_quota: 'use_quota',
};

const BOOLEAN_FILTERS = new Set(['bootable', 'multiattach', 'use_quota', 'shared_targets']);
const TIME_OPERATORS = ['gt', 'gte', 'eq', 'neq', 'lt', 'lte'] as const;
export type TimeOperator = (typeof TIME_OPERATORS)[number];

/** A filter value once Cinder's `check_volume_filters` read it. */
export type FilterValue =
  | { kind: 'value'; value: PythonLiteral }
  | { kind: 'like'; text: string }
  | { kind: 'time'; comparisons: Array<[TimeOperator, string]> };

export interface ListParameters {
  /** Every project's volumes (an admin's `all_tenants`). */
  allProjects: boolean;
  filters: Map<string, FilterValue>;
}

/** `strutils.bool_from_string(strict=True)`, or Cinder's looser reading before 3.2. */
function booleanFilter(key: string, text: string, strict: boolean): boolean {
  if (!strict) {
    if (['False', 'false', 'FALSE'].includes(text)) return false;
    return text !== '';
  }
  const lowered = text.trim().toLowerCase();
  if (['1', 't', 'true', 'on', 'y', 'yes'].includes(lowered)) return true;
  if (['0', 'f', 'false', 'off', 'n', 'no'].includes(lowered)) return false;
  throw new InvalidInput(`'${key} = ${text}'`);
}

/** Cinder's `utils.get_bool_param`: a strict boolean text, else its 400. */
export function boolParam(name: string, text: string | undefined): boolean {
  if (text === undefined) return false;
  const lowered = text.trim().toLowerCase();
  if (['1', 't', 'true', 'on', 'y', 'yes'].includes(lowered)) return true;
  if (['0', 'f', 'false', 'off', 'n', 'no'].includes(lowered)) return false;
  throw new BadRequest(`Value '${text}' for '${name}' is not a boolean.`);
}

/** `created_at=gt:2022-01-01T00:00:00,lt:...` (3.60), with Cinder's messages. */
function timeFilter(key: string, text: string): FilterValue {
  const comparisons: Array<[TimeOperator, string]> = [];
  for (const unit of text.split(',')) {
    const parts = unit.split(':');
    if (parts.length < 2) throw new BadRequest(`Invalid ${key} value`);
    const operator = parts[0];
    const time = parts.slice(1).join(':');
    if (!(TIME_OPERATORS as readonly string[]).includes(operator))
      throw new BadRequest(`Invalid ${operator} operator`);
    const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(time) ? time : `${time}Z`);
    if (!/^\d{4}-\d{2}-\d{2}/.test(time) || Number.isNaN(date.getTime()))
      throw new BadRequest(`Invalid ${time} value`);
    comparisons.push([operator as TimeOperator, date.toISOString()]);
  }
  return { kind: 'time', comparisons };
}

/**
 * The filters of a volume list as Cinder's `_get_volumes` reads the query (pagination and sort
 * already taken out): which filters the caller may use at this microversion (from 3.31 an
 * unknown one is a 400 for non-admins, before it is dropped), their database names, and values
 * read as Python literals, booleans (strictly from 3.2) or time comparisons.
 */
export function listParameters(
  query: Record<string, string>,
  version: Microversion,
  isAdmin: boolean,
): ListParameters {
  const given = { ...query };
  const allProjects = isAdmin && boolParam('all_tenants', given.all_tenants);
  if (version.atLeast('3.31')) {
    const keys = Object.keys(given);
    if (keys.some((key) => /[^\p{ASCII}]/u.test(key))) {
      throw new BadRequest('Filter keys can only contain ASCII characters.');
    }
    if (!isAdmin) {
      const like = version.atLeast('3.34');
      const invalid = keys.filter(
        (key) =>
          key !== 'all_tenants' &&
          !(CONFIGURED_FILTERS.includes(key) || (like && CONFIGURED_FILTERS.includes(`${key}~`))),
      );
      if (invalid.length > 0)
        throw new BadRequest(`Invalid filters ${invalid.join(',')} are found in query options.`);
    }
  } else {
    for (const [introduced, key] of ADDED_FILTERS) if (version.below(introduced)) delete given[key];
    if (!isAdmin) for (const key of Object.keys(given)) if (!LEGACY_FILTERS.includes(key)) delete given[key];
  }
  delete given.all_tenants;
  const filters = new Map<string, FilterValue>();
  for (const [rawKey, text] of Object.entries(given)) {
    const key = RENAMED[rawKey] ?? rawKey;
    if (key.endsWith('~')) filters.set(key.slice(0, -1), { kind: 'like', text });
    else if (key === 'created_at' || key === 'updated_at') filters.set(key, timeFilter(key, text));
    else if (BOOLEAN_FILTERS.has(key)) {
      filters.set(key, { kind: 'value', value: booleanFilter(key, text, version.atLeast('3.2')) });
    } else if (key === 'display_name') filters.set(key, { kind: 'value', value: text });
    else filters.set(key, { kind: 'value', value: literalEval(text) ?? text });
  }
  return { allProjects, filters };
}
