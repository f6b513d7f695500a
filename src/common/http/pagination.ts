import type { ReferenceExpression, SelectQueryBuilder } from 'kysely';
import { BadRequest } from './errors.js';

/** The messages a service gives for a bad `limit`. */
export interface LimitMessages {
  notInteger: string;
  negative: string;
}

/** Nova's (`validate_integer` wrapped in InvalidInput). */
export const NOVA_LIMIT_MESSAGES: LimitMessages = {
  notInteger: 'Invalid input received: limit must be an integer',
  negative: 'Invalid input received: limit must be >= 0',
};

export const GLANCE_LIMIT_MESSAGES: LimitMessages = {
  notInteger: 'limit param must be an integer',
  negative: 'limit param must be positive',
};

export interface PaginationSettings {
  /** The largest page; a larger `limit` is cut to it (Nova `[api] max_limit`, Glance `api_limit_max`). */
  maxLimit: number;
  /** The page size when no `limit` is given: Nova uses `maxLimit`, Glance `limit_param_default`. */
  defaultLimit?: number;
  limitMessages?: LimitMessages;
}

export interface PageRequest {
  /** How many rows the page holds at most; 0 gives an empty page, as upstream. */
  limit: number;
  /** The key of the last row of the previous page. */
  marker?: string;
}

/** A parsed query string: repeated parameters come as arrays (Fastify's parser). */
export type QueryParams = Record<string, unknown>;

/** The value of a parameter given once or repeated: the last one counts, as webob reads it. */
function lastValue(value: unknown): string | undefined {
  const last = Array.isArray(value) ? value.at(-1) : value;
  return last === undefined ? undefined : String(last);
}

/** `limit` and `marker` of a list request; a `limit` that is not an integer >= 0 is a 400. */
export function parsePageRequest(query: QueryParams, settings: PaginationSettings): PageRequest {
  const messages = settings.limitMessages ?? NOVA_LIMIT_MESSAGES;
  let limit = settings.defaultLimit ?? settings.maxLimit;
  const limitText = lastValue(query.limit);
  if (limitText !== undefined) {
    // Python's int(): surrounding spaces, a sign and `_` between digits pass.
    if (!/^\s*[+-]?\d+(?:_\d+)*\s*$/.test(limitText)) throw new BadRequest(messages.notInteger);
    const requested = Number(limitText.trim().replace(/_/g, ''));
    if (requested < 0) throw new BadRequest(messages.negative);
    limit = requested;
  }
  const marker = lastValue(query.marker);
  return { limit: Math.min(limit, settings.maxLimit), ...(marker === undefined ? {} : { marker }) };
}

/** Nova's answer to a marker that names no row it can list. */
export function markerNotFound(marker: string): BadRequest {
  return new BadRequest(`marker [${marker}] not found`);
}

/**
 * The marker of the next page: the last row's key when this page is full. Upstream links a next
 * page whenever the page is full, so the last link may lead to an empty page.
 */
export function nextMarkerOf<T>(
  items: readonly T[],
  limit: number,
  keyOf: (row: T) => string,
): string | undefined {
  return limit > 0 && items.length === limit ? keyOf(items[items.length - 1]) : undefined;
}

export interface Page<T> {
  items: T[];
  nextMarker?: string;
}

/**
 * One page of rows already sorted and filtered in memory: the rows after the marker's row, at
 * most `limit` of them. A marker that is not among the rows is a 400 (`notFound` gives the message).
 */
export function pageOf<T>(
  rows: readonly T[],
  request: PageRequest,
  keyOf: (row: T) => string,
  notFound: (marker: string) => Error = markerNotFound,
): Page<T> {
  let start = 0;
  if (request.marker !== undefined) {
    const index = rows.findIndex((row) => keyOf(row) === request.marker);
    if (index < 0) throw notFound(request.marker);
    start = index + 1;
  }
  const items = rows.slice(start, start + request.limit);
  const nextMarker = nextMarkerOf(items, request.limit, keyOf);
  return nextMarker === undefined ? { items } : { items, nextMarker };
}

