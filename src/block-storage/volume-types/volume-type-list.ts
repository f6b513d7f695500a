import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import type { RequestContext } from '../../common/auth/context.js';
import { BadRequest } from '../../common/http/errors.js';
import type { Microversion } from '../../common/http/microversion.js';
import { keysetPage } from '../../common/http/pagination.js';
import { sortColumns, type ListParams } from '../api/list-params.js';
import type { BlockStorageSchema } from '../db/schema.js';
import { keysetOf, markerValues, sortKeysOf } from '../db/list-keyset.js';
import type { BlockStorageDeps } from '../deps.js';
import { literalEval } from '../volumes/python-literal.js';
import { callerIsAdmin } from '../volumes/volume-lookup.js';
import { USER_VISIBLE_EXTRA_SPECS } from './extra-specs.js';
import { visibleTo } from './volume-type-lookup.js';
import { VolumeTypeNotFound, withExtraSpecs, type VolumeTypeRecord } from './volume-type-records.js';

/** The VolumeType model's columns, by Cinder's names. */
const COLUMNS = {
  id: 'volume_types.id',
  name: 'volume_types.name',
  description: 'volume_types.description',
  is_public: 'volume_types.is_public',
  qos_specs_id: 'volume_types.qos_specs_id',
  created_at: 'volume_types.created_at',
  updated_at: 'volume_types.updated_at',
} as const;
type Column = keyof typeof COLUMNS;

const NULLABLE: Column[] = ['description', 'qos_specs_id', 'updated_at'];

/** `api_utils._parse_is_public`: absent is public only, `none` is both, else a strict boolean. */
function parseIsPublic(value: string | undefined): boolean | null {
  if (value === undefined) return true;
  if (value.toLowerCase() === 'none') return null;
  const lowered = value.trim().toLowerCase();
  if (['1', 't', 'true', 'on', 'y', 'yes'].includes(lowered)) return true;
  if (['0', 'f', 'false', 'off', 'n', 'no'].includes(lowered)) return false;
  throw new BadRequest(`Invalid is_public filter [${value}]`);
}

/** The filters a caller may give: from 3.52 a non-admin's unknown ones are refused, before they are dropped. */
function allowedFilters(filters: Record<string, string>, version: Microversion, isAdmin: boolean) {
  const given = { ...filters };
  if (isAdmin) return given;
  const userFilters = version.atLeast('3.52') ? ['is_public', 'extra_specs'] : ['is_public'];
  if (version.atLeast('3.52')) {
    delete given.all_tenants;
    const invalid = Object.keys(given).filter((key) => !userFilters.includes(key));
    if (invalid.length > 0)
      throw new BadRequest(`Invalid filters ${invalid.join(',')} are found in query options.`);
  }
  for (const key of Object.keys(given)) if (!userFilters.includes(key)) delete given[key];
  return given;
}

/** The WHERE conditions of the column and extra spec filters; null when nothing can match. */
function conditions(filters: Record<string, string>, readSensitive: boolean): Expression<SqlBool>[] | null {
  const eb = expressionBuilder<BlockStorageSchema, 'volume_types'>();
  const where: Expression<SqlBool>[] = [];
  for (const [key, value] of Object.entries(filters)) {
    if (key === 'extra_specs') {
      const specs = literalEval(value);
      if (specs === null || typeof specs !== 'object' || Array.isArray(specs)) return null;
      // A non-admin filtering by a spec it may not read sees no type match, as upstream.
      if (!readSensitive && Object.keys(specs).some((spec) => !USER_VISIBLE_EXTRA_SPECS.includes(spec)))
        return null;
      for (const [spec, wanted] of Object.entries(specs)) {
        const text = typeof wanted === 'string' ? wanted : JSON.stringify(wanted);
        // Availability zones are a comma-separated list, so that spec matches as a substring.
        const match = spec === 'RESKEY:availability_zones' ? `%${text}%` : text;
        where.push(
          eb.exists(
            eb
              .selectFrom('volume_type_extra_specs')
              .select('volume_type_extra_specs.key')
              .whereRef('volume_type_extra_specs.owner_id', '=', 'volume_types.id')
              .where('volume_type_extra_specs.key', '=', spec)
              .where(
                'volume_type_extra_specs.value',
                spec === 'RESKEY:availability_zones' ? 'like' : '=',
                match,
              ),
          ),
        );
      }
    } else if (Object.hasOwn(COLUMNS, key)) {
      where.push(eb(sql.ref(COLUMNS[key as Column]), '=', value));
    } else {
      return null;
    }
  }
  return where;
}

/**
 * GET /types: the types the caller sees (admins all, others the public ones and those shared
 * with their project), by default only public ones and the caller's shared ones (`is_public`:
 * an admin may ask for private ones, or `none` for both), filtered, sorted and paged.
 */
export async function listVolumeTypes(
  deps: BlockStorageDeps,
  context: RequestContext,
  version: Microversion,
  params: ListParams,
): Promise<VolumeTypeRecord[]> {
  const isAdmin = callerIsAdmin(deps, context);
  const readSensitive = deps.policy.check(
    'volume_extension:types_extra_specs:read_sensitive',
    { project_id: context.projectId },
    context,
  );
  const { is_public: isPublicText, ...filters } = allowedFilters(params.filters, version, isAdmin);
  const isPublic = isAdmin ? parseIsPublic(isPublicText) : true;
  const sort = sortColumns(params, sortKeysOf(COLUMNS));
  const where = conditions(filters, readSensitive);
  if (where === null) return [];
  const projectId = context.projectId ?? '';
  const keyset = keysetOf(sort, COLUMNS, NULLABLE);
  let marker: unknown[] | undefined;
  if (params.marker !== undefined) {
    marker = await markerValues(
      deps.db
        .selectFrom('volume_types')
        .where('volume_types.id', '=', params.marker)
        .$if(!isAdmin, (query) => query.where((eb) => visibleTo(eb, projectId))),
      keyset,
    );
    if (!marker) throw new VolumeTypeNotFound(params.marker);
  }
  const query = deps.db
    .selectFrom('volume_types')
    .selectAll('volume_types')
    .$if(!isAdmin, (q) => q.where((eb) => visibleTo(eb, projectId)))
    .$if(isPublic === true, (q) => q.where((eb) => visibleTo(eb, projectId)))
    .$if(isPublic === false, (q) => q.where('volume_types.is_public', '=', 0))
    .$if(where.length > 0, (q) => q.where((eb) => eb.and(where)));
  const rows = await keysetPage(query, keyset, marker, params.limit).offset(params.offset).execute();
  return withExtraSpecs(deps.db, rows);
}
