import { sql, type Expression, type SelectQueryBuilder } from 'kysely';
import type { SortColumn, SortDirection } from '../api/list-params.js';

/** One column of a list's keyset: what it orders by, and which way. */
export interface KeysetSortColumn {
  column: Expression<unknown>;
  direction: SortDirection;
}

/** Each key a list sorts by as itself, for `sortColumns`, from the list's columns by Cinder's names. */
export function sortKeysOf<K extends string>(columns: Readonly<Record<K, string>>): Record<string, K> {
  return Object.fromEntries(Object.keys(columns).map((key) => [key, key as K]));
}

/**
 * The keyset of a list's sort: each key's column, a nullable one as its empty value, as Cinder's
 * marker comparison treats null.
 */
export function keysetOf<K extends string>(
  sort: readonly SortColumn<K>[],
  columns: Readonly<Record<K, string>>,
  nullable: readonly K[],
): KeysetSortColumn[] {
  return sort.map(({ key, direction }) => {
    const column = sql.ref(columns[key]);
    return { column: nullable.includes(key) ? sql`coalesce(${column}, '')` : column, direction };
  });
}

/**
 * The marker row's values of the keyset's columns, in its order, for `keysetPage`; undefined when
 * `markerRow` (the marker's id, among the rows the caller may see) finds none.
 */
export async function markerValues<DB, TB extends keyof DB, O>(
  markerRow: SelectQueryBuilder<DB, TB, O>,
  keyset: readonly KeysetSortColumn[],
): Promise<unknown[] | undefined> {
  const row = await markerRow
    .select(keyset.map(({ column }, index) => sql`${column}`.as(`k${index}`)))
    .executeTakeFirst();
  return row && keyset.map((_, index) => (row as Record<string, unknown>)[`k${index}`]);
}
