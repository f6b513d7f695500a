import { open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RpcClient } from '../../../../src/common/bus/index.js';
import { createLogger } from '../../../../src/common/logging.js';
import type { VolumeBackendConfig } from '../../../../src/common/config/schema.js';
import { startBackupService } from '../../../../src/block-storage/backup/start-backup-service.js';
import { QemuImg } from '../../../../src/block-storage/drivers/qemu-img.js';
import { VOLUME_TOPIC } from '../../../../src/block-storage/rpc/topics.js';
import type { VolumeMethods } from '../../../../src/block-storage/rpc/volume-api.js';
import { ServiceRegistry } from '../../../../src/block-storage/services/service-registry.js';
import { blockStorageTestApp, type BlockStorageTestApp } from '../../../helpers/block-storage-app.js';
import { tempDir } from '../../../contract/volume/fixtures.js';

export const MiB = 1024 ** 2;

export interface BackupTestApp extends BlockStorageTestApp {
  /** Where the backup service keeps its data (`<data dir>/backups`). */
  backupsDir: string;
  /** Makes a volume of `size` GiB and waits for it; resolves with its id. */
  newVolume(size?: number): Promise<string>;
  /** Writes `bytes` at the start of the volume, through its volume service. */
  writeVolume(volumeId: string, bytes: Buffer): Promise<void>;
  /** The first `length` bytes of the volume and its full length, through its volume service. */
  readVolume(volumeId: string, length: number): Promise<{ head: Buffer; size: number }>;
  /** Waits for a backup to reach `status`. */
  waitForBackup(id: string, status: string): Promise<void>;
}

/**
 * The block storage test app with a backup service (cinder-backup) on the same host, its store in
 * a temporary folder; on the fake backend by default, or on the one given.
 */
export async function backupTestApp(backend?: VolumeBackendConfig): Promise<BackupTestApp> {
  const dir = await tempDir('backups');
  const app = await blockStorageTestApp({
    configure: (config) => {
      if (backend) config.volume.backends = [backend];
      // Each test makes several volumes: more than the default quota of 10 in one app.
      config.volume.quota = { ...config.volume.quota, volumes: -1, gigabytes: -1 };
    },
  });
  const backupService = await startBackupService({
    db: app.db,
    bus: app.deps.bus,
    registry: new ServiceRegistry(app.db),
    settings: app.deps.settings,
    host: 'testhost',
    dataDir: dir.path,
    logger: createLogger('silent'),
    now: app.deps.now,
  });
  const volumes = new RpcClient<VolumeMethods>(app.deps.bus, VOLUME_TOPIC).at(
    `testhost@${backend?.name ?? 'fake'}`,
  );
  let files = 0;
  return {
    ...app,
    backupsDir: join(dir.path, 'backups'),
    async newVolume(size = 1) {
      const { volume } = await app.json('POST', '/volumes', 202, { body: { volume: { size } } });
      await app.waitForStatus(`/volumes/${volume.id}`, 'volume', 'available');
      return volume.id as string;
    },
    async writeVolume(volumeId, bytes) {
      const path = join(dir.path, `write-${(files += 1)}.raw`);
      await writeFile(path, bytes);
      await volumes.call('restore_volume_content', { volumeId, path, format: 'raw' });
      await rm(path);
    },
    async readVolume(volumeId, length) {
      const source = await volumes.call('backup_source', { volumeId, snapshotId: null, backupId: 'read' });
      const path = join(dir.path, `read-${(files += 1)}.raw`);
      // A qcow2 volume reads as the guest sees it through a raw copy, as a backup does.
      const raw = source.format === 'raw' ? source.path : path;
      if (source.format !== 'raw') {
        await new QemuImg().convert(source, { path, format: 'raw', existing: false });
      }
      const file = await open(raw, 'r');
      try {
        const head = Buffer.alloc(length);
        await file.read(head, 0, length, 0);
        return { head, size: (await file.stat()).size };
      } finally {
        await file.close();
        await rm(path, { force: true });
      }
    },
    async waitForBackup(id, status) {
      // Backups and restores copy whole volumes: longer than the helper's 5 s on a busy machine.
      const deadline = Date.now() + 60_000;
      let last: string | undefined;
      while (Date.now() < deadline) {
        last = (await app.json('GET', `/backups/${id}`, 200)).backup.status;
        if (last === status) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`backup ${id}: status ${last}, expected ${status}`);
    },
    async close() {
      await backupService.stop();
      await app.close();
      await dir.remove();
    },
  };
}

/** `length` bytes of a pattern that differs with `seed`, so changed chunks hash differently. */
export function pattern(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i + 4 <= length; i += 4) bytes.writeUInt32LE((i * 2654435761 + seed) >>> 0, i);
  bytes.fill(seed & 0xff, length - (length % 4));
  return bytes;
}
