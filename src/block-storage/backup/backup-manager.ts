import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely, Selectable } from 'kysely';
import { RpcClient, type Bus } from '../../common/bus/index.js';
import type { Logger } from '../../common/logging.js';
import type { BackupTable, BlockStorageSchema } from '../db/schema.js';
import { QemuImg } from '../drivers/qemu-img.js';
import { GiB } from '../drivers/sizes.js';
import { backendOf, VOLUME_TOPIC } from '../rpc/topics.js';
import type { ContentPath, VolumeMethods } from '../rpc/volume-api.js';
import type { BackupMethods } from './backup-api.js';
import { CHUNK_SIZE, readManifest, writeManifest, type BackupManifest } from './backup-manifest.js';
import type { BackupChunkStore } from './chunk-store.js';
import { restoreBackupChunks, writeBackupChunks, type StoredBackup } from './chunked-backup.js';
import { applyBackedUpVolume, backedUpVolume } from './volume-copy-metadata.js';

type BackupRow = Selectable<BackupTable>;
type Args<K extends keyof BackupMethods> = Parameters<BackupMethods[K]>[0];

/** Copying a volume's content can take long: the calls that do wait this long for the volume service. */
const CONTENT_CALL_MS = 6 * 60 * 60 * 1000;

export interface BackupManagerOptions {
  db: Kysely<BlockStorageSchema>;
  bus: Bus;
  store: BackupChunkStore;
  /** Where volumes are converted to raw and restores assembled, then removed. */
  workDir: string;
  logger: Logger;
  now: () => Date;
  qemuImg?: QemuImg;
}

/**
 * The backup service of one host (cinder-backup's BackupManager with a chunked driver): reads a
 * volume through its volume service (a local path of its content), stores it in chunks, and
 * writes backups back onto volumes; every backup and volume ends in a final status, the cause of a
 * failure logged and kept in the backup's `fail_reason`.
 */
export class BackupManager implements BackupMethods {
  private readonly qemuImg: QemuImg;

  constructor(private readonly options: BackupManagerOptions) {
    this.qemuImg = options.qemuImg ?? new QemuImg();
  }

  async create_backup({ backupId }: Args<'create_backup'>): Promise<void> {
    const { db, store, logger } = this.options;
    const backup = await this.backupRow(backupId);
    if (!backup || backup.status !== 'creating') return;
    const prefix = backup.service_metadata ?? backup.id;
    try {
      const volume = await db
        .selectFrom('volumes')
        .selectAll()
        .where('id', '=', backup.volume_id)
        .executeTakeFirstOrThrow();
      const service = this.volumeService(volume.host);
      const parent = backup.parent_id === null ? null : await this.manifestOf(backup.parent_id);
      const copy = await backedUpVolume(db, volume);
      const source = await service.call(
        'backup_source',
        { volumeId: volume.id, snapshotId: backup.snapshot_id, backupId },
        { timeoutMs: CONTENT_CALL_MS },
      );
      let written;
      try {
        written = await this.withRawContent(source, backupId, (path) =>
          writeBackupChunks(store, prefix, path, backup.size * GiB, parent),
        );
      } finally {
        await service
          .call('release_backup_source', { snapshotId: backup.snapshot_id, backupId })
          .catch((error: unknown) =>
            logger.warn({ err: error, backupId }, 'could not release the backup source'),
          );
      }
      const manifest: BackupManifest = {
        version: 1,
        backupId,
        volumeId: volume.id,
        parentId: backup.parent_id,
        sizeBytes: backup.size * GiB,
        chunkSize: CHUNK_SIZE,
        chunks: written.chunks,
        volume: copy,
      };
      await writeManifest(store, prefix, manifest);
      await this.finishBackup(backup, { status: 'available', object_count: written.objectCount + 1 });
    } catch (error) {
      logger.error({ err: error, backupId }, 'backup failed');
      await store.deletePrefix(prefix).catch(() => undefined);
      await this.finishBackup(backup, { status: 'error', fail_reason: reasonOf(error) });
    }
  }

