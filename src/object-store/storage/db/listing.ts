import { isTrue } from '../metadata-headers.js';
import { StorageError } from '../storage-response.js';

/** Swift's CONTAINER_LISTING_LIMIT and ACCOUNT_LISTING_LIMIT. */
export const LISTING_LIMIT = 10_000;

/** The parameters of a container or account listing. */
export interface ListingParams {
  limit: number;
  marker: string;
  endMarker?: string;
  prefix?: string;
  delimiter?: string;
  /** Containers only: `path=a/b` is prefix `a/b/` with delimiter `/`, the directory itself left out. */
  path?: string;
  reverse: boolean;
}

/** Swift's `constrain_req_limit` and friends: limit above 10000 is 412, anything not a number is ignored. */
export function listingParams(query: Record<string, string> = {}): ListingParams {
  let limit = LISTING_LIMIT;
  if (query.limit && /^\d+$/.test(query.limit)) {
    limit = Number(query.limit);
    if (limit > LISTING_LIMIT) throw new StorageError(412, `Maximum limit is ${LISTING_LIMIT}`);
  }
  return {
    limit,
    marker: query.marker ?? '',
    endMarker: query.end_marker || undefined,
    prefix: query.prefix,
    delimiter: query.delimiter || undefined,
    path: query.path,
    reverse: isTrue(query.reverse),
  };
}

/** The name right after every name that starts with `text`'s head and ends in its last character + 1. */
export function afterLastCharacter(text: string): string {
  const characters = [...text];
  const last = characters.pop()!;
  return characters.join('') + String.fromCodePoint(last.codePointAt(0)! + 1);
}

/** One query of a listing's rows, in name order, under bounds. */
export interface NameBounds {
  /** name > after */
  after?: string;
  /** name >= from */
  from?: string;
  /** name < before */
  before?: string;
}

export type ListingEntry<Row> = { row: Row } | { subdir: string };

/**
 * Swift's `list_objects_iter` / `list_containers_iter`: rows by name from marker to end_marker,
 * under a prefix, with names that go on past the delimiter rolled into one `subdir` entry, whose
 * rows are then skipped in one jump. `fetch` answers rows in name order (descending when reversed).
 */
export function listNames<Row>(
  params: ListingParams,
  fetch: (bounds: NameBounds, limit: number, reverse: boolean) => Row[],
  nameOf: (row: Row) => string,
): ListingEntry<Row>[] {
  const { limit, reverse } = params;
  let marker = reverse ? (params.endMarker ?? '') : params.marker;
  let endMarker = reverse ? params.marker : params.endMarker;
  let prefix = params.prefix;
  let delimiter = params.delimiter;
  let path = params.path;
  if (path !== undefined) {
    prefix = path = path ? `${path.replace(/\/+$/, '')}/` : path;
    delimiter = '/';
  } else if (delimiter && !prefix) {
    prefix = '';
  }
  const endPrefix = prefix ? afterLastCharacter(prefix) : undefined;
  const originalMarker = marker;
  const results: ListingEntry<Row>[] = [];
  let forceFrom = false;

  while (results.length < limit) {
    const bounds: NameBounds = {};
    if (endMarker && (!prefix || endMarker < endPrefix!)) bounds.before = endMarker;
    else if (prefix) bounds.before = endPrefix;
    if (forceFrom) {
      bounds.from = marker;
      forceFrom = false;
    } else if (marker && (!prefix || marker >= prefix)) bounds.after = marker;
    else if (prefix) bounds.from = prefix;
    const asked = limit - results.length;
    const rows = fetch(bounds, asked, reverse);
    if (prefix === undefined || !delimiter) return rows.map((row) => ({ row }));
    if (rows.length === 0) break;

    let jumped = false;
    for (const row of rows) {
      const name = nameOf(row);
      if (reverse) endMarker = name;
      else marker = name;
      if (results.length >= limit) return results;
      const end = name.indexOf(delimiter, prefix.length);
      if (path !== undefined) {
        if (name === path) continue;
        if (end >= 0 && name.length > end + delimiter.length) {
          // Below a deeper folder of the path: skip that folder, list nothing for it.
          if (reverse) endMarker = name.slice(0, end + delimiter.length);
          else marker = name.slice(0, end) + afterLastCharacter(delimiter);
          jumped = true;
          break;
        }
      } else if (end >= 0) {
        const subdir = name.slice(0, end + delimiter.length);
        if (reverse) endMarker = subdir;
        else {
          marker = name.slice(0, end) + afterLastCharacter(delimiter);
          forceFrom = true;
        }
        if (subdir !== originalMarker) results.push({ subdir });
        jumped = true;
        break;
      }
      results.push({ row });
    }
    if (!jumped && rows.length < asked) break;
  }
  return results;
}

/** The SQL of one page of live rows of `table` within bounds, in name order; the limit is its last value. */
export function pageQuery(
  table: string,
  bounds: NameBounds,
  reverse: boolean,
): { sql: string; values: string[] } {
  const conditions = ['deleted = 0'];
  const values: string[] = [];
  for (const [key, operator] of [
    ['before', '<'],
    ['after', '>'],
    ['from', '>='],
  ] as const) {
    const value = bounds[key];
    if (value !== undefined) {
      conditions.push(`name ${operator} ?`);
      values.push(value);
    }
  }
  const order = reverse ? 'DESC' : 'ASC';
  return {
    sql: `SELECT * FROM ${table} WHERE ${conditions.join(' AND ')} ORDER BY name ${order} LIMIT ?`,
    values,
  };
}
