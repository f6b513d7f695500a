import { expressionBuilder, sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { RequestContext } from '../../common/auth/context.js';
import { BadRequest } from '../../common/http/errors.js';
import type { Microversion } from '../../common/http/microversion.js';
import { keysetPage } from '../../common/http/pagination.js';
import { isTrueString, sortColumns, type ListParams } from '../api/list-params.js';
import type { BlockStorageSchema } from '../db/schema.js';
import { keysetOf, markerValues } from '../db/list-keyset.js';
import type { BlockStorageDeps } from '../deps.js';
import { SnapshotNotFound } from '../errors.js';
import { authorize } from '../policies/index.js';
import { literalEval } from '../volumes/python-literal.js';
import { callerIsAdmin } from '../volumes/volume-lookup.js';
import { withMetadata, type SnapshotRecord } from './snapshot-records.js';

type Eb = ExpressionBuilder<BlockStorageSchema, 'snapshots'>;

/** Cinder's `resource_filters.json` for snapshots: what a non-admin may filter by from 3.31. */
const USER_FILTERS = ['name', 'status', 'volume_id', 'metadata', 'availability_zone', 'consumes_quota'];
/** What a non-admin may filter by before 3.31 (others are dropped silently). */
const LEGACY_USER_FILTERS = ['status', 'volume_id', 'name', 'metadata'];

/** The Snapshot model's columns that exist here, by Cinder's names. */
const COLUMNS = {
  id: 'snapshots.id',
  user_id: 'snapshots.user_id',
  project_id: 'snapshots.project_id',
  volume_id: 'snapshots.volume_id',
  status: 'snapshots.status',
  progress: 'snapshots.progress',
  volume_size: 'snapshots.volume_size',
  display_name: 'snapshots.name',
  display_description: 'snapshots.description',
  created_at: 'snapshots.created_at',
  updated_at: 'snapshots.updated_at',
} as const;
type Column = keyof typeof COLUMNS;

const NULLABLE: Column[] = ['display_name', 'display_description', 'updated_at'];

/**
 * The filters of a list request as Cinder's snapshot controller and API read them: which
 * filters the caller may give (by microversion and role), `name` as `display_name`, the
 * metadata dict, and whether an admin asked for every project (`all_tenants`).
 */
function readFilters(filters: Record<string, string>, version: Microversion, isAdmin: boolean) {
  const given = { ...filters };
  if (version.atLeast('3.31')) {
    if (Object.keys(given).some((key) => [...key].some((char) => char.charCodeAt(0) > 0x7f))) {
      throw new BadRequest('Filter keys can only contain ASCII characters.');
    }
    if (!isAdmin) {
      delete given.all_tenants;
      const invalid = Object.keys(given).filter((key) => !USER_FILTERS.includes(key));
      if (invalid.length > 0)
        throw new BadRequest(`Invalid filters ${invalid.join(',')} are found in query options.`);
    }
    for (const [from, to] of [
      ['name~', 'display_name~'],
      ['description~', 'display_description~'],
      ['consumes_quota', 'use_quota'],
    ]) {
      if (from in given) {
        given[to] = given[from];
        delete given[from];
      }
    }
  } else {
    if (version.below('3.22')) delete given.metadata;
    delete given.consumes_quota;
    if (!isAdmin)
      for (const key of Object.keys(given)) if (!LEGACY_USER_FILTERS.includes(key)) delete given[key];
  }
  const allTenants = isAdmin && isTrueString(given.all_tenants);
  delete given.all_tenants;
  if ('name' in given) {
    given.display_name = given.name;
    delete given.name;
  }
  return { filters: given, allTenants };
}

/** The WHERE conditions of the filters; null when one cannot match (an unknown key, as Cinder's). */
function conditions(filters: Record<string, string>): Expression<SqlBool>[] | null {
  const eb: Eb = expressionBuilder<BlockStorageSchema, 'snapshots'>();
  const where: Expression<SqlBool>[] = [];
  for (const [given, value] of Object.entries(filters)) {
    const like = given.endsWith('~');
    const key = like ? given.slice(0, -1) : given;
    if (key === 'metadata' && !like) {
      const wanted = literalEval(value);
      if (wanted === null || typeof wanted !== 'object' || Array.isArray(wanted)) return null;
      for (const [metaKey, metaValue] of Object.entries(wanted)) {
        where.push(
          eb.exists(
            eb
              .selectFrom('snapshot_metadata')
              .select('snapshot_metadata.key')
              .whereRef('snapshot_metadata.owner_id', '=', 'snapshots.id')
              .where('snapshot_metadata.key', '=', metaKey)
              .where(
                'snapshot_metadata.value',
                '=',
                typeof metaValue === 'string' ? metaValue : JSON.stringify(metaValue),
              ),
          ),
        );
      }
    } else if ((key === 'availability_zone' || key === 'host') && !like) {
      const volumes = eb
        .selectFrom('volumes')
        .select('volumes.id')
        .whereRef('volumes.id', '=', 'snapshots.volume_id');
      where.push(
        eb.exists(
          key === 'availability_zone'
            ? volumes.where('volumes.availability_zone', '=', value)
            : volumes.where((inner) =>
                inner.or([
                  inner('volumes.host', '=', value),
                  inner('volumes.host', 'like', `${value}#%`),
                  ...(value.includes('@') ? [] : [inner('volumes.host', 'like', `${value}@%`)]),
                ]),
              ),
        ),
      );
    } else if (key === 'use_quota' && !like) {
      if (!isTrueString(value)) return null;
    } else if (key === 'volume_size') {
      // An integer column: text that is no integer matches nothing (and never reaches the engine).
      if (like || !/^\d+$/.test(value.trim())) return null;
      where.push(eb('snapshots.volume_size', '=', Number(value)));
    } else if (Object.hasOwn(COLUMNS, key)) {
      const column = sql.ref(COLUMNS[key as Column]);
      where.push(like ? eb(column, 'like', `%${value}%`) : eb(column, '=', value));
    } else {
      // Not a column here (or one always empty here, as group_snapshot_id): nothing matches.
      return null;
    }
  }
  return where;
}

/** The keys a snapshot list sorts by; `name` from 3.30 (before it is no column). */
function sortable(version: Microversion): Record<string, Column> {
  const keys: Record<string, Column> = Object.fromEntries(
    (Object.keys(COLUMNS) as Column[]).map((key) => [key, key]),
  );
  if (version.atLeast('3.30')) keys.name = 'display_name';
  return keys;
}

/**
 * GET /snapshots and /snapshots/detail: the caller's project's snapshots (every project's for an
 * admin with `all_tenants`), filtered, sorted (default `created_at` then `id`, descending),
 * after the marker's row (404 when the caller cannot see it), skipping `offset`, at most `limit`.
 */
export async function listSnapshots(
  deps: BlockStorageDeps,
  context: RequestContext,
  version: Microversion,
  params: ListParams,
): Promise<SnapshotRecord[]> {
  authorize(deps.policy, 'volume:get_all_snapshots', { project_id: context.projectId }, context);
  const isAdmin = callerIsAdmin(deps, context);
  const { filters, allTenants } = readFilters(params.filters, version, isAdmin);
  const keyset = keysetOf(sortColumns(params, sortable(version)), COLUMNS, NULLABLE);
  let marker: unknown[] | undefined;
  if (params.marker !== undefined) {
    marker = await markerValues(
      deps.db
        .selectFrom('snapshots')
        .where('id', '=', params.marker)
        .$if(!isAdmin, (query) => query.where('project_id', '=', context.projectId ?? '')),
      keyset,
    );
    if (!marker) throw new SnapshotNotFound(params.marker);
  }
  const where = conditions(filters);
  if (where === null) return [];
  const query = deps.db
    .selectFrom('snapshots')
    .selectAll('snapshots')
    .$if(!allTenants, (q) => q.where('snapshots.project_id', '=', context.projectId ?? ''))
    .$if(where.length > 0, (q) => q.where((eb) => eb.and(where)));
  const rows = await keysetPage(query, keyset, marker, params.limit).offset(params.offset).execute();
  return withMetadata(deps.db, rows);
}
