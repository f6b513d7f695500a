import type { Kysely } from 'kysely';
import { markerNotFound } from '../../common/http/pagination.js';
import type { ComputeSchema } from '../db/schema.js';
import { visibleFlavors, type FlavorRow, type FlavorViewer } from './flavors-repo.js';

/** Nova's `VALID_SORT_KEYS` for flavors. */
export const FLAVOR_SORT_KEYS = [
  'created_at',
  'description',
  'disabled',
  'ephemeral_gb',
  'flavorid',
  'id',
  'is_public',
  'memory_mb',
  'name',
  'root_gb',
  'rxtx_factor',
  'swap',
  'updated_at',
  'vcpu_weight',
  'vcpus',
] as const;
export type FlavorSortKey = (typeof FLAVOR_SORT_KEYS)[number];

export interface FlavorListQuery {
  /** true: public ones plus those shared with the viewer's project; false: private only; null: all. */
  isPublic: boolean | null;
  /** Non-admins never see disabled flavors. */
  enabledOnly: boolean;
  minMemoryMb?: number;
  minRootGb?: number;
  sortKey: FlavorSortKey;
  sortDir: 'asc' | 'desc';
  limit: number;
  marker?: string;
}

/** SQL's order with NULLs lowest, as SQLite and MySQL sort them. */
function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One page of flavors as Nova's `FlavorList.get_all`: filtered, sorted by the key then the
 * internal id (both in the one direction), starting after the marker flavor, which must be one
 * the viewer may see (it need not pass the filters). Flavors are few, so the page is cut in memory.
 */
export async function listFlavors(
  db: Kysely<ComputeSchema>,
  viewer: FlavorViewer,
  query: FlavorListQuery,
): Promise<FlavorRow[]> {
  let select = visibleFlavors(db, viewer);
  if (query.minMemoryMb !== undefined) select = select.where('flavors.memory_mb', '>=', query.minMemoryMb);
  if (query.minRootGb !== undefined) select = select.where('flavors.root_gb', '>=', query.minRootGb);
  if (query.enabledOnly) select = select.where('flavors.disabled', '=', 0);
  if (query.isPublic === false) select = select.where('flavors.is_public', '=', 0);
  if (query.isPublic === true) {
    select = select.where((eb) =>
      eb.or([
        eb('flavors.is_public', '=', 1),
        eb.exists(
          eb
            .selectFrom('flavor_projects')
            .select('flavor_projects.id')
            .whereRef('flavor_projects.flavor_id', '=', 'flavors.id')
            .where('flavor_projects.project_id', '=', viewer.projectId ?? ''),
        ),
      ]),
    );
  }
  const sign = query.sortDir === 'asc' ? 1 : -1;
  const order = (a: FlavorRow, b: FlavorRow) =>
    sign * (compareValues(a[query.sortKey], b[query.sortKey]) || a.id - b.id);
  const rows = (await select.execute()).sort(order);
  let after = rows;
  if (query.marker !== undefined) {
    const marker = await visibleFlavors(db, viewer)
      .where('flavors.flavorid', '=', query.marker)
      .orderBy('flavors.id')
      .executeTakeFirst();
    if (!marker) throw markerNotFound(query.marker);
    after = rows.filter((row) => order(row, marker) > 0);
  }
  return after.slice(0, query.limit);
}
