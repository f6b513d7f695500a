import type { Selectable } from 'kysely';
import type { RequestContext } from '../../common/auth/context.js';
import { sortColumns, type ListParams } from '../api/list-params.js';
import { keyValuesByOwner } from '../db/key-value-rows.js';
import type { BackupTable } from '../db/schema.js';
import type { BlockStorageDeps } from '../deps.js';
import { callerIsAdmin, visibleToCaller } from '../volumes/volume-lookup.js';
import type { BlockStorageDb } from '../volumes/volume-records.js';
import { BackupNotFound } from './backup-errors.js';

export type BackupRow = Selectable<BackupTable>;

/** A backup with what its views show beside the row. */
export interface BackupRecord extends BackupRow {
  metadata: Record<string, string>;
  hasDependentBackups: boolean;
}

/** The policy target of a backup (Cinder's `target_obj`). */
export function backupTarget(backup: BackupRow): Record<string, unknown> {
  return { project_id: backup.project_id, user_id: backup.user_id, id: backup.id };
}

/**
 * Cinder's `Backup.get_by_id` (project only): a backup of the caller's project, any for an
 * admin; anything else is "Backup <id> could not be found.".
 */
export async function loadBackup(
  deps: BlockStorageDeps,
  context: RequestContext,
  id: string,
  db: BlockStorageDb = deps.db,
): Promise<BackupRow> {
  const backup = await db.selectFrom('backups').selectAll().where('id', '=', id).executeTakeFirst();
  if (!visibleToCaller(deps, context, backup)) {
    throw new BackupNotFound(id);
  }
  return backup;
}

/** Adds metadata and whether incremental backups depend on each, in one query each. */
export async function backupRecords(db: BlockStorageDb, rows: BackupRow[]): Promise<BackupRecord[]> {
  const ids = rows.map((row) => row.id);
  if (ids.length === 0) return [];
  const metadata = await keyValuesByOwner(db, 'backup_metadata', ids);
  const children = await db.selectFrom('backups').select('parent_id').where('parent_id', 'in', ids).execute();
  const parents = new Set(children.map((child) => child.parent_id));
  return rows.map((row) => ({
    ...row,
    metadata: metadata.get(row.id)!,
    hasDependentBackups: parents.has(row.id),
  }));
}

/** The keys backups sort by (`name` from 3.37), and their columns. */
const SORTABLE = {
  id: 'id',
  created_at: 'created_at',
  updated_at: 'updated_at',
  name: 'name',
  display_name: 'name',
  status: 'status',
  size: 'size',
  volume_id: 'volume_id',
  data_timestamp: 'data_timestamp',
} as const;

/** The filters a list takes (Cinder's `_get_backup_filter_options`); others are ignored. */
const FILTERS = { name: 'name', status: 'status', volume_id: 'volume_id' } as const;

/**
 * `GET /backups[/detail]`: the caller's project's backups (every project's for an admin with
 * `all_tenants`), filtered by name, status and volume, sorted and paged as Cinder's lists.
 * Resolves with the page and the number of backups that match (for `with_count`).
 */
export async function listBackups(
  deps: BlockStorageDeps,
  context: RequestContext,
  params: ListParams,
): Promise<{ rows: BackupRow[]; count: number }> {
  const { filters } = params;
  const sort = sortColumns(params, SORTABLE);
  let query = deps.db.selectFrom('backups').selectAll();
  if (!(callerIsAdmin(deps, context) && /^(1|t|true|on|y|yes)$/i.test(filters.all_tenants ?? ''))) {
    query = query.where('project_id', '=', context.projectId ?? '');
  }
  for (const [filter, column] of Object.entries(FILTERS)) {
    const value = filters[filter];
    if (value !== undefined) query = query.where(column, '=', value);
  }
  for (const { key, direction } of sort) query = query.orderBy(key, direction);
  // A project's backups are few: the page is cut from the sorted rows, after the marker's.
  const all = await query.execute();
  let start = params.offset;
  if (params.marker !== undefined) {
    const at = all.findIndex((row) => row.id === params.marker);
    if (at < 0) throw new BackupNotFound(params.marker);
    start += at + 1;
  }
  return { rows: all.slice(start, start + params.limit), count: all.length };
}
