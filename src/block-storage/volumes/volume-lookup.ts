import type { RequestContext } from '../../common/auth/context.js';
import type { BlockStorageDeps } from '../deps.js';
import { VolumeNotFound } from '../errors.js';
import { VOLUME_POLICY } from '../policies/volumes.js';
import { volumeRow, type BlockStorageDb, type VolumeRow } from './volume-records.js';

/** Cinder's `context.is_admin`: the caller passes `context_is_admin`. */
export function callerIsAdmin(deps: BlockStorageDeps, context: RequestContext): boolean {
  return deps.policy.check('context_is_admin', {}, context);
}

/**
 * Whether the caller may see a row of a project's resource, as Cinder's project-only reads: one
 * of its own project, or any for an admin. No row is not seen.
 */
export function visibleToCaller<T extends { project_id: string }>(
  deps: BlockStorageDeps,
  context: RequestContext,
  row: T | undefined,
): row is T {
  return row !== undefined && (row.project_id === context.projectId || callerIsAdmin(deps, context));
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
  if (
    !visibleToCaller(deps, context, volume) ||
    !deps.policy.check(VOLUME_POLICY.get, volumeTarget(volume), context)
  ) {
    throw new VolumeNotFound(id);
  }
  return volume;
}
