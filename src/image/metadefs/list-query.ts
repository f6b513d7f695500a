import { BadRequest } from '../../common/http/errors.js';

/**
 * The query of a metadef list as Glance's deserializers read it: `limit`, `marker`, `sort_key`
 * and `sort_dir` taken out (the first of each), the rest are filters (the last of each, as webob
 * reads a repeated parameter), of which `visibility` is checked.
 */
export interface MetadefListQuery {
  limit?: number;
  marker?: string;
  sortKey: string;
  sortDir: 'asc' | 'desc';
  filters: Map<string, string>;
}

export interface ListQueryRules {
  /** The page size when `limit` is absent (namespaces: Glance's limit_param_default). */
  defaultLimit?: number;
  /** The largest page (namespaces: api_limit_max). */
  maxLimit?: number;
  /** Objects refuse a `limit` of 0 too. */
  positiveLimit?: boolean;
  /** The `visibility` filter values accepted. */
  visibilities: readonly string[];
}

function take(pairs: Array<[string, string]>, name: string): string | undefined {
  const index = pairs.findIndex(([key]) => key === name);
  return index < 0 ? undefined : pairs.splice(index, 1)[0][1];
}

/** Python's `int()` of a query value, with Glance's messages. */
function parseLimit(text: string, rules: ListQueryRules): number {
  if (!/^\s*[+-]?\d+\s*$/.test(text)) throw new BadRequest('limit param must be an integer');
  const limit = Math.min(Number(text.trim()), rules.maxLimit ?? Infinity);
  if (limit < 0 || (rules.positiveLimit && limit === 0)) throw new BadRequest('limit param must be positive');
  return limit;
}

/** The filters of a query (the last value of each), with the `visibility` filter checked. */
export function readFilters(
  pairs: Array<[string, string]>,
  visibilities: readonly string[],
): Map<string, string> {
  const filters = new Map(pairs);
  const visibility = filters.get('visibility');
  if (visibility && !visibilities.includes(visibility))
    throw new BadRequest(`Invalid visibility value: ${visibility}`);
  return filters;
}

export function parseListQuery(query: Array<[string, string]>, rules: ListQueryRules): MetadefListQuery {
  const pairs = [...query];
  const limitText = take(pairs, 'limit');
  const marker = take(pairs, 'marker');
  const sortDir = take(pairs, 'sort_dir') ?? 'desc';
  const sortKey = take(pairs, 'sort_key') ?? 'created_at';
  if (sortDir !== 'asc' && sortDir !== 'desc') throw new BadRequest(`Invalid sort direction: ${sortDir}`);
  const filters = readFilters(pairs, rules.visibilities);
  const limit =
    limitText === undefined || limitText === '' ? rules.defaultLimit : parseLimit(limitText, rules);
  return {
    ...(limit === undefined ? {} : { limit }),
    ...(marker === undefined ? {} : { marker }),
    sortKey,
    sortDir,
    filters,
  };
}

/** oslo.db's refusal of a sort key that is no column. */
export function checkSortKey(key: string, columns: readonly string[]): void {
  if (!columns.includes(key)) throw new BadRequest(`Sort key supplied is invalid: ${key}`);
}