/** Python's `urlencode` (quote_plus): only letters, digits and `_.-~` stay as they are. */
function formEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function encodeQuery(pairs: Array<[string, string]>): string {
  return pairs.map(([key, value]) => `${formEncode(key)}=${formEncode(value)}`).join('&');
}

/** The query parameters of a request URL (`request.url`), in the order given, repeats kept. */
function queryPairs(requestUrl: string): Array<[string, string]> {
  const question = requestUrl.indexOf('?');
  return question < 0 ? [] : [...new URLSearchParams(requestUrl.slice(question + 1))];
}

/**
 * Nova's next link, `[{"rel": "next", "href": "<collection>?limit=2&marker=<id>"}]`, or `[]`
 * when there is no next page. As Nova, parameters are sorted by name and the marker takes the
 * old marker's place (or goes last); unlike Nova, repeated parameters are all kept.
 */
export function nextLinks(
  collectionUrl: string,
  requestUrl: string,
  nextMarker: string | undefined,
): Array<{ rel: 'next'; href: string }> {
  if (nextMarker === undefined) return [];
  const pairs = queryPairs(requestUrl).sort(([a, av], [b, bv]) =>
    a === b ? compare(av, bv) : compare(a, b),
  );
  const markerAt = pairs.findIndex(([key]) => key === 'marker');
  const others = pairs.filter(([key]) => key !== 'marker');
  others.splice(markerAt < 0 ? others.length : markerAt, 0, ['marker', nextMarker]);
  return [{ rel: 'next', href: `${collectionUrl}?${encodeQuery(others)}` }];
}

/** Code-point order, as Python sorts strings. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Glance's `first`: the collection path with the request's parameters but the marker. */
export function firstHref(path: string, requestUrl: string): string {
  const query = encodeQuery(queryPairs(requestUrl).filter(([key]) => key !== 'marker'));
  return query ? `${path}?${query}` : path;
}

/**
 * Glance's `next`: `/v2/images?limit=2&marker=<id>`, the request's parameters in their order
 * with the marker last, or undefined when there is no next page.
 */
export function nextHref(
  path: string,
  requestUrl: string,
  nextMarker: string | undefined,
): string | undefined {
  if (nextMarker === undefined) return undefined;
  const pairs = queryPairs(requestUrl).filter(([key]) => key !== 'marker');
  return `${path}?${encodeQuery([...pairs, ['marker', nextMarker]])}`;
}

/** One column of a keyset sort. */
export interface KeysetColumn<DB, TB extends keyof DB> {
  /** A NOT NULL column, or an expression such as `coalesce(display_name, '')`. */
  column: ReferenceExpression<DB, TB>;
  direction: 'asc' | 'desc';
}

/**
 * Keyset pagination in SQL, so a page of a large table reads only that page: orders by `sort`
 * (whose last column must be unique, e.g. the id, to break ties) and keeps the rows after
 * `marker`, the marker row's values of the sort columns in the same order, then applies `limit`.
 * The condition is `(a > x) OR (a = x AND b > y) ...`, with `<` for descending columns, so columns
 * may mix directions and it runs the same on SQLite and PostgreSQL.
 */
export function keysetPage<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  sort: ReadonlyArray<KeysetColumn<DB, TB>>,
  marker: readonly unknown[] | undefined,
  limit: number,
): SelectQueryBuilder<DB, TB, O> {
  let page = query;
  if (marker !== undefined) {
    if (marker.length !== sort.length) throw new Error('a keyset marker needs one value per sort column');
    page = page.where((eb) =>
      eb.or(
        sort.map(({ column, direction }, i) =>
          eb.and([
            ...sort.slice(0, i).map((earlier, j) => eb(earlier.column, '=', eb.val(marker[j]))),
            eb(column, direction === 'asc' ? '>' : '<', eb.val(marker[i])),
          ]),
        ),
      ),
    );
  }
  for (const { column, direction } of sort) page = page.orderBy(column, direction);
  return page.limit(limit);
}
