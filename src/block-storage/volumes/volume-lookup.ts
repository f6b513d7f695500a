import type { RequestContext } from '../../common/auth/context.js';
import type { BlockStorageDeps } from '../deps.js';
import { VolumeNotFound } from '../errors.js';
import { VOLUME_POLICY } from '../policies/volumes.js';
import { volumeRow, type BlockStorageDb, type VolumeRow } from './volume-records.js';

/** Cinder's `context.is_admin`: the caller passes `context_is_admin`. */
export function callerIsAdmin(deps: BlockStorageDeps, context: RequestContext): boolean {
  return deps.policy.check('context_is_admin', {}, context);
}

/** The policy target of a volume (Cinder's `target_obj`). */
export function volumeTarget(volume: VolumeRow): Record<string, unknown> {
  return { project_id: volume.project_id, user_id: volume.user_id, id: volume.id };
}

/**
 * Cinder's `volume_api.get`: a volume of the caller's project (any project for an admin) that
 * `volume:get` allows; anything else is "Volume <id> could not be found.", so a volume of
 * another project is not revealed.
 */
export async function loadVolume(
  deps: BlockStorageDeps,
  context: RequestContext,
  id: string,
  db: BlockStorageDb = deps.db,
): Promise<VolumeRow> {
  const volume = await volumeRow(db, id);
  if (!volume) throw new VolumeNotFound(id);
  const visible = callerIsAdmin(deps, context) || volume.project_id === context.projectId;
  if (!visible || !deps.policy.check(VOLUME_POLICY.get, volumeTarget(volume), context)) {
    throw new VolumeNotFound(id);
  }
  return volume;
}
