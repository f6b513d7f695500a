import type { RequestContext } from '../../common/auth/context.js';
import type { BlockStorageDeps } from '../deps.js';
import { InvalidSnapshot, InvalidVolume, VolumeNotFound } from '../errors.js';
import { authorize } from '../policies/index.js';
import { TRANSFER_POLICY } from '../policies/transfers.js';
import { checkQuota } from '../quotas/quota-check.js';
import { volumeRow } from '../volumes/volume-records.js';
import { authKeyMatches } from './auth-key.js';
import { InvalidAuthKey } from './transfer-errors.js';
import { findTransfer, type TransferRow } from './transfer-records.js';

/**
 * Takes a volume offered for transfer into the caller's project (Cinder's transfer API `accept`):
 * anyone with the transfer's id and key may. The receiver's quotas must hold the volume (and its
 * snapshots unless the transfer leaves them behind); then the volume, and its snapshots, become
 * the caller's, the volume is available again, and the transfer is done. All in one transaction.
 */
export async function acceptTransfer(
  deps: BlockStorageDeps,
  context: RequestContext,
  id: string,
  authKey: string,
): Promise<TransferRow> {
  authorize(deps.policy, TRANSFER_POLICY.accept, { project_id: context.projectId }, context);
  const projectId = context.projectId ?? '';
  const transfer = await findTransfer(deps.db, id, null);
  if (!authKeyMatches(transfer, authKey)) {
    throw new InvalidAuthKey(`Attempt to transfer ${id} with invalid auth key.`);
  }
  const now = deps.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const volume = await volumeRow(trx, transfer.volume_id);
    if (!volume) throw new VolumeNotFound(transfer.volume_id);
    const typeOfVolume = { volumeTypeId: volume.volume_type_id };
    await checkQuota(trx, deps.settings, projectId, { volumes: 1, gigabytes: volume.size }, typeOfVolume);
    const moved = await trx
      .updateTable('volumes')
      .set({ status: 'available', user_id: context.userId, project_id: projectId, updated_at: now })
      .where('id', '=', volume.id)
      .where('status', '=', 'awaiting-transfer')
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) {
      throw new InvalidVolume(`Transfer ${id}: Volume id ${volume.id} expected in awaiting-transfer state.`);
    }
    if (!transfer.no_snapshots) {
      const snapshots = await trx
        .selectFrom('snapshots')
        .select(['id', 'status', 'volume_size'])
        .where('volume_id', '=', volume.id)
        .execute();
      // Counted with the volume already the receiver's, as Cinder's second reservation sees the first.
      const gigabytes = snapshots.reduce((sum, snapshot) => sum + snapshot.volume_size, 0);
      await checkQuota(
        trx,
        deps.settings,
        projectId,
        { snapshots: snapshots.length, gigabytes },
        typeOfVolume,
      );
      const busy = snapshots.find((snapshot) => snapshot.status !== 'available');
      if (busy) {
        throw new InvalidSnapshot(
          `Transfer ${id}: Snapshot ${busy.id} is not in the expected available state.`,
        );
      }
      await trx
        .updateTable('snapshots')
        .set({ user_id: context.userId, project_id: projectId, updated_at: now })
        .where('volume_id', '=', volume.id)
        .execute();
    }
    await trx
      .updateTable('transfers')
      .set({ accepted: 1, destination_project_id: projectId })
      .where('id', '=', id)
      .execute();
  });
  return { ...transfer, accepted: 1, destination_project_id: projectId };
}
