import type { FastifyRequest } from 'fastify';
import { BadRequest } from '../../common/http/errors.js';
import { GLANCE_LIMIT_MESSAGES, nextHref, parsePageRequest } from '../../common/http/pagination.js';
import { InvalidInput } from '../errors.js';

/** The largest offset Cinder takes (`constants.DB_MAX_INT`). */
const DB_MAX_INT = 0x7fffffff;

export type SortDirection = 'asc' | 'desc';

/** A list request as cinder/api/common.py reads it: the pagination, the sort and what is left. */
export interface ListParams {
  /** The page size: the asked limit cut to `max_limit`, or `max_limit`. */
  limit: number;
  marker?: string;
  offset: number;
  sortKeys: string[];
  sortDirs: string[];
  /** The other query parameters (the filters), each given once or the first of its repeats. */
  filters: Record<string, string>;
}

/** The first value of a parameter, as webob's `MultiDict.pop` takes it. */
function firstValue(value: unknown): string {
  return String(Array.isArray(value) ? value[0] : value);
}

/** `strutils.validate_integer(offset, 'offset', 0, DB_MAX_INT)`, with its messages. */
function parseOffset(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\s*[+-]?\d+\s*$/.test(text)) throw new BadRequest('offset must be an integer');
  const offset = Number(text.trim());
  if (offset < 0) throw new BadRequest('offset must be >= 0');
  if (offset > DB_MAX_INT) throw new BadRequest(`offset must be <= ${DB_MAX_INT}`);
  return offset;
}

/**
 * `get_pagination_params` and `get_sort_params`: limit (400 "limit param must be an integer" /
 * "... positive"), marker, offset, and the sort, from `sort=key[:dir],...` or the older
 * `sort_key`/`sort_dir` (not both); the keys left are the filters.
 */
export function parseListParams(query: unknown, maxLimit: number): ListParams {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    params[key] = firstValue(value);
  }
  const { limit, marker, offset, sort, sort_key: sortKey, sort_dir: sortDir, ...filters } = params;
  const page = parsePageRequest(
    { limit, ...(marker === undefined ? {} : { marker }) },
    { maxLimit, limitMessages: GLANCE_LIMIT_MESSAGES },
  );
  if (sort !== undefined && (sortKey !== undefined || sortDir !== undefined)) {
    throw new BadRequest(
      "The 'sort_key' and 'sort_dir' parameters are deprecated and cannot be used with the 'sort' parameter.",
    );
  }
  const sortKeys: string[] = [];
  const sortDirs: string[] = [];
  if (sort !== undefined) {
    for (const part of sort.trim().split(',')) {
      const [key, dir] = [part.split(':')[0], part.split(':').slice(1).join(':')];
      sortKeys.push(key.trim());
      sortDirs.push((dir || 'desc').trim());
    }
  } else {
    sortKeys.push((sortKey ?? 'created_at').trim());
    sortDirs.push((sortDir ?? 'desc').trim());
  }
  return { ...page, offset: parseOffset(offset), sortKeys, sortDirs, filters };
}

/** One column of an ORDER BY: a sortable key and its direction. */
export interface SortColumn<K extends string> {
  key: K;
  direction: SortDirection;
}

/**
 * `process_sort_params` and `paginate_query`'s key check: directions must be asc or desc and no
 * more than the keys, every key must be one the resource sorts by (400 "Invalid sort key"), and
 * `created_at` then `id` are added when missing, in the first direction, so the order is total.
 */
export function sortColumns<K extends string>(
  params: Pick<ListParams, 'sortKeys' | 'sortDirs'>,
  sortable: Readonly<Record<string, K>>,
): SortColumn<K>[] {
  for (const dir of params.sortDirs) {
    if (dir !== 'asc' && dir !== 'desc') {
      throw new InvalidInput("Unknown sort direction, must be 'desc' or 'asc'.");
    }
  }
  if (params.sortDirs.length > params.sortKeys.length) {
    throw new InvalidInput('Sort direction array size exceeds sort key array size.');
  }
  const first = (params.sortDirs[0] ?? 'asc') as SortDirection;
  const keys = [...params.sortKeys];
  for (const key of ['created_at', 'id']) if (!keys.includes(key)) keys.push(key);
  return keys.map((key, index) => {
    if (!Object.hasOwn(sortable, key)) throw new InvalidInput('Invalid sort key');
    return { key: sortable[key], direction: (params.sortDirs[index] ?? first) as SortDirection };
  });
}

/** `strutils.bool_from_string(value)` (not strict): anything but the true words is false. */
export function isTrueString(value: string | undefined): boolean {
  return value !== undefined && ['1', 't', 'true', 'on', 'y', 'yes'].includes(value.trim().toLowerCase());
}

/**
 * The API root of a request's links: `<base>/v3/<project>` when the URL named the caller's
 * project, `<base>/v3` otherwise (3.67+ has no project in the URL), as Cinder's ViewBuilder.
 */
export function apiRoot(baseUrl: string, request: FastifyRequest): string {
  const urlProject = (request.params as { project_id?: string }).project_id;
  const withProject = urlProject !== undefined && urlProject === request.context.projectId;
  return withProject ? `${baseUrl}/v3/${urlProject}` : `${baseUrl}/v3`;
}

/**
 * Cinder's `<collection>_links`: a next link, the request's parameters with the marker last,
 * when the page is not empty and holds as many items as the limit (`max_limit` when none was
 * asked); upstream does so even when no more items follow.
 */
export function collectionLinks(
  baseUrl: string,
  request: FastifyRequest,
  collection: string,
  pageSize: number,
  limit: number,
  lastId: string | undefined,
): Array<{ rel: 'next'; href: string }> {
  if (pageSize === 0 || limit > pageSize || lastId === undefined) return [];
  const href = nextHref(`${apiRoot(baseUrl, request)}/${collection}`, request.url, lastId);
  return href === undefined ? [] : [{ rel: 'next', href }];
}
