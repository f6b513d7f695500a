import type { RequestContext } from '../../common/auth/context.js';
import { RpcClient } from '../../common/bus/index.js';
import type { BlockStorageDeps } from '../deps.js';
import { InvalidSnapshot, InvalidVolume } from '../errors.js';
import { authorize } from '../policies/index.js';
import { BACKUP_POLICY } from '../policies/backups.js';
import { checkQuota } from '../quotas/quota-check.js';
import type { VolumeRpcContext } from '../rpc/context.js';
import { BACKUP_BINARY } from '../rpc/topics.js';
import { ServiceRegistry } from '../services/service-registry.js';
import { loadSnapshot } from '../snapshots/snapshot-lookup.js';
import { createVolume } from '../volumes/create-volume.js';
import { callerIsAdmin, loadVolume, volumeTarget } from '../volumes/volume-lookup.js';
import { volumeRow, type VolumeRow } from '../volumes/volume-records.js';
import { BACKUP_TOPIC, type BackupMethods } from './backup-api.js';
import { BackupServiceUnavailable, InvalidBackup } from './backup-errors.js';
import { backupTarget, loadBackup, type BackupRow } from './backup-records.js';
import { RESTORE_VOLUME_NAME_PREFIX } from './volume-copy-metadata.js';

/** What `POST /backups` asks for, once its schema passed. */
export interface NewBackup {
  volumeId: string;
  name: string | null;
  description: string | null;
  container: string | null;
  incremental: boolean;
  force: boolean;
  snapshotId: string | null;
  metadata: Record<string, string>;
  availabilityZone: string | null;
}

/** How often, and how long, a restore waits for the volume it made to leave `creating`. */
const RESTORE_VOLUME_POLL_MS = 50;
const RESTORE_VOLUME_WAIT_MS = 10 * 60 * 1000;

function rpcContext(deps: BlockStorageDeps, context: RequestContext): VolumeRpcContext {
  return {
    projectId: context.projectId ?? '',
    userId: context.userId,
    token: context.token,
    isAdmin: callerIsAdmin(deps, context),
  };
}

function backupService(deps: BlockStorageDeps, host: string): RpcClient<BackupMethods> {
  return new RpcClient<BackupMethods>(deps.bus, BACKUP_TOPIC).at(host);
}

/**
 * The backup service that can do the work: the one of `host` when it is up. Backups read and
 * write volumes through local paths, so the service of the volume's own host does a backup,
 * and the one holding the data its restore and deletion.
 */
async function upBackupHost(deps: BlockStorageDeps, host: string | null): Promise<string> {
  const up = await new ServiceRegistry(deps.db).upServices(
    BACKUP_BINARY,
    deps.now(),
    deps.settings.service_down_time,
  );
  const service = up.find((candidate) => candidate.host === host);
  if (!service) throw new BackupServiceUnavailable();
  return service.host;
}

/** The host of a volume's backend: `host` of `host@backend#pool`. */
function hostOfVolume(volume: VolumeRow): string | null {
  return volume.host === null ? null : volume.host.split('@')[0];
}

/**
 * `POST /backups` (Cinder's backup API `create`): checks the volume (or snapshot), the quota and
 * the parent of an incremental backup, writes the backup `creating` and the volume `backing-up`
 * (its previous status kept) in one transaction, and casts the work to the backup service.
 */
