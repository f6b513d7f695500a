import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { RequestContext } from '../../common/auth/context.js';
import { BadRequest } from '../../common/http/errors.js';
import type { Microversion } from '../../common/http/microversion.js';
import type { BlockStorageSchema } from '../db/schema.js';
import type { BlockStorageDeps } from '../deps.js';
import { InvalidInput } from '../errors.js';
import { boolParam, listParameters, type FilterValue } from './list-filters.js';
import { loadVolume } from './volume-lookup.js';
import type { VolumeRow } from './volume-records.js';

type Eb = ExpressionBuilder<BlockStorageSchema, 'volumes'>;
type Column = keyof VolumeRow;

/** The columns a filter or sort key names (Cinder's model attributes, as the API names them). */
const COLUMNS: Record<string, Column> = {
  id: 'id',
  display_name: 'name',
  display_description: 'description',
  status: 'status',
  size: 'size',
  availability_zone: 'availability_zone',
  bootable: 'bootable',
  multiattach: 'multiattach',
  migration_status: 'migration_status',
  project_id: 'project_id',
  user_id: 'user_id',
  volume_type_id: 'volume_type_id',
  snapshot_id: 'snapshot_id',
  source_volid: 'source_volid',
  attach_status: 'attach_status',
  previous_status: 'previous_status',
  host: 'host',
  created_at: 'created_at',
  updated_at: 'updated_at',
  launched_at: 'launched_at',
};

/** Model attributes Stratus keeps no column for: their value is the same for every volume. */
const CONSTANT_ATTRIBUTES: Record<string, unknown> = {
  group_id: null,
  consistencygroup_id: null,
  cluster_name: null,
  encryption_key_id: null,
  provider_id: null,
  service_uuid: null,
  replication_status: 'disabled',
  use_quota: true,
  shared_targets: false,
};

export interface VolumeListRequest {
  rows: VolumeRow[];
  /** The total of matching volumes, when 3.45's `with_count` asked for it. */
  count?: number;
  /** The page size asked for (or the largest), which decides the next link. */
  limit: number;
}

function lastValue(value: unknown): string | undefined {
  const last = Array.isArray(value) ? value.at(-1) : value;
  return last === undefined ? undefined : String(last);
}

/** `limit`, `marker` and `offset` (Cinder's `get_pagination_params`). */
function pagination(query: Record<string, string>, maxLimit: number) {
  let limit = maxLimit;
  if (query.limit !== undefined) {
    if (!/^\s*[+-]?\d+\s*$/.test(query.limit)) throw new BadRequest('limit param must be an integer');
    limit = Number(query.limit);
    if (limit < 0) throw new BadRequest('limit param must be positive');
  }
  let offset = 0;
  if (query.offset !== undefined) {
    if (!/^\s*[+-]?\d+\s*$/.test(query.offset)) throw new BadRequest('offset must be an integer');
    offset = Number(query.offset);
    if (offset < 0) throw new BadRequest('offset must be >= 0');
    if (offset > 2147483647) throw new BadRequest('offset must be <= 2147483647');
  }
  return { limit: Math.min(limit, maxLimit), marker: query.marker, offset };
}

/** `sort=key:dir,...` or the older `sort_key`/`sort_dir`, then created_at and id (Cinder's defaults). */
function sortOrder(query: Record<string, string>): Array<[Column | null, 'asc' | 'desc']> {
  if (query.sort !== undefined && (query.sort_key !== undefined || query.sort_dir !== undefined)) {
    throw new BadRequest(
      "The 'sort_key' and 'sort_dir' parameters are deprecated and cannot be used with the 'sort' parameter.",
    );
  }
  const pairs: Array<[string, string]> =
    query.sort !== undefined
      ? query.sort
          .trim()
          .split(',')
          .map((part) => {
            const [key, dir] = part.split(/:(.*)/s, 2);
            return [key.trim(), (dir ?? '').trim() || 'desc'];
          })
      : [[(query.sort_key ?? 'created_at').trim(), (query.sort_dir ?? 'desc').trim()]];
  const keys = pairs.map(([key]) => (key === 'name' ? 'display_name' : key));
  for (const key of ['created_at', 'id']) {
    if (!keys.includes(key)) pairs.push([key, pairs[0][1]]);
  }
  return pairs.map(([key, dir]) => {
    const name = key === 'name' ? 'display_name' : key;
    if (dir !== 'asc' && dir !== 'desc')
      throw new InvalidInput("Unknown sort direction, must be 'desc' or 'asc'.");
    if (!(name in COLUMNS) && !(name in CONSTANT_ATTRIBUTES)) throw new InvalidInput('Invalid sort key');
    return [COLUMNS[name] ?? null, dir];
  });
}

/** Whether a literal matches the value of a constant attribute (Python's ==). */
function sameLiteral(literal: unknown, value: unknown): boolean {
  if (Array.isArray(literal)) return literal.some((item) => sameLiteral(item, value));
  return literal === value;
}

