import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { serveRpc, type Bus } from '../../common/bus/index.js';
import type { VolumeConfig } from '../../common/config/schema.js';
import type { Logger } from '../../common/logging.js';
import type { BlockStorageSchema } from '../db/schema.js';
import { BACKUP_BINARY } from '../rpc/topics.js';
import { startHeartbeat, type ServiceRegistry } from '../services/service-registry.js';
import { BACKUP_TOPIC } from './backup-api.js';
import { BackupManager } from './backup-manager.js';
import type { BackupChunkStore } from './chunk-store.js';
import { FileChunkStore } from './file-chunk-store.js';

export interface BackupServiceOptions {
  db: Kysely<BlockStorageSchema>;
  bus: Bus;
  registry: ServiceRegistry;
  settings: VolumeConfig;
  /** This host: the backup service reads the volumes of the volume services of the same host. */
  host: string;
  dataDir: string;
  logger: Logger;
  now: () => Date;
  /** Where backups are kept; by default files under `<data_dir>/backups`. */
  store?: BackupChunkStore;
}

/**
 * Starts this host's backup service (cinder-backup): its manager serving `cinder-backup.<host>`
 * and its heartbeat in the services table. Resolves with what stops it.
 */
export async function startBackupService(options: BackupServiceOptions): Promise<{ stop(): Promise<void> }> {
  const { settings, logger, host } = options;
  const manager = new BackupManager({
    db: options.db,
    bus: options.bus,
    store: options.store ?? new FileChunkStore(join(options.dataDir, 'backups')),
    workDir: join(options.dataDir, 'backups-work'),
    logger: logger.child({ backupHost: host }),
    now: options.now,
  });
  const listening = await serveRpc(options.bus, `${BACKUP_TOPIC}.${host}`, manager);
  const heartbeat = await startHeartbeat(
    options.registry,
    { host, binary: BACKUP_BINARY, availabilityZone: settings.availability_zone },
    {
      now: options.now,
      intervalSeconds: settings.report_interval,
      onError: (error) => logger.warn({ err: error, host }, 'backup service heartbeat failed'),
    },
  );
  logger.info({ host }, 'backup service started');
  return {
    async stop() {
      heartbeat.stop();
      await listening.stop();
    },
  };
}