export async function createBackup(deps: BlockStorageDeps, context: RequestContext, request: NewBackup) {
  const volume = await loadVolume(deps, context, request.volumeId);
  authorize(deps.policy, BACKUP_POLICY.create, volumeTarget(volume), context);
  const snapshot = request.snapshotId === null ? null : await loadSnapshot(deps, context, request.snapshotId);
  if (snapshot) {
    if (snapshot.volume_id !== volume.id) {
      throw new InvalidVolume(
        `Volume ${volume.id} does not match with snapshot.volume_id ${snapshot.volume_id}.`,
      );
    }
    if (snapshot.status !== 'available') {
      throw new InvalidSnapshot(
        `Snapshot to be backed up must be available, but the current status is "${snapshot.status}".`,
      );
    }
  } else if (!['available', 'in-use'].includes(volume.status)) {
    throw new InvalidVolume(
      `Volume to be backed up must be available or in-use, but the current status is "${volume.status}".`,
    );
  } else if (volume.status === 'in-use' && !request.force) {
    throw new InvalidVolume('Backing up an in-use volume must use the force flag.');
  }
  const host = await upBackupHost(deps, hostOfVolume(volume));
  const projectId = context.projectId ?? '';
  const id = deps.newId();
  const now = deps.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await checkQuota(trx, deps.settings, projectId, { backups: 1, backup_gigabytes: volume.size });
    let parentId: string | null = null;
    if (request.incremental) {
      // The parent is the latest available backup of the volume (of data older than the snapshot's).
      let candidates = trx
        .selectFrom('backups')
        .select('id')
        .where('volume_id', '=', volume.id)
        .where('project_id', '=', projectId)
        .where('status', '=', 'available');
      if (snapshot) candidates = candidates.where('data_timestamp', '<', snapshot.created_at);
      const latest = await candidates
        .orderBy('data_timestamp', 'desc')
        .orderBy('created_at', 'desc')
        .executeTakeFirst();
      if (!latest) throw new InvalidBackup('No backups available to do an incremental backup.');
      parentId = latest.id;
    }
    await trx
      .insertInto('backups')
      .values({
        id,
        project_id: projectId,
        user_id: context.userId,
        volume_id: volume.id,
        snapshot_id: snapshot?.id ?? null,
        name: request.name,
        description: request.description,
        status: 'creating',
        fail_reason: null,
        size: volume.size,
        availability_zone: request.availabilityZone ?? deps.settings.availability_zone,
        container: request.container,
        parent_id: parentId,
        is_incremental: parentId === null ? 0 : 1,
        object_count: 0,
        data_timestamp: snapshot?.created_at ?? now,
        created_at: now,
        updated_at: null,
        host,
        service_metadata: id,
      })
      .execute();
    for (const [key, value] of Object.entries(request.metadata)) {
      await trx.insertInto('backup_metadata').values({ owner_id: id, key, value }).execute();
    }
    if (snapshot) {
      await trx
        .updateTable('snapshots')
        .set({ status: 'backing-up', updated_at: now })
        .where('id', '=', snapshot.id)
        .execute();
    } else {
      const moved = await trx
        .updateTable('volumes')
        .set({ status: 'backing-up', previous_status: volume.status, updated_at: now })
        .where('id', '=', volume.id)
        .where('status', '=', volume.status)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) === 0) {
        throw new InvalidVolume('Volume to be backed up must be available or in-use.');
      }
    }
  });
  await backupService(deps, host).cast('create_backup', { context: rpcContext(deps, context), backupId: id });
  return id;
}

/** Waits for a volume made for a restore to be made; Cinder's API waits the same way. */
async function madeVolume(deps: BlockStorageDeps, volumeId: string, backupId: string): Promise<VolumeRow> {
  const deadline = Date.now() + RESTORE_VOLUME_WAIT_MS;
  for (;;) {
    const volume = await volumeRow(deps.db, volumeId);
    if (volume && volume.status !== 'creating') {
      if (volume.status === 'error') {
        throw new InvalidVolume(`Error while creating volume ${volumeId} for restoring backup ${backupId}.`);
      }
      return volume;
    }
    if (!volume || Date.now() > deadline) {
      throw new InvalidVolume(`Error while creating volume ${volumeId} for restoring backup ${backupId}.`);
    }
    await new Promise((resolve) => setTimeout(resolve, RESTORE_VOLUME_POLL_MS));
  }
}

/**
 * `POST /backups/{id}/restore` (Cinder's `restore`): onto the volume given, or onto a new one of
 * the backup's size made (and waited for) through the ordinary create path; the backup goes
 * `restoring`, the volume `restoring-backup`, and the backup service writes it.
 */
