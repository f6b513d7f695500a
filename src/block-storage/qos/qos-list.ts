import { sql } from 'kysely';
import { keysetPage } from '../../common/http/pagination.js';
import { sortColumns, type ListParams } from '../api/list-params.js';
import { keysetOf, markerValues, sortKeysOf } from '../db/list-keyset.js';
import type { BlockStorageDeps } from '../deps.js';
import { QosSpecsNotFound, withSpecs, type QosSpecsRecord } from './qos-specs.js';

const COLUMNS = {
  id: 'qos_specs.id',
  name: 'qos_specs.name',
  consumer: 'qos_specs.consumer',
  created_at: 'qos_specs.created_at',
  updated_at: 'qos_specs.updated_at',
} as const;
type Column = keyof typeof COLUMNS;

const NULLABLE: Column[] = ['updated_at'];

/**
 * GET /qos-specs: every QoS specs (an admin API), filtered by column, sorted (default
 * `created_at` then `id`, descending) and paged; a filter on anything else matches nothing.
 */
export async function listQosSpecs(deps: BlockStorageDeps, params: ListParams): Promise<QosSpecsRecord[]> {
  const sort = sortColumns(params, sortKeysOf(COLUMNS));
  if (Object.keys(params.filters).some((key) => !Object.hasOwn(COLUMNS, key))) return [];
  const keyset = keysetOf(sort, COLUMNS, NULLABLE);
  let marker: unknown[] | undefined;
  if (params.marker !== undefined) {
    marker = await markerValues(deps.db.selectFrom('qos_specs').where('id', '=', params.marker), keyset);
    if (!marker) throw new QosSpecsNotFound(params.marker);
  }
  let query = deps.db.selectFrom('qos_specs').selectAll('qos_specs');
  for (const [key, value] of Object.entries(params.filters)) {
    query = query.where(sql.ref(COLUMNS[key as Column]), '=', value);
  }
  const rows = await keysetPage(query, keyset, marker, params.limit).offset(params.offset).execute();
  return withSpecs(deps.db, rows);
}
