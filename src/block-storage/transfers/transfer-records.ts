import type { Selectable } from 'kysely';
import type { SortColumn } from '../api/list-params.js';
import type { TransferTable } from '../db/schema.js';
import type { BlockStorageDb } from '../quotas/quota-resources.js';
import { TransferNotFound } from './transfer-errors.js';

export type TransferRow = Selectable<TransferTable>;

/** The columns a transfer list sorts by, by Cinder's name for them. */
export const TRANSFER_SORT_KEYS = {
  id: 'id',
  created_at: 'created_at',
  volume_id: 'volume_id',
  display_name: 'name',
  source_project_id: 'source_project_id',
  destination_project_id: 'destination_project_id',
} as const satisfies Record<string, keyof TransferRow>;

export type TransferSortKey = (typeof TRANSFER_SORT_KEYS)[keyof typeof TRANSFER_SORT_KEYS];

/** The filters a transfer list takes, by query parameter; any other makes the list empty, as upstream. */
const FILTER_COLUMNS: Record<string, keyof TransferRow> = {
  id: 'id',
  volume_id: 'volume_id',
  name: 'name',
  display_name: 'name',
  source_project_id: 'source_project_id',
  destination_project_id: 'destination_project_id',
};

/**
 * The pending (not yet accepted) transfers, joined to their volume so a transfer is its volume
 * project's, as Cinder's queries do; `projectId` null for all projects.
 */
function pendingTransfers(db: BlockStorageDb, projectId: string | null) {
  let query = db
    .selectFrom('transfers')
    .innerJoin('volumes', 'volumes.id', 'transfers.volume_id')
    .selectAll('transfers')
    .where('transfers.accepted', '=', 0);
  if (projectId !== null) query = query.where('volumes.project_id', '=', projectId);
  return query;
}

/**
 * Cinder's `transfer_get`: a pending transfer of a volume of `projectId` (any project when null,
 * as for admins and for accepting); anything else is TransferNotFound.
 */
export async function findTransfer(
  db: BlockStorageDb,
  id: string,
  projectId: string | null,
): Promise<TransferRow> {
  const transfer = await pendingTransfers(db, projectId).where('transfers.id', '=', id).executeTakeFirst();
  if (!transfer) throw new TransferNotFound(id);
  return transfer;
}

export interface TransferListRequest {
  /** The project whose transfers are listed; null for every project (an admin's `all_tenants`). */
  projectId: string | null;
  filters: Record<string, string>;
  sort: SortColumn<TransferSortKey>[];
  offset: number;
  limit: number;
  marker?: string;
}

function compareBy(sort: SortColumn<TransferSortKey>[]) {
  return (a: TransferRow, b: TransferRow): number => {
    for (const { key, direction } of sort) {
      const [x, y] = [a[key] ?? '', b[key] ?? ''];
      if (x !== y) return (x < y ? -1 : 1) * (direction === 'asc' ? 1 : -1);
    }
    return 0;
  };
}

/**
 * One page of pending transfers: filtered, sorted, after the marker (a transfer that must exist,
 * else TransferNotFound) and the offset, at most `limit`.
 */
export async function listTransfers(
  db: BlockStorageDb,
  request: TransferListRequest,
): Promise<TransferRow[]> {
  const filters = Object.entries(request.filters);
  if (filters.some(([key]) => !(key in FILTER_COLUMNS))) return [];
  const rows = (await pendingTransfers(db, request.projectId).execute())
    .filter((row) => filters.every(([key, value]) => String(row[FILTER_COLUMNS[key]!]) === value))
    .sort(compareBy(request.sort));
  if (request.marker !== undefined && !rows.some((row) => row.id === request.marker)) {
    // The marker is looked up as a transfer the caller may see.
    await findTransfer(db, request.marker, request.projectId);
  }
  const start = request.marker === undefined ? 0 : rows.findIndex((row) => row.id === request.marker) + 1;
  return rows.slice(start + request.offset, start + request.offset + request.limit);
}