export async function restoreBackup(
  deps: BlockStorageDeps,
  context: RequestContext,
  backupId: string,
  request: { volumeId: string | null; name: string | null },
) {
  const backup = await loadBackup(deps, context, backupId);
  authorize(deps.policy, BACKUP_POLICY.restore, backupTarget(backup), context);
  if (backup.status !== 'available') throw new InvalidBackup('Backup status must be available');
  const host = await upBackupHost(deps, backup.host);
  let volume: VolumeRow;
  if (request.volumeId === null) {
    const created = await createVolume(deps, context, {
      size: backup.size,
      name: request.name ?? `${RESTORE_VOLUME_NAME_PREFIX}${backupId}`,
      description: 'auto-created_from_restore_from_backup',
    });
    volume = await madeVolume(deps, created.id, backupId);
  } else {
    volume = await loadVolume(deps, context, request.volumeId);
  }
  if (volume.status !== 'available') throw new InvalidVolume('Volume to be restored to must be available');
  if (backup.size > volume.size) {
    throw new InvalidVolume(
      `volume size ${volume.size} is too small to restore backup of size ${backup.size}.`,
    );
  }
  const now = deps.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('volumes')
      .set({ status: 'restoring-backup', updated_at: now })
      .where('id', '=', volume.id)
      .where('status', '=', 'available')
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 0)
      throw new InvalidVolume('Volume to be restored to must be available');
    const taken = await trx
      .updateTable('backups')
      .set({ status: 'restoring', updated_at: now })
      .where('id', '=', backup.id)
      .where('status', '=', 'available')
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 0) throw new InvalidBackup('Backup status must be available');
  });
  await backupService(deps, host).cast('restore_backup', {
    context: rpcContext(deps, context),
    backupId,
    volumeId: volume.id,
  });
  return { backup_id: backupId, volume_id: volume.id, volume_name: volume.name ?? '' };
}

/**
 * `DELETE /backups/{id}` and `os-force_delete` (Cinder's `delete`): an available or failed
 * backup (any, forced) that no incremental backup depends on goes `deleting`, and its backup
 * service removes it.
 */
export async function deleteBackup(
  deps: BlockStorageDeps,
  context: RequestContext,
  backupId: string,
  force = false,
) {
  const backup = await loadBackup(deps, context, backupId);
  authorize(
    deps.policy,
    force ? BACKUP_POLICY.forceDelete : BACKUP_POLICY.delete,
    backupTarget(backup),
    context,
  );
  if (!force && !['available', 'error'].includes(backup.status)) {
    throw new InvalidBackup('Backup status must be available or error');
  }
  const dependent = await deps.db
    .selectFrom('backups')
    .select('id')
    .where('parent_id', '=', backup.id)
    .executeTakeFirst();
  if (dependent) throw new InvalidBackup('Incremental backups exist for this backup.');
  const host = await upBackupHost(deps, backup.host);
  await deps.db
    .updateTable('backups')
    .set({ status: 'deleting', updated_at: deps.now().toISOString() })
    .where('id', '=', backup.id)
    .execute();
  await backupService(deps, host).cast('delete_backup', { context: rpcContext(deps, context), backupId });
}

/** `os-reset_status` (admin): the backup takes `available` or `error` as asked. */
export async function resetBackupStatus(
  deps: BlockStorageDeps,
  context: RequestContext,
  backupId: string,
  status: string,
): Promise<void> {
  const backup = await loadBackup(deps, context, backupId);
  authorize(deps.policy, BACKUP_POLICY.resetStatus, backupTarget(backup), context);
  await deps.db
    .updateTable('backups')
    .set({ status: status.toLowerCase(), updated_at: deps.now().toISOString() })
    .where('id', '=', backup.id)
    .execute();
}

/** `PUT /backups/{id}` (3.9): name and description; from 3.43 the metadata, replaced whole. */
export async function updateBackup(
  deps: BlockStorageDeps,
  context: RequestContext,
  backupId: string,
  update: { name?: string | null; description?: string | null; metadata?: Record<string, string> },
): Promise<BackupRow> {
  const backup = await loadBackup(deps, context, backupId);
  authorize(deps.policy, BACKUP_POLICY.update, backupTarget(backup), context);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('backups')
      .set({
        ...(update.name !== undefined ? { name: update.name } : {}),
        ...(update.description !== undefined ? { description: update.description } : {}),
        updated_at: deps.now().toISOString(),
      })
      .where('id', '=', backup.id)
      .execute();
    if (update.metadata !== undefined) {
      await trx.deleteFrom('backup_metadata').where('owner_id', '=', backup.id).execute();
      for (const [key, value] of Object.entries(update.metadata)) {
        await trx.insertInto('backup_metadata').values({ owner_id: backup.id, key, value }).execute();
      }
    }
  });
  return loadBackup(deps, context, backupId);
}
