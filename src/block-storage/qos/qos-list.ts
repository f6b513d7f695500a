import { sql, type Expression } from 'kysely';
import { keysetPage } from '../../common/http/pagination.js';
import { sortColumns, type ListParams } from '../api/list-params.js';
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

/** A sort column; the nullable one as its empty value, as Cinder's marker comparison treats null. */
function sortExpression(key: Column): Expression<unknown> {
  const column = sql.ref(COLUMNS[key]);
  return key === 'updated_at' ? sql`coalesce(${column}, '')` : column;
}

/**
 * GET /qos-specs: every QoS specs (an admin API), filtered by column, sorted (default
 * `created_at` then `id`, descending) and paged; a filter on anything else matches nothing.
 */
export async function listQosSpecs(deps: BlockStorageDeps, params: ListParams): Promise<QosSpecsRecord[]> {
  const sort = sortColumns(
    params,
    Object.fromEntries(Object.keys(COLUMNS).map((key) => [key, key as Column])),
  );
  if (Object.keys(params.filters).some((key) => !Object.hasOwn(COLUMNS, key))) return [];
  let marker: unknown[] | undefined;
  if (params.marker !== undefined) {
    const row = await deps.db
      .selectFrom('qos_specs')
      .select(sort.map(({ key }, index) => sql`${sortExpression(key)}`.as(`k${index}`)))
      .where('id', '=', params.marker)
      .executeTakeFirst();
    if (!row) throw new QosSpecsNotFound(params.marker);
    marker = sort.map((_, index) => (row as Record<string, unknown>)[`k${index}`]);
  }
  let query = deps.db.selectFrom('qos_specs').selectAll('qos_specs');
  for (const [key, value] of Object.entries(params.filters)) {
    query = query.where(sql.ref(COLUMNS[key as Column]), '=', value);
  }
  const keyset = sort.map(({ key, direction }) => ({ column: sortExpression(key), direction }));
  const rows = await keysetPage(query, keyset, marker, params.limit).offset(params.offset).execute();
  return withSpecs(deps.db, rows);
}
