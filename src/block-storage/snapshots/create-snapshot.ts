import type { RequestContext } from '../../common/auth/context.js';
import { RpcClient } from '../../common/bus/index.js';
import type { BlockStorageDeps } from '../deps.js';
import { InvalidVolume } from '../errors.js';
import { authorize } from '../policies/index.js';
import { checkQuota } from '../quotas/quota-check.js';
import type { VolumeRpcContext } from '../rpc/context.js';
import { VOLUME_TOPIC, backendOf } from '../rpc/topics.js';
import type { VolumeMethods } from '../rpc/volume-api.js';
import { callerIsAdmin, loadVolume, volumeTarget } from '../volumes/volume-lookup.js';
import type { VolumeRow } from '../volumes/volume-records.js';
import type { SnapshotRecord } from './snapshot-records.js';

export interface NewSnapshot {
  /** Null when the request gave `"volume_id": null` (Cinder then looks up the volume "None"). */
  volumeId: string | null;
  name: string | null;
  description: string | null;
  metadata: Record<string, string>;
  /** `force` (before 3.66) or, from 3.66, always: an in-use volume may be snapshotted. */
  allowInUse: boolean;
}

/** The migration states in which a volume is not moving (Cinder's `_is_volume_migrating`). */
const NOT_MIGRATING = [null, 'deleting', 'error', 'success'];

/** Cinder's `_create_snapshot_in_db_validate`, then the status check of `create_snapshot_in_db`. */
function checkVolume(volume: VolumeRow, allowInUse: boolean): void {
  if (!volume.host) {
    throw new InvalidVolume(
      'The snapshot cannot be created because volume has not been scheduled to any host.',
    );
  }
  if (volume.status === 'maintenance') {
    throw new InvalidVolume('The snapshot cannot be created when the volume is in maintenance mode.');
  }
  if (!NOT_MIGRATING.includes(volume.migration_status)) {
    throw new InvalidVolume('Snapshot cannot be created while volume is migrating.');
  }
  if (volume.status === 'error') {
    throw new InvalidVolume('The snapshot cannot be created when the volume is in error status.');
  }
  const valid = allowInUse ? ['available', 'in-use'] : ['available'];
  if (!valid.includes(volume.status)) {
    throw new InvalidVolume(
      `Volume ${volume.id} status must be ${valid.join(', ')}, but current status is: ${volume.status}.`,
    );
  }
}

/** Who asked, as the volume service is told. */
export function rpcContextOf(deps: BlockStorageDeps, context: RequestContext): VolumeRpcContext {
  return {
    projectId: context.projectId ?? '',
    userId: context.userId,
    token: context.token,
    isAdmin: callerIsAdmin(deps, context),
  };
}

/**
 * POST /snapshots: checks the volume (visible to the caller, `volume:create_snapshot`, on a
 * backend, available, or in-use when allowed) and the project's `snapshots` and `gigabytes` quotas,
 * writes the snapshot `creating` at 0% in the caller's project with its metadata, in one
 * transaction, then has the volume's backend take it.
 */
export async function createSnapshot(
  deps: BlockStorageDeps,
  context: RequestContext,
  request: NewSnapshot,
): Promise<SnapshotRecord> {
  const snapshot = await deps.db.transaction().execute(async (trx) => {
    // A volume_id of null is looked up as Python prints it, so the 404 names "None".
    const volume = await loadVolume(deps, context, request.volumeId ?? 'None', trx);
    authorize(deps.policy, 'volume:create_snapshot', volumeTarget(volume), context);
    checkVolume(volume, request.allowInUse);
    await checkQuota(
      trx,
      deps.settings,
      context.projectId ?? '',
      { snapshots: 1, gigabytes: volume.size },
      { volumeTypeId: volume.volume_type_id },
    );
    const row = {
      id: deps.newId(),
      project_id: context.projectId ?? '',
      user_id: context.userId,
      volume_id: volume.id,
      name: request.name,
      description: request.description,
      status: 'creating',
      progress: '0%',
      volume_size: volume.size,
      created_at: deps.now().toISOString(),
      updated_at: null,
    };
    await trx.insertInto('snapshots').values(row).execute();
    const entries = Object.entries(request.metadata);
    if (entries.length > 0) {
      await trx
        .insertInto('snapshot_metadata')
        .values(entries.map(([key, value]) => ({ owner_id: row.id, key, value })))
        .execute();
    }
    return { row, host: volume.host! };
  });
  await new RpcClient<VolumeMethods>(deps.bus, VOLUME_TOPIC)
    .at(backendOf(snapshot.host))
    .cast('create_snapshot', { context: rpcContextOf(deps, context), snapshotId: snapshot.row.id });
  return { ...snapshot.row, metadata: { ...request.metadata } };
}
