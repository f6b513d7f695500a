import type { Microversion } from '../../../common/http/microversion.js';
import type { SnapshotRecord } from '../../snapshots/snapshot-records.js';
import { cinderTime } from './volumes.js';

/** The fields of Cinder's snapshot summary (the plain list and the base of every view). */
export function snapshotSummary(snapshot: SnapshotRecord) {
  return {
    id: snapshot.id,
    created_at: cinderTime(snapshot.created_at),
    updated_at: cinderTime(snapshot.updated_at),
    name: snapshot.name,
    description: snapshot.description,
    volume_id: snapshot.volume_id,
    status: snapshot.status,
    size: snapshot.volume_size,
    metadata: snapshot.metadata,
  };
}

/**
 * Cinder's v3 snapshot detail (show, the detailed list, create, update): the summary, with
 * `group_snapshot_id` from 3.14, `user_id` from 3.41 and `consumes_quota` from 3.65. Groups
 * are not kept here and every snapshot counts against quota.
 */
export function snapshotDetail(snapshot: SnapshotRecord, version: Microversion) {
  return {
    ...snapshotSummary(snapshot),
    ...(version.atLeast('3.14') ? { group_snapshot_id: null } : {}),
    ...(version.atLeast('3.41') ? { user_id: snapshot.user_id } : {}),
    ...(version.atLeast('3.65') ? { consumes_quota: true } : {}),
  };
}

/**
 * The os-extended-snapshot-attributes extension of show and the detailed list, for callers
 * its policy allows: the owning project and the progress.
 */
export function withExtendedAttributes<T extends object>(view: T, snapshot: SnapshotRecord) {
  return {
    ...view,
    'os-extended-snapshot-attributes:project_id': snapshot.project_id,
    'os-extended-snapshot-attributes:progress': snapshot.progress,
  };
}
