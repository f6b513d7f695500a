import type { RequestContext } from '../../common/auth/context.js';
import type { BlockStorageDeps } from '../deps.js';
import { SnapshotNotFound } from '../errors.js';
import { authorize } from '../policies/index.js';
import { visibleToCaller } from '../volumes/volume-lookup.js';
import type { BlockStorageDb } from '../volumes/volume-records.js';
import { snapshotRow, type SnapshotRow } from './snapshot-records.js';

/** The policy target of a snapshot (Cinder's `target_obj`). */
export function snapshotTarget(snapshot: SnapshotRow): Record<string, unknown> {
  return { project_id: snapshot.project_id, user_id: snapshot.user_id, id: snapshot.id };
}

/**
 * Cinder's `volume_api.get_snapshot`: a snapshot of the caller's project (any project for an
 * admin), else "Snapshot <id> could not be found." so another project's is not revealed; then
 * `volume:get_snapshot` on it.
 */
export async function loadSnapshot(
  deps: BlockStorageDeps,
  context: RequestContext,
  id: string,
  db: BlockStorageDb = deps.db,
): Promise<SnapshotRow> {
  const snapshot = await snapshotRow(db, id);
  if (!visibleToCaller(deps, context, snapshot)) {
    throw new SnapshotNotFound(id);
  }
  authorize(deps.policy, 'volume:get_snapshot', snapshotTarget(snapshot), context);
  return snapshot;
}
