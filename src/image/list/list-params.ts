import { BadRequest } from '../../common/http/errors.js';
import type { MemberStatusFilter, VisibilityFilter } from '../model/visibility.js';
import { parseIsoTime, splitFilterOp, splitInValues } from './filter-values.js';

/** Columns a list may be sorted by, in the order Glance names them in its error message. */
const SORT_KEYS = [
  'name',
  'status',
  'container_format',
  'disk_format',
  'size',
  'id',
  'created_at',
  'updated_at',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';

/** A condition on an image column. */
export interface ColumnCondition {
  column: string;
  op: '=' | '!=' | '<' | '<=' | '>' | '>=' | 'in';
  value: string | number | Array<string>;
}

/** What `GET /v2/images` asks for, checked and with Glance's defaults filled in. */
export interface ImageListRequest {
  limit: number;
  marker?: string;
  memberStatus: MemberStatusFilter;
  visibility?: VisibilityFilter;
  /** Always ends with created_at and id, so pages never overlap. */
  sort: Array<{ key: SortKey; dir: SortDir }>;
  osHidden: boolean;
  tags: string[];
  columns: ColumnCondition[];
  /** Extra properties that must have these values. */
  properties: Array<{ name: string; value: string }>;
}

/** Glance's limit_param_default and api_limit_max. */
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 1000;

const OPERATORS: Record<string, ColumnCondition['op']> = {
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
  neq: '!=',
  eq: '=',
};
const NUMERIC_COLUMNS = new Set(['size', 'virtual_size', 'min_disk', 'min_ram']);
/** Columns that equal a value given as text (numbers and booleans are parsed below). */
const TEXT_COLUMNS = new Set(['owner', 'checksum', 'os_hash_algo', 'os_hash_value']);

/**
 * The query parameters in order, as webob's MultiDict holds them: `take` removes the first
 * occurrence of a name (what `params.pop` does), `last` reads the last one (what `params[name]`
 * gives).
 */
class Params {
  constructor(private pairs: Array<[string, string]>) {}
  has(name: string) {
    return this.pairs.some(([key]) => key === name);
  }
  take(name: string): string | undefined {
    const index = this.pairs.findIndex(([key]) => key === name);
    if (index < 0) return undefined;
    return this.pairs.splice(index, 1)[0][1];
  }
  takeAll(name: string): string[] {
    const values: string[] = [];
    for (let value = this.take(name); value !== undefined; value = this.take(name)) values.push(value);
    return values;
  }
  /** What remains, one value per name (the last), in first-seen order. */
  remaining(): Map<string, string> {
    const result = new Map<string, string>();
    for (const [key, value] of this.pairs) result.set(key, value);
    return result;
  }
}

function parseLimit(text: string): number {
  if (!/^\s*[+-]?\d+\s*$/.test(text)) throw new BadRequest('limit param must be an integer');
  const limit = Number(text.trim());
  if (limit < 0) throw new BadRequest('limit param must be positive');
  return Math.min(limit, MAX_LIMIT);
}

function sortKey(text: string): SortKey {
  const key = text.trim();
  if (!(SORT_KEYS as readonly string[]).includes(key)) {
    throw new BadRequest(
      `Invalid sort key: ${key}. It must be one of the following: ${SORT_KEYS.join(', ')}.`,
    );
  }
  return key as SortKey;
}

function sortDir(text: string): SortDir {
  const dir = text.trim();
  if (dir !== 'asc' && dir !== 'desc') throw new BadRequest(`Invalid sort direction: ${dir}`);
  return dir;
}

/** `sort=name:asc,size` or the classic `sort_key=name&sort_dir=asc`, completed as Glance does. */
function parseSort(params: Params): ImageListRequest['sort'] {
  const keys: SortKey[] = [];
  const dirs: SortDir[] = [];
  const sort = params.take('sort');
  if (sort !== undefined) {
    if (params.has('sort_key') || params.has('sort_dir')) {
      throw new BadRequest('Old and new sorting syntax cannot be combined');
    }
    for (const part of sort.trim().split(',')) {
      const colon = part.indexOf(':');
      keys.push(sortKey(colon < 0 ? part : part.slice(0, colon)));
      dirs.push(sortDir(colon < 0 || part.slice(colon + 1) === '' ? 'desc' : part.slice(colon + 1)));
    }
  } else {
    keys.push(...params.takeAll('sort_key').map(sortKey));
    dirs.push(...params.takeAll('sort_dir').map(sortDir));
    if (dirs.length > 1 && dirs.length !== keys.length) {
      throw new BadRequest('Number of sort dirs does not match the number of sort keys');
    }
  }
  if (keys.length === 0) keys.push('created_at');
  // One direction given applies to every key, and to the keys added to make the order total.
  let fallback: SortDir = 'desc';
  if (dirs.length === 0) dirs.push(...keys.map(() => fallback));
  else if (dirs.length === 1) {
    fallback = dirs[0];
    dirs.push(...keys.slice(1).map(() => fallback));
  }
  for (const key of ['created_at', 'id'] as const) {
    if (!keys.includes(key)) {
      keys.push(key);
      dirs.push(fallback);
    }
  }
  return keys.map((key, i) => ({ key, dir: dirs[i] }));
}

function trueOrFalse(name: string, value: string): boolean {
  if (value !== 'true' && value !== 'false') {
    throw new BadRequest(
      `Invalid value '${value}' for '${name}' filter. Valid values are 'true' or 'false'.`,
    );
  }
  return value === 'true';
}

function timeCondition(column: string, expression: string): ColumnCondition {
  const [op, text] = splitFilterOp(expression);
  const time = parseIsoTime(text);
  if (time === null)
    throw new BadRequest(`Bad "${column}" query filter format. Use ISO 8601 DateTime notation.`);
  const sqlOp = OPERATORS[op];
  if (sqlOp === undefined) throw new BadRequest('Unable to filter on a unknown operator.');
  return { column, op: sqlOp, value: time.toISOString() };
}

function listCondition(column: string, expression: string): ColumnCondition {
  const [op, value] = splitFilterOp(expression);
  if (op === 'in') return { column, op: 'in', value: splitInValues(value) };
  if (op === 'eq') return { column, op: '=', value };
  throw new BadRequest(`Unable to filter by unknown operator '${op}'.`);
}

function rangeCondition(column: string, bound: 'min' | 'max', text: string): ColumnCondition {
  if (!/^\s*[+-]?\d+\s*$/.test(text))
    throw new BadRequest('Unable to filter on a range with a non-numeric value.');
  return { column, op: bound === 'min' ? '>=' : '<=', value: Number(text) };
}

/** Parses the query of `GET /v2/images` (its parameters in order, repeats kept). */
export function parseListParams(pairs: Array<[string, string]>): ImageListRequest {
  const params = new Params([...pairs]);
  const limitText = params.take('limit');
  const marker = params.take('marker');
  const memberStatus = params.take('member_status') ?? 'accepted';
  const tags = params.takeAll('tag').map((tag) => tag.trim());
  const rest = params.remaining();
  const visibility = rest.get('visibility') || undefined;
  if (visibility !== undefined && !['community', 'public', 'private', 'shared', 'all'].includes(visibility)) {
    throw new BadRequest(`Invalid visibility value: ${visibility}`);
  }
  if (rest.get('changes-since'))
    throw new BadRequest('The "changes-since" filter is no longer available on v2.');
  if (!['pending', 'accepted', 'rejected', 'all'].includes(memberStatus)) {
    throw new BadRequest(`Invalid status: ${memberStatus}`);
  }
  const limit = limitText === undefined ? DEFAULT_LIMIT : parseLimit(limitText);
  const sort = parseSort(params);
  const filters = params.remaining();
  const osHidden = trueOrFalse('os_hidden', (filters.get('os_hidden') ?? 'false').toLowerCase());
  const columns: ColumnCondition[] = [];
  const properties: ImageListRequest['properties'] = [];
  for (const [name, value] of filters) {
    // `deleted` is Glance's own filter (always false); deleted images are gone here.
    if (['visibility', 'os_hidden', 'changes-since', 'deleted'].includes(name)) continue;
    const range = /^(.*)_(min|max)$/.exec(name);
    if (name === 'protected')
      columns.push({ column: name, op: '=', value: trueOrFalse(name, value) ? 1 : 0 });
    else if (range && NUMERIC_COLUMNS.has(range[1]))
      columns.push(rangeCondition(range[1], range[2] as 'min', value));
    else if (name === 'created_at' || name === 'updated_at') columns.push(timeCondition(name, value));
    else if (['name', 'id', 'status', 'container_format', 'disk_format'].includes(name)) {
      columns.push(listCondition(name, value));
    } else if (NUMERIC_COLUMNS.has(name)) {
      columns.push({ column: name, op: '=', value: /^\s*\d+\s*$/.test(value) ? Number(value) : -1 });
    } else if (TEXT_COLUMNS.has(name)) columns.push({ column: name, op: '=', value });
    else properties.push({ name, value });
  }
  return {
    limit,
    ...(marker === undefined ? {} : { marker }),
    memberStatus: memberStatus as MemberStatusFilter,
    ...(visibility === undefined ? {} : { visibility: visibility as VisibilityFilter }),
    sort,
    osHidden,
    tags,
    columns,
    properties,
  };
}