/** The SQL condition of one filter, or false when no volume can match it (Cinder returns none). */
function condition(eb: Eb, key: string, filter: FilterValue): Expression<SqlBool> | false {
  if (key === 'metadata' || key === 'glance_metadata') {
    if (
      filter.kind !== 'value' ||
      filter.value === null ||
      typeof filter.value !== 'object' ||
      Array.isArray(filter.value)
    ) {
      return false;
    }
    const tables =
      key === 'metadata'
        ? (['volume_metadata', 'volume_admin_metadata'] as const)
        : (['volume_glance_metadata'] as const);
    return eb.and(
      Object.entries(filter.value).map(([metaKey, metaValue]) =>
        eb.or(
          tables.map((table) =>
            eb.exists(
              eb
                .selectFrom(table)
                .select(`${table}.key` as 'volume_metadata.key')
                .whereRef(`${table}.owner_id` as 'volume_metadata.owner_id', '=', 'volumes.id')
                .where(`${table}.key` as 'volume_metadata.key', '=', metaKey)
                .where(`${table}.value` as 'volume_metadata.value', '=', String(metaValue)),
            ),
          ),
        ),
      ),
    );
  }
  if (key in CONSTANT_ATTRIBUTES) {
    if (filter.kind !== 'value' || !sameLiteral(filter.value, CONSTANT_ATTRIBUTES[key])) return false;
    return eb.lit(true) as unknown as Expression<SqlBool>;
  }
  const column = COLUMNS[key];
  if (!column) return false;
  const ref = eb.ref(`volumes.${column}`);
  if (filter.kind === 'like') return eb(ref, 'like', `%${filter.text}%`);
  if (filter.kind === 'time') {
    const operators = { gt: '>', gte: '>=', eq: '=', neq: '<>', lt: '<', lte: '<=' } as const;
    return eb.and(filter.comparisons.map(([operator, time]) => eb(ref, operators[operator], time)));
  }
  if (key === 'host' && typeof filter.value === 'string') {
    // Cinder's `_filter_host`: the host itself or any backend or pool on it.
    return eb.or([
      eb(ref, '=', filter.value),
      eb(ref, 'like', `${filter.value}@%`),
      eb(ref, 'like', `${filter.value}#%`),
    ]);
  }
  const values = (Array.isArray(filter.value) ? filter.value : [filter.value]).map((value) =>
    typeof value === 'boolean' ? (value ? 1 : 0) : value,
  );
  if (values.some((value) => value !== null && typeof value === 'object')) return false;
  if (column === 'size' && values.some((value) => value !== null && !Number.isInteger(Number(value))))
    return false;
  const present = values
    .filter((value) => value !== null)
    .map((value) => (column === 'size' ? Number(value) : value));
  const conditions: Expression<SqlBool>[] = [];
  if (present.length > 0) conditions.push(eb(ref, 'in', present as never[]));
  if (present.length < values.length) conditions.push(eb(ref, 'is', null));
  return eb.or(conditions);
}

/**
 * The volumes a list request shows (Cinder's `volume_api.get_all`): the caller's project (every
 * project for an admin's `all_tenants`), filtered, sorted, after the marker and offset, at most
 * `limit` of them; non-admins never see a migration's temporary target.
 */
export async function listVolumes(
  deps: BlockStorageDeps,
  context: RequestContext,
  rawQuery: Record<string, unknown>,
  version: Microversion,
  isAdmin: boolean,
): Promise<VolumeListRequest> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(rawQuery)) {
    const last = lastValue(value);
    if (last !== undefined) query[key] = last;
  }
  const { limit, marker, offset } = pagination(query, deps.settings.max_limit);
  const order = sortOrder(query);
  let withCount = false;
  if (version.atLeast('3.45') && query.with_count !== undefined)
    withCount = boolParam('with_count', query.with_count);
  for (const key of ['limit', 'marker', 'offset', 'sort', 'sort_key', 'sort_dir', 'with_count'])
    delete query[key];
  const { allProjects, filters } = listParameters(query, version, isAdmin);

  let select = deps.db.selectFrom('volumes').selectAll('volumes');
  if (!allProjects) select = select.where('volumes.project_id', '=', context.projectId ?? '');
  if (!isAdmin) {
    select = select.where((eb) =>
      eb.or([
        eb('volumes.migration_status', 'is', null),
        eb('volumes.migration_status', 'not like', 'target:%'),
      ]),
    );
  }
  for (const [key, filter] of filters) {
    let impossible = false;
    select = select.where((eb) => {
      const made = condition(eb, key, filter);
      if (made === false) impossible = true;
      return made === false ? eb.lit(false) : made;
    });
    if (impossible) return { rows: [], ...(withCount ? { count: 0 } : {}), limit };
  }
  for (const [column, direction] of order)
    if (column) select = select.orderBy(sql.ref(`volumes.${column}`), direction);
  const all = await select.execute();
  let start = 0;
  if (marker !== undefined) {
    const markerVolume = await loadVolume(deps, context, marker);
    start = all.findIndex((row) => row.id === markerVolume.id) + 1;
    if (start === 0) start = all.length;
  }
  const rows = all.slice(start + offset, start + offset + limit);
  return { rows, ...(withCount ? { count: all.length } : {}), limit };
}
