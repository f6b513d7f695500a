import type { RequestContext } from '../../common/auth/context.js';
import type { BlockStorageDeps } from '../deps.js';
import { InvalidSnapshot, InvalidVolume, VolumeNotFound } from '../errors.js';
import { authorize } from '../policies/index.js';
import { TRANSFER_POLICY } from '../policies/transfers.js';
import { callerIsAdmin, loadVolume, volumeTarget } from '../volumes/volume-lookup.js';
import { volumeRow } from '../volumes/volume-records.js';
import { newAuthKey } from './auth-key.js';
import { findTransfer, type TransferRow } from './transfer-records.js';

/** A transfer as its creator sees it once: with the auth key that is kept nowhere. */
export interface CreatedTransfer extends TransferRow {
  authKey: string;
}

/** The project whose transfers the caller sees: its own, or every one for an admin. */
export function visibleProject(deps: BlockStorageDeps, context: RequestContext): string | null {
  return callerIsAdmin(deps, context) ? null : context.projectId;
}

/**
 * Offers a volume of the caller's for transfer (Cinder's transfer API `create`): the volume must
 * be available, and so must its snapshots when they go with it; the volume then waits as
 * `awaiting-transfer` until the transfer is accepted or deleted.
 */
export async function createTransfer(
  deps: BlockStorageDeps,
  context: RequestContext,
  request: { volumeId: string; name: string | null; noSnapshots: boolean },
): Promise<CreatedTransfer> {
  const volume = await loadVolume(deps, context, request.volumeId);
  authorize(deps.policy, TRANSFER_POLICY.create, volumeTarget(volume), context);
  if (volume.status !== 'available') throw new InvalidVolume('status must be available');
  if (!request.noSnapshots) {
    const busy = await deps.db
      .selectFrom('snapshots')
      .select('id')
      .where('volume_id', '=', volume.id)
      .where('status', '!=', 'available')
      .executeTakeFirst();
    if (busy) throw new InvalidSnapshot(`snapshot: ${busy.id} status must be available`);
  }
  const { authKey, salt, cryptHash } = newAuthKey();
  const transfer: TransferRow = {
    id: deps.newId(),
    volume_id: volume.id,
    name: request.name,
    source_project_id: volume.project_id,
    destination_project_id: null,
    salt,
    crypt_hash: cryptHash,
    accepted: 0,
    no_snapshots: request.noSnapshots ? 1 : 0,
    created_at: deps.now().toISOString(),
  };
  await deps.db.transaction().execute(async (trx) => {
    // The status is checked again as it changes, so two requests cannot both offer the volume.
    const moved = await trx
      .updateTable('volumes')
      .set({ status: 'awaiting-transfer', updated_at: transfer.created_at })
      .where('id', '=', volume.id)
      .where('status', '=', 'available')
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) {
      throw new InvalidVolume(`Transfer ${transfer.id}: Volume id ${volume.id} expected in available state.`);
    }
    await trx.insertInto('transfers').values(transfer).execute();
  });
  return { ...transfer, authKey };
}

/** Withdraws a transfer: the volume, if still waiting, is available again to its owner. */
export async function deleteTransfer(
  deps: BlockStorageDeps,
  context: RequestContext,
  id: string,
): Promise<void> {
  const transfer = await findTransfer(deps.db, id, visibleProject(deps, context));
  const volume = await volumeRow(deps.db, transfer.volume_id);
  if (!volume) throw new VolumeNotFound(transfer.volume_id);
  authorize(deps.policy, TRANSFER_POLICY.delete, volumeTarget(volume), context);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('volumes')
      .set({ status: 'available', updated_at: deps.now().toISOString() })
      .where('id', '=', volume.id)
      .where('status', '=', 'awaiting-transfer')
      .execute();
    await trx.deleteFrom('transfers').where('id', '=', transfer.id).execute();
  });
}
