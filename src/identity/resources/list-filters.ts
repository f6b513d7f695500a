import type { Attributes } from './attributes.js';

/** The query string of a list request, as Fastify parses it. */
export type ListQuery = Record<string, string | string[] | undefined>;

/** One value of a query parameter (the last when it is repeated). */
export function queryValue(query: ListQuery, name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value.at(-1) : value;
}

const FALSE_WORDS = ['0', 'f', 'false', 'off', 'n', 'no'];

/**
 * A boolean filter as Keystone reads one (`strutils.bool_from_string` with default true): the
 * usual false words are false, anything else, even an empty or unknown word, is true.
 */
export function booleanFilter(value: string): boolean {
  return !FALSE_WORDS.includes(value.trim().toLowerCase());
}

/**
 * A flag of a GET (`?parents_as_list`, `?subtree_as_ids=1`): present and anything but `0` is
 * true, as Keystone's `query_filter_is_true`.
 */
export function queryFlag(query: ListQuery, name: string): boolean {
  return name in query && queryValue(query, name) !== '0';
}

/**
 * The filters a list call supports that the query names, as Keystone passes them to policy as
 * `filter_attr` (`{}` when none is given).
 */
export function filterAttributes(query: ListQuery, supported: readonly string[]): Attributes {
  const found: Attributes = {};
  for (const name of supported) {
    const value = queryValue(query, name);
    if (value !== undefined) found[name] = value;
  }
  return Object.keys(found).length ? { filter_attr: found } : {};
}

type Comparator = 'contains' | 'startswith' | 'endswith';

/** `name__contains=x`, `name__istartswith=x`...: Keystone's inexact filters on supported attributes. */
export interface InexactFilter {
  name: string;
  comparator: Comparator | string;
  caseSensitive: boolean;
  value: string;
}

export function inexactFilters(query: ListQuery, supported: readonly string[]): InexactFilter[] {
  const filters: InexactFilter[] = [];
  for (const key of Object.keys(query)) {
    const split = key.indexOf('__');
    if (split <= 0) continue;
    const name = key.slice(0, split);
    if (!supported.includes(name)) continue;
    let comparator = key.slice(split + 2);
    const caseSensitive = !comparator.startsWith('i');
    if (!caseSensitive) comparator = comparator.slice(1);
    filters.push({ name, comparator, caseSensitive, value: queryValue(query, key) ?? '' });
  }
  return filters;
}

/** Whether an entity (as the API shows it) passes every inexact filter; unknown comparators pass. */
export function matchesInexact(entity: Attributes, filters: readonly InexactFilter[]): boolean {
  return filters.every((filter) => {
    const attribute = entity[filter.name];
    if (typeof attribute !== 'string') return false;
    const target = filter.caseSensitive ? attribute : attribute.toLowerCase();
    const value = filter.caseSensitive ? filter.value : filter.value.toLowerCase();
    if (filter.comparator === 'contains') return target.includes(value);
    if (filter.comparator === 'startswith') return target.startsWith(value);
    if (filter.comparator === 'endswith') return target.endsWith(value);
    return true;
  });
}
