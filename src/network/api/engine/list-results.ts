import type { ApiRecord } from './definition.js';
import type { ListFilters, ListQuery } from './list-query.js';

/** A filter that a resource matches its own way (a port's `fixed_ips=ip_address=...`). */
export type FilterMatcher = (record: ApiRecord, values: unknown[]) => boolean;

function same(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (left === null || left === undefined) return right === '' || right === null;
  return String(left) === String(right);
}

/** Whether a record passes every filter: a scalar equals one of the values, a list holds one of them. */
export function matchesFilters(
  record: ApiRecord,
  filters: ListFilters,
  matchers: Record<string, FilterMatcher> = {},
): boolean {
  for (const [key, values] of Object.entries(filters)) {
    if (values.length === 0) continue;
    const matcher = matchers[key];
    if (matcher) {
      if (!matcher(record, values)) return false;
      continue;
    }
    const actual = record[key];
    const ok = Array.isArray(actual)
      ? values.some((value) => actual.some((item) => same(item, value)))
      : values.some((value) => same(actual, value));
    if (!ok) return false;
  }
  return true;
}

/** Whether a record's tags pass `tags` (all), `tags-any`, `not-tags` (not all) and `not-tags-any`. */
export function matchesTags(record: ApiRecord, tagFilters: ListQuery['tagFilters']): boolean {
  const tags = new Set((record.tags as string[] | undefined) ?? []);
  const { tags: every, 'tags-any': any, 'not-tags': notEvery, 'not-tags-any': notAny } = tagFilters;
  if (every?.length && !every.every((tag) => tags.has(tag))) return false;
  if (any?.length && !any.some((tag) => tags.has(tag))) return false;
  if (notEvery?.length && notEvery.every((tag) => tags.has(tag))) return false;
  if (notAny?.length && notAny.some((tag) => tags.has(tag))) return false;
  return true;
}

function compare(left: unknown, right: unknown): number {
  if (left === right) return 0;
  if (left === null || left === undefined) return -1;
  if (right === null || right === undefined) return 1;
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  if (typeof left === 'boolean' && typeof right === 'boolean') return Number(left) - Number(right);
  return String(left) < String(right) ? -1 : 1;
}

/** Sorts by the asked keys, then by id, so pages are stable. */
export function sortRecords(records: ApiRecord[], sorts: ListQuery['sorts']): ApiRecord[] {
  const keys = [
    ...sorts,
    ...(sorts.some((sort) => sort.key === 'id') ? [] : [{ key: 'id', ascending: true }]),
  ];
  return [...records].sort((a, b) => {
    for (const { key, ascending } of keys) {
      const order = compare(a[key], b[key]);
      if (order !== 0) return ascending ? order : -order;
    }
    return 0;
  });
}

/**
 * One page after (or, with page_reverse, before) the marker, as Neutron pages: an unknown
 * marker gives an empty page. A limit of 0 means every record.
 */
export function pageRecords(records: ApiRecord[], query: ListQuery): ApiRecord[] {
  let start = 0;
  let end = records.length;
  if (query.marker) {
    const index = records.findIndex((record) => record.id === query.marker);
    if (index < 0) return [];
    if (query.pageReverse) end = index;
    else start = index + 1;
  }
  if (!query.limit) return records.slice(start, end);
  return query.pageReverse
    ? records.slice(Math.max(start, end - query.limit), end)
    : records.slice(start, start + query.limit);
}

/** Neutron's `<collection>_links`: next unless a forward page came short, previous unless a reverse one did. */
export function pageLinks(
  url: string,
  rawQuery: string,
  page: ApiRecord[],
  query: ListQuery,
): { rel: string; href: string }[] {
  if (!query.limit) return [];
  const link = (marker: string | undefined, reverse: boolean) => {
    const params = new URLSearchParams(rawQuery);
    params.delete('marker');
    params.delete('page_reverse');
    if (marker) params.set('marker', marker);
    if (reverse) params.set('page_reverse', 'True');
    return `${url}?${params.toString()}`;
  };
  const links: { rel: string; href: string }[] = [];
  if (!(page.length < query.limit && !query.pageReverse))
    links.push({ rel: 'next', href: link(page.at(-1)?.id, false) });
  if (!(page.length < query.limit && query.pageReverse))
    links.push({ rel: 'previous', href: link(page[0]?.id, true) });
  return links;
}
