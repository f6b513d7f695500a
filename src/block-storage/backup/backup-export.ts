import { ApiError } from '../../common/http/errors.js';
import type { RequestContext } from '../../common/auth/context.js';
import { RpcClient } from '../../common/bus/index.js';
import type { BlockStorageDeps } from '../deps.js';
import { InvalidInput } from '../errors.js';
import { authorize } from '../policies/index.js';
import { BACKUP_POLICY } from '../policies/backups.js';
import { checkQuota } from '../quotas/quota-check.js';
import { BACKUP_BINARY } from '../rpc/topics.js';
import { ServiceRegistry } from '../services/service-registry.js';
import { callerIsAdmin } from '../volumes/volume-lookup.js';
import { BACKUP_TOPIC, type BackupMethods } from './backup-api.js';
import { InvalidBackup } from './backup-errors.js';
import { backupTarget, loadBackup, type BackupRow } from './backup-records.js';

/**
 * The backup driver as Cinder names it in an exported record: backups are chunks and a manifest
 * in a folder of the backup host, which is what Cinder's POSIX driver keeps.
 */
export const BACKUP_SERVICE = 'cinder.backup.drivers.posix.PosixBackupDriver';

/** What an exported record holds: enough of the row to make it again, and where its data is. */
type ExportedRecord = Omit<BackupRow, 'project_id' | 'user_id' | 'status' | 'fail_reason' | 'updated_at'>;

export interface BackupExport {
  backup_service: string;
  backup_url: string;
}

/**
 * `GET /backups/{id}/export_record` (admins): the backup's record, base64 JSON as Cinder's
 * `Backup.encode_record`, to import it again after the database lost it (or into another cloud
 * sharing the backup host). Only an available backup is exported.
 */
export async function exportBackup(
  deps: BlockStorageDeps,
  context: RequestContext,
  id: string,
): Promise<BackupExport> {
  const backup = await loadBackup(deps, context, id);
  authorize(deps.policy, BACKUP_POLICY.export, backupTarget(backup), context);
  if (backup.status !== 'available')
    throw new InvalidBackup(`Backup status must be available and not ${backup.status}.`);
  const record: ExportedRecord = {
    id: backup.id,
    volume_id: backup.volume_id,
    snapshot_id: backup.snapshot_id,
    name: backup.name,
    description: backup.description,
    size: backup.size,
    availability_zone: backup.availability_zone,
    container: backup.container,
    parent_id: backup.parent_id,
    is_incremental: backup.is_incremental,
    object_count: backup.object_count,
    data_timestamp: backup.data_timestamp,
    host: backup.host,
    // The data's name in the store: an imported record shares it with the backup it came from.
    service_metadata: backup.service_metadata ?? backup.id,
    created_at: backup.created_at,
  };
  return {
    backup_service: BACKUP_SERVICE,
    backup_url: Buffer.from(JSON.stringify(record)).toString('base64'),
  };
}

/** Cinder's `Backup.decode_record`, with its checks for the two fields an import needs. */
function decodeRecord(url: string): Partial<ExportedRecord> & { id: string; size: number } {
  let record: unknown;
  try {
    record = JSON.parse(Buffer.from(url, 'base64').toString('utf8'));
  } catch {
    throw new InvalidInput("Can't parse backup record.");
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record))
    throw new InvalidInput("Can't parse backup record.");
  const fields = record as Record<string, unknown>;
  if (typeof fields.id !== 'string' || fields.id === '')
    throw new InvalidInput('Provided backup record is missing an id');
  if (!Number.isInteger(fields.size) || (fields.size as number) < 0)
    throw new InvalidInput('Provided backup record is missing size attribute');
  return fields as Partial<ExportedRecord> & { id: string; size: number };
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * `POST /backups/import_record` (admins): makes the backup of an exported record again, in the
 * caller's project and counted in its quota, `creating` until the backup service of its host has
 * found its data (then `available`, or `error`). A record of another driver is kept in `error`,
 * as Cinder's backup manager does when no service of that driver takes it.
 */
export async function importBackup(
  deps: BlockStorageDeps,
  context: RequestContext,
  service: string,
  url: string,
): Promise<BackupRow> {
  authorize(deps.policy, BACKUP_POLICY.import, { project_id: context.projectId }, context);
  const hosts = await new ServiceRegistry(deps.db).upServices(
    BACKUP_BINARY,
    deps.now(),
    deps.settings.service_down_time,
  );
  if (hosts.length === 0) throw new ApiError(503, `Service ${service} could not be found.`);
  const record = decodeRecord(url);
  const ours = service === BACKUP_SERVICE;
  const host = hosts.find((candidate) => candidate.host === text(record.host));
  const now = deps.now().toISOString();
  const projectId = context.projectId ?? '';
  const failReason = !ours
    ? `Import record failed, cannot find backup service to perform the import. Request service ${service}.`
    : !host
      ? `Import record failed, the backup service of host ${text(record.host)} is not up.`
      : null;
  const row: BackupRow = {
    id: record.id,
    project_id: projectId,
    user_id: context.userId,
    volume_id: text(record.volume_id) ?? '',
    snapshot_id: text(record.snapshot_id),
    name: text(record.name),
    description: text(record.description),
    status: failReason === null ? 'creating' : 'error',
    fail_reason: failReason,
    size: record.size,
    availability_zone: text(record.availability_zone),
    container: text(record.container),
    parent_id: text(record.parent_id),
    is_incremental: record.is_incremental ? 1 : 0,
    object_count: Number.isInteger(record.object_count) ? (record.object_count as number) : 0,
    data_timestamp: text(record.data_timestamp) ?? now,
    host: text(record.host),
    service_metadata: text(record.service_metadata) ?? record.id,
    created_at: now,
    updated_at: null,
  };
  await deps.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('backups').select('id').where('id', '=', row.id).executeTakeFirst();
    if (existing) throw new InvalidBackup('Backup already exists in database.');
    await checkQuota(trx, deps.settings, projectId, { backups: 1, backup_gigabytes: row.size });
    await trx.insertInto('backups').values(row).execute();
  });
  if (failReason === null && host) {
    await new RpcClient<BackupMethods>(deps.bus, BACKUP_TOPIC).at(host.host).cast('import_record', {
      context: {
        projectId,
        userId: context.userId,
        token: context.token,
        isAdmin: callerIsAdmin(deps, context),
      },
      backupId: row.id,
    });
  }
  return row;
}
