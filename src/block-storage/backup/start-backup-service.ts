import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Logger } from '../../common/logging.js';
import type { BlockStorageSchema } from '../db/schema.js';
import { BACKUP_BINARY } from '../rpc/topics.js';
import { startRpcService, type RpcServiceContext } from '../services/start-rpc-service.js';
import { BACKUP_TOPIC } from './backup-api.js';
import { BackupManager } from './backup-manager.js';
import type { BackupChunkStore } from './chunk-store.js';
import { FileChunkStore } from './file-chunk-store.js';

export interface BackupServiceOptions extends RpcServiceContext {
  db: Kysely<BlockStorageSchema>;
  /** This host: the backup service reads the volumes of the volume services of the same host. */
  host: string;
  dataDir: string;
  logger: Logger;
  /** Where backups are kept; by default files under `<data_dir>/backups`. */
  store?: BackupChunkStore;
}

/**
 * Starts this host's backup service (cinder-backup): its manager serving `cinder-backup.<host>`
 * and its heartbeat in the services table. Resolves with what stops it.
 */
export async function startBackupService(options: BackupServiceOptions): Promise<{ stop(): Promise<void> }> {
  const { logger, host } = options;
  const manager = new BackupManager({
    db: options.db,
    bus: options.bus,
    store: options.store ?? new FileChunkStore(join(options.dataDir, 'backups')),
    workDir: join(options.dataDir, 'backups-work'),
    logger: logger.child({ backupHost: host }),
    now: options.now,
  });
  const service = await startRpcService(options, `${BACKUP_TOPIC}.${host}`, manager, {
    host,
    binary: BACKUP_BINARY,
    onHeartbeatError: (error) => logger.warn({ err: error, host }, 'backup service heartbeat failed'),
  });
  logger.info({ host }, 'backup service started');
  return service;
}
