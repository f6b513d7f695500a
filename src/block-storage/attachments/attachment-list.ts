import type { RequestContext } from '../../common/auth/context.js';
import { sortColumns, type ListParams } from '../api/list-params.js';
import type { BlockStorageDeps } from '../deps.js';
import { callerIsAdmin } from '../volumes/volume-lookup.js';
import { AttachmentNotFound } from './attachment-errors.js';
import { attachmentsWithProject, type AttachmentRecord } from './attachment-records.js';

/** The keys attachments sort by, and their columns. */
const SORTABLE = {
  id: 'volume_attachments.id',
  created_at: 'volume_attachments.created_at',
  updated_at: 'volume_attachments.updated_at',
  volume_id: 'volume_attachments.volume_id',
  instance_uuid: 'volume_attachments.instance_uuid',
  attach_status: 'volume_attachments.attach_status',
  attach_time: 'volume_attachments.attach_time',
  attached_host: 'volume_attachments.attached_host',
} as const;

/**
 * `GET /attachments[/detail]`: the attachments of the caller's project (of every project for an
 * admin asking `all_tenants`), filtered by `volume_id`, `instance_id` and `status` (or
 * `attach_status`), sorted and paged as Cinder's lists; other filters are ignored.
 */
export async function listAttachments(
  deps: BlockStorageDeps,
  context: RequestContext,
  params: ListParams,
): Promise<AttachmentRecord[]> {
  const { filters } = params;
  const sort = sortColumns(params, SORTABLE);
  let query = attachmentsWithProject(deps.db);
  if (!(callerIsAdmin(deps, context) && 'all_tenants' in filters)) {
    query = query.where('volumes.project_id', '=', context.projectId ?? '');
  }
  if (filters.volume_id !== undefined)
    query = query.where('volume_attachments.volume_id', '=', filters.volume_id);
  if (filters.instance_id !== undefined) {
    query = query.where('volume_attachments.instance_uuid', '=', filters.instance_id);
  }
  const status = filters.status ?? filters.attach_status;
  if (status !== undefined) query = query.where('volume_attachments.attach_status', '=', status);
  if (params.marker !== undefined) {
    // Attachments are few per project: the page is cut from the sorted rows after the marker's.
    const rows = await sorted(query, sort).execute();
    const after = rows.findIndex((row) => row.id === params.marker);
    if (after < 0) throw new AttachmentNotFound(params.marker);
    return rows.slice(after + 1 + params.offset, after + 1 + params.offset + params.limit);
  }
  return sorted(query, sort).offset(params.offset).limit(params.limit).execute();

  function sorted(base: typeof query, columns: typeof sort) {
    let ordered = base;
    for (const { key, direction } of columns) ordered = ordered.orderBy(key, direction);
    return ordered;
  }
}