  async restore_backup({ backupId, volumeId }: Args<'restore_backup'>): Promise<void> {
    const { db, logger } = this.options;
    const backup = await this.backupRow(backupId);
    if (!backup) return;
    const file = join(this.options.workDir, `restore-${backupId}-${volumeId}.raw`);
    let volumeStatus = 'available';
    try {
      const volume = await db
        .selectFrom('volumes')
        .selectAll()
        .where('id', '=', volumeId)
        .executeTakeFirstOrThrow();
      const chain = await this.chainOf(backup);
      await mkdir(this.options.workDir, { recursive: true });
      await (await open(file, 'w')).close();
      await restoreBackupChunks(this.options.store, chain, file);
      await this.volumeService(volume.host).call(
        'restore_volume_content',
        { volumeId, path: file, format: 'raw' },
        { timeoutMs: CONTENT_CALL_MS },
      );
      await applyBackedUpVolume(db, volume, chain[0].manifest.volume, this.options.now());
    } catch (error) {
      logger.error({ err: error, backupId, volumeId }, 'backup restore failed');
      volumeStatus = 'error_restoring';
    } finally {
      await rm(file, { force: true });
    }
    const now = this.options.now().toISOString();
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('volumes')
        .set({ status: volumeStatus, updated_at: now })
        .where('id', '=', volumeId)
        .where('status', '=', 'restoring-backup')
        .execute();
      await trx
        .updateTable('backups')
        .set({ status: 'available', updated_at: now })
        .where('id', '=', backupId)
        .where('status', '=', 'restoring')
        .execute();
    });
  }

  async delete_backup({ backupId }: Args<'delete_backup'>): Promise<void> {
    const { db, store, logger } = this.options;
    const backup = await this.backupRow(backupId);
    if (!backup) return;
    try {
      const prefix = backup.service_metadata ?? backup.id;
      // An imported record shares its data with the backup it was exported from: the last one removes it.
      const sharing = await db
        .selectFrom('backups')
        .select('id')
        .where('service_metadata', '=', prefix)
        .where('id', '!=', backupId)
        .executeTakeFirst();
      if (!sharing) await store.deletePrefix(prefix);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('backup_metadata').where('owner_id', '=', backupId).execute();
        await trx.deleteFrom('backups').where('id', '=', backupId).execute();
      });
    } catch (error) {
      logger.error({ err: error, backupId }, 'backup deletion failed');
      await db
        .updateTable('backups')
        .set({ status: 'error_deleting', fail_reason: reasonOf(error) })
        .where('id', '=', backupId)
        .execute();
    }
  }

  async import_record({ backupId }: Args<'import_record'>): Promise<void> {
    const { db, logger } = this.options;
    const backup = await this.backupRow(backupId);
    if (!backup || backup.status !== 'creating') return;
    let found: { status: string; fail_reason: string | null };
    try {
      await this.manifestOf(backupId);
      found = { status: 'available', fail_reason: null };
    } catch (error) {
      logger.error({ err: error, backupId }, 'the data of an imported backup record was not found');
      found = { status: 'error', fail_reason: `Import record failed: ${reasonOf(error)}` };
    }
    await db
      .updateTable('backups')
      .set({ ...found, updated_at: this.options.now().toISOString() })
      .where('id', '=', backupId)
      .execute();
  }

  private backupRow(backupId: string) {
    return this.options.db.selectFrom('backups').selectAll().where('id', '=', backupId).executeTakeFirst();
  }

  private volumeService(host: string | null): RpcClient<VolumeMethods> {
    if (host === null) throw new Error('the volume is on no backend');
    return new RpcClient<VolumeMethods>(this.options.bus, VOLUME_TOPIC).at(backendOf(host));
  }

  private async manifestOf(backupId: string): Promise<BackupManifest> {
    const row = await this.backupRow(backupId);
    if (!row) throw new Error(`backup ${backupId} is gone`);
    return readManifest(this.options.store, row.service_metadata ?? row.id);
  }

  /** The backup, its parent, the parent's parent... with their manifests. */
  private async chainOf(backup: BackupRow): Promise<StoredBackup[]> {
    const chain: StoredBackup[] = [];
    for (let row: BackupRow | undefined = backup; row;) {
      const prefix = row.service_metadata ?? row.id;
      chain.push({ prefix, manifest: await readManifest(this.options.store, prefix) });
      if (row.parent_id === null) break;
      const parentId: string = row.parent_id;
      row = await this.backupRow(parentId);
      if (!row) throw new Error(`parent backup ${parentId} is gone`);
    }
    return chain;
  }

  /** Runs `read` on a raw image of the source: the source itself, or a raw copy of it made with qemu-img. */
  private async withRawContent<T>(source: ContentPath, backupId: string, read: (path: string) => Promise<T>) {
    if (source.format === 'raw') return read(source.path);
    await mkdir(this.options.workDir, { recursive: true });
    const raw = join(this.options.workDir, `backup-${backupId}.raw`);
    try {
      await this.qemuImg.convert(source, { path: raw, format: 'raw', existing: false });
      return await read(raw);
    } finally {
      await rm(raw, { force: true });
    }
  }

  /** The backup's final status; its volume (or snapshot) back to where it was before. */
  private async finishBackup(backup: BackupRow, values: Partial<BackupRow>): Promise<void> {
    const now = this.options.now().toISOString();
    await this.options.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('backups')
        .set({ ...values, updated_at: now })
        .where('id', '=', backup.id)
        .execute();
      if (backup.snapshot_id !== null) {
        await trx
          .updateTable('snapshots')
          .set({ status: 'available', updated_at: now })
          .where('id', '=', backup.snapshot_id)
          .where('status', '=', 'backing-up')
          .execute();
        return;
      }
      const volume = await trx
        .selectFrom('volumes')
        .select('previous_status')
        .where('id', '=', backup.volume_id)
        .executeTakeFirst();
      await trx
        .updateTable('volumes')
        .set({ status: volume?.previous_status ?? 'available', previous_status: null, updated_at: now })
        .where('id', '=', backup.volume_id)
        .where('status', '=', 'backing-up')
        .execute();
    });
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
