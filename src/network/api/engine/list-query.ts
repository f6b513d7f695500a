import { badRequest } from '../../errors.js';
import type { AttributeMap } from './attributes.js';
import { pythonText } from './validators.js';

/** Filters of a list request: attribute -> the values it may take (repeated parameters or-ed). */
export type ListFilters = Record<string, unknown[]>;

/** A parsed list request: filters, the fields to show, sort order and page. */
export interface ListQuery {
  filters: ListFilters;
  /** Tag filters (`tags`, `tags-any`, `not-tags`, `not-tags-any`), each a list of tags. */
  tagFilters: Partial<Record<TagFilter, string[]>>;
  fields: string[];
  sorts: { key: string; ascending: boolean }[];
  limit: number;
  marker: string | null;
  pageReverse: boolean;
}

export const TAG_FILTERS = ['tags', 'tags-any', 'not-tags', 'not-tags-any'] as const;
export type TagFilter = (typeof TAG_FILTERS)[number];

const CONTROL_PARAMETERS = new Set(['fields', 'sort_key', 'sort_dir', 'limit', 'marker', 'page_reverse']);

/** Query parameters as Fastify gives them: a value, or an array for a repeated one. */
export type QueryParameters = Record<string, string | string[] | undefined>;

function all(query: QueryParameters, name: string): string[] {
  const value = query[name];
  return value === undefined ? [] : [value].flat();
}

function pythonList(items: string[]): string {
  return `[${items.map((item) => `'${item}'`).join(', ')}]`;
}

/**
 * Reads a list request as Neutron's api_common does: every other parameter is a filter on an
 * attribute (unknown ones refused, values converted as on create), `fields`, `sort_key` with
 * `sort_dir` in pairs, `limit` (capped at `maxLimit`) with `marker` and `page_reverse`.
 */
export function parseListQuery(
  query: QueryParameters,
  attributes: AttributeMap,
  maxLimit: number,
): ListQuery {
  const filters: ListFilters = {};
  const tagFilters: ListQuery['tagFilters'] = {};
  const invalid: string[] = [];
  for (const [key, raw] of Object.entries(query)) {
    if (CONTROL_PARAMETERS.has(key) || raw === undefined) continue;
    if ((TAG_FILTERS as readonly string[]).includes(key) && attributes.tags) {
      tagFilters[key as TagFilter] = all(query, key)
        .flatMap((value) => value.split(','))
        .filter((tag) => tag !== '');
      continue;
    }
    const spec = attributes[key];
    if (!spec || spec.visible === false || spec.filter === false) {
      invalid.push(key);
      continue;
    }
    const values = all(query, key).map((value) => (spec.convert ? spec.convert(value) : value));
    filters[key] = values;
  }
  if (invalid.length > 0) throw badRequest(`${pythonList(invalid)} is invalid attribute for filtering`);

  const sortKeys = all(query, 'sort_key').filter((key) => key !== '');
  const sortDirs = all(query, 'sort_dir').filter((dir) => dir !== '');
  if (sortKeys.length !== sortDirs.length)
    throw badRequest('The number of sort_keys and sort_dirs must be same');
  const absent = sortKeys.filter((key) => !attributes[key]?.sortKey);
  if (absent.length > 0) throw badRequest(`${pythonList(absent)} is invalid attribute for sort_keys`);
  const badDirs = sortDirs.filter((dir) => dir !== 'asc' && dir !== 'desc');
  if (badDirs.length > 0) {
    throw badRequest(
      `${pythonList(badDirs)} is invalid value for sort_dirs, valid value is 'asc' and 'desc'`,
    );
  }

  const rawLimit = query.limit === undefined ? '0' : all(query, 'limit')[0];
  if (!/^\s*\d+\s*$/.test(rawLimit)) {
    throw badRequest(`Limit must be an integer 0 or greater and not '${pythonText(rawLimit)}'`);
  }
  const asked = Number(rawLimit);
  // No limit asked: the cap is the page size, if there is one; asked: capped by it.
  const limit = maxLimit > 0 ? (asked === 0 ? maxLimit : Math.min(asked, maxLimit)) : asked;
  return {
    filters,
    tagFilters,
    fields: all(query, 'fields').filter((field) => field !== ''),
    sorts: sortKeys.map((key, index) => ({ key, ascending: sortDirs[index] === 'asc' })),
    limit,
    marker: all(query, 'marker')[0] || null,
    pageReverse: (all(query, 'page_reverse')[0] ?? 'False').toLowerCase() === 'true',
  };
}
