import type { RequestContext } from '../../common/auth/context.js';
import { RpcClient } from '../../common/bus/index.js';
import type { BlockStorageDeps } from '../deps.js';
import { InvalidVolume } from '../errors.js';
import { authorize } from '../policies/index.js';
import { VOLUME_POLICY } from '../policies/volumes.js';
import { backendOf, VOLUME_TOPIC } from '../rpc/topics.js';
import type { VolumeMethods } from '../rpc/volume-api.js';
import { callerIsAdmin, volumeTarget } from './volume-lookup.js';
import { volumeRow, type BlockStorageDb, type VolumeRow } from './volume-records.js';

/** The statuses a volume may be deleted in without force (Cinder's `delete`). */
export const DELETABLE_STATUSES = [
  'available',
  'error',
  'error_restoring',
  'error_extending',
  'error_managing',
];
/** Migration statuses that do not hold a volume back (Cinder's AVAILABLE_MIGRATION_STATUS). */
export const AVAILABLE_MIGRATION_STATUSES: Array<string | null> = [null, 'deleting', 'error', 'success'];
/** Snapshot statuses a cascade may delete. */
const CASCADABLE_SNAPSHOT_STATUSES = ['available', 'error'];

export interface DeleteOptions {
  force?: boolean;
  cascade?: boolean;
}

/** The row and its key/value rows, for a volume that never reached a backend. */
async function destroyUnplaced(db: BlockStorageDb, volumeId: string): Promise<void> {
  for (const table of ['volume_metadata', 'volume_admin_metadata', 'volume_glance_metadata'] as const) {
    await db.deleteFrom(table).where('owner_id', '=', volumeId).execute();
  }
  await db.deleteFrom('volumes').where('id', '=', volumeId).execute();
}

/** Whether the volume may be deleted now, as Cinder's conditional update decides it. */
async function deletable(
  db: BlockStorageDb,
  volume: VolumeRow,
  { force = false, cascade = false }: DeleteOptions,
  isAdmin: boolean,
): Promise<boolean> {
  if (volume.attach_status === 'attached') return false;
  if (!AVAILABLE_MIGRATION_STATUSES.includes(volume.migration_status)) return false;
  if (!force && !DELETABLE_STATUSES.includes(volume.status)) return false;
  const snapshots = await db
    .selectFrom('snapshots')
    .select(['status', 'project_id'])
    .where('volume_id', '=', volume.id)
    .execute();
  if (!cascade) return snapshots.length === 0;
  if (force) return true;
  return snapshots.every(
    (snapshot) =>
      CASCADABLE_SNAPSHOT_STATUSES.includes(snapshot.status) &&
      (isAdmin || snapshot.project_id === volume.project_id),
  );
}

/**
 * Deletes a volume as Cinder's `volume_api.delete`: one that never reached a backend goes at
 * once; otherwise it must be in a deletable state (any state with `force`), detached, not
 * migrating and without snapshots (with `cascade`, snapshots that may go with it). It becomes
 * `deleting` and its backend removes it (and, for a cascade, its snapshots first).
 */
export async function deleteVolume(
  deps: BlockStorageDeps,
  context: RequestContext,
  volume: VolumeRow,
  options: DeleteOptions = {},
): Promise<void> {
  authorize(deps.policy, VOLUME_POLICY.delete, volumeTarget(volume), context);
  const isAdmin = callerIsAdmin(deps, context);
  const host = await deps.db.transaction().execute(async (trx) => {
    const current = await volumeRow(trx, volume.id);
    if (!current) return null;
    if (!current.host) {
      await destroyUnplaced(trx, current.id);
      return null;
    }
    if (!(await deletable(trx, current, options, isAdmin))) {
      const status = options.force ? '' : `status must be ${DELETABLE_STATUSES.join(' or ')} and`;
      throw new InvalidVolume(
        `Volume ${status} must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, ` +
          'or be disassociated from snapshots after volume transfer.',
      );
    }
    const now = deps.now().toISOString();
    await trx
      .updateTable('volumes')
      .set({ status: 'deleting', updated_at: now })
      .where('id', '=', current.id)
      .execute();
    if (options.cascade) {
      await trx
        .updateTable('snapshots')
        .set({ status: 'deleting', updated_at: now })
        .where('volume_id', '=', current.id)
        .execute();
    }
    return current.host;
  });
  if (host === null) return;
  await new RpcClient<VolumeMethods>(deps.bus, VOLUME_TOPIC).at(backendOf(host)).cast('delete_volume', {
    context: { projectId: context.projectId ?? '', userId: context.userId, token: context.token, isAdmin },
    volumeId: volume.id,
    cascade: options.cascade === true,
  });
}
