import type { RequestContext } from '../../common/auth/context.js';
import { RpcClient } from '../../common/bus/index.js';
import { BadRequest } from '../../common/http/errors.js';
import type { BlockStorageDeps } from '../deps.js';
import { InvalidSnapshot } from '../errors.js';
import { VOLUME_TOPIC, backendOf } from '../rpc/topics.js';
import type { VolumeMethods } from '../rpc/volume-api.js';
import { rpcContextOf } from './create-snapshot.js';
import type { SnapshotRow } from './snapshot-records.js';

/** Cinder's SnapshotStatus.ALL, in its order (the reset-status message lists them so). */
export const SNAPSHOT_STATUSES = [
  'error',
  'available',
  'creating',
  'deleting',
  'deleted',
  'updating',
  'error_deleting',
  'unmanaging',
  'backing-up',
  'restoring',
] as const;

/**
 * Cinder's `delete_snapshot`: unless forced the snapshot must be available or error; it goes to
 * `deleting` (a conditional update, so two deletes cannot both pass) and its backend removes it.
 * A snapshot that volumes were made from may go: the drivers here copy, so the volumes keep.
 */
export async function deleteSnapshot(
  deps: BlockStorageDeps,
  context: RequestContext,
  snapshot: SnapshotRow,
  force: boolean,
): Promise<void> {
  const result = await deps.db
    .updateTable('snapshots')
    .set({ status: 'deleting', updated_at: deps.now().toISOString() })
    .where('id', '=', snapshot.id)
    .$if(!force, (query) => query.where('status', 'in', ['available', 'error']))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    const status = force ? '' : 'status must be available or error and ';
    throw new InvalidSnapshot(`Snapshot ${status}must not be part of a group.`);
  }
  const volume = await deps.db
    .selectFrom('volumes')
    .select('host')
    .where('id', '=', snapshot.volume_id)
    .executeTakeFirst();
  if (!volume?.host) {
    // Its volume is gone from every backend, and the snapshot's storage with it.
    await deps.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('snapshot_metadata').where('owner_id', '=', snapshot.id).execute();
      await trx.deleteFrom('snapshots').where('id', '=', snapshot.id).execute();
    });
    return;
  }
  await new RpcClient<VolumeMethods>(deps.bus, VOLUME_TOPIC)
    .at(backendOf(volume.host))
    .cast('delete_snapshot', { context: rpcContextOf(deps, context), snapshotId: snapshot.id });
}

/** os-reset_status: an admin sets any known status (Cinder's `snapshot_status` format). */
export async function resetSnapshotStatus(deps: BlockStorageDeps, snapshot: SnapshotRow, status: string) {
  const wanted = status.toLowerCase();
  if (!(SNAPSHOT_STATUSES as readonly string[]).includes(wanted)) {
    const valid = `(${SNAPSHOT_STATUSES.map((value) => `'${value}'`).join(', ')})`;
    throw new BadRequest(`Snapshot status: ${status} is invalid, valid statuses are: ${valid}.`);
  }
  await deps.db
    .updateTable('snapshots')
    .set({ status: wanted, updated_at: deps.now().toISOString() })
    .where('id', '=', snapshot.id)
    .execute();
}

/** The moves os-update_snapshot_status allows, from the status a snapshot is in. */
const UPDATE_MOVES: Record<string, string[]> = {
  creating: ['creating', 'available', 'error'],
  deleting: ['deleting', 'error_deleting'],
};

/**
 * os-update_snapshot_status: what a driver that snapshots outside Cinder (Nova's assisted
 * snapshots) reports; only from creating or deleting, to the statuses that may follow.
 */
export async function updateSnapshotStatus(
  deps: BlockStorageDeps,
  snapshot: SnapshotRow,
  status: string,
  progress: string | undefined,
): Promise<void> {
  const moves = UPDATE_MOVES[snapshot.status];
  if (!moves) {
    throw new BadRequest(`Snapshot status ${snapshot.status} not allowed for update_snapshot_status`);
  }
  if (!moves.includes(status)) {
    throw new BadRequest(
      `Provided snapshot status ${status} not allowed for snapshot with status ${snapshot.status}.`,
    );
  }
  await deps.db
    .updateTable('snapshots')
    .set({ status, ...(progress ? { progress } : {}), updated_at: deps.now().toISOString() })
    .where('id', '=', snapshot.id)
    .execute();
}
