import { createWriteStream, createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import type { ServerExternalEvent } from '../../common/clients/compute-events-client.js';
import type { ImageClient } from '../../common/clients/image-client.js';
import type { Logger } from '../../common/logging.js';
import type { BlockStorageSchema } from '../db/schema.js';
import type {
  ConnectionInfo,
  Connector,
  SnapshotRef,
  VolumeDriver,
  VolumeRef,
} from '../drivers/volume-driver.js';
import type { VolumeRpcContext } from '../rpc/context.js';
import type { BackendReport, ContentPath, VolumeMethods } from '../rpc/volume-api.js';
import { DRIVER_VERSION, STORAGE_PROTOCOL, VENDOR_NAME } from './backend-identity.js';
import { imageMetadataOf } from './image-metadata.js';

/** The temporary volume a snapshot is read through for a backup of it. */
function backupSourceId(backupId: string): string {
  return `backup-${backupId}`;
}

/** Cinder's default `max_over_subscription_ratio`. */
const MAX_OVER_SUBSCRIPTION_RATIO = 20;

type Args<K extends keyof VolumeMethods> = Parameters<VolumeMethods[K]>[0];

export interface VolumeManagerOptions {
  db: Kysely<BlockStorageSchema>;
  driver: VolumeDriver;
  /** `host@backend`: this service's bus host and the volumes' host without the pool. */
  backendHost: string;
  backendName: string;
  availabilityZone: string;
  /** Where images are downloaded to and volumes written out for upload, then removed. */
  workDir: string;
  logger: Logger;
  now: () => Date;
  imagesFor(token: string): ImageClient;
  /** Tells compute about attached volumes that changed (Cinder's nova notifier); fire and forget. */
  notifyCompute(events: ServerExternalEvent[]): void;
}

/**
 * The volume service of one backend (cinder-volume's VolumeManager): runs the backend's driver
 * for what the API and the scheduler send, and moves each volume, snapshot and attachment to the
 * status its outcome calls for: the finished one, or `error` (`error_deleting`, ...) with the
 * cause logged. Nothing is left half-made: a failed create removes what the driver made.
 */
export class VolumeManager implements VolumeMethods {
  constructor(private readonly options: VolumeManagerOptions) {}

  async get_capacity(): Promise<BackendReport> {
    const capacity = await this.options.driver.capacity();
    return {
      backendHost: this.options.backendHost,
      volumeBackendName: this.options.backendName,
      pool: this.options.backendName,
      availabilityZone: this.options.availabilityZone,
      totalGb: capacity.totalGb,
      freeGb: capacity.freeGb,
      provisionedGb: capacity.provisionedGb,
      thinProvisioning: capacity.thinProvisioning,
      maxOverSubscriptionRatio: MAX_OVER_SUBSCRIPTION_RATIO,
      storageProtocol: STORAGE_PROTOCOL,
      vendorName: VENDOR_NAME,
      driverVersion: DRIVER_VERSION,
    };
  }

  async create_volume({ context, volumeId, imageId }: Args<'create_volume'>): Promise<void> {
    const { db, driver } = this.options;
    const volume = await this.volumeRow(volumeId);
    if (!volume) return;
    const ref: VolumeRef = { id: volume.id, sizeGb: volume.size };
    try {
      let bootable = false;
      let imageMetadata: Record<string, string> = {};
      if (volume.snapshot_id) {
        const snapshot = await db
          .selectFrom('snapshots')
          .selectAll()
          .where('id', '=', volume.snapshot_id)
          .executeTakeFirstOrThrow();
        await driver.createVolumeFromSnapshot(ref, {
          id: snapshot.id,
          volumeId: snapshot.volume_id,
          volumeSizeGb: snapshot.volume_size,
        });
        ({ bootable, imageMetadata } = await this.inheritedFrom(snapshot.volume_id));
      } else if (volume.source_volid) {
        const source = await this.volumeRow(volume.source_volid);
        if (!source) throw new Error(`source volume ${volume.source_volid} is gone`);
        await driver.createClonedVolume(ref, { id: source.id, sizeGb: source.size });
        ({ bootable, imageMetadata } = await this.inheritedFrom(source.id));
      } else if (imageId) {
        imageMetadata = await this.copyImage(context, imageId, ref);
        bootable = true;
      } else {
        await driver.createVolume(ref);
      }
      await db.transaction().execute(async (trx) => {
        for (const [key, value] of Object.entries(imageMetadata)) {
          await trx
            .insertInto('volume_glance_metadata')
            .values({ owner_id: volume.id, key, value })
            .onConflict((c) => c.columns(['owner_id', 'key']).doUpdateSet({ value }))
            .execute();
        }
        await trx
          .updateTable('volumes')
          .set({
            status: 'available',
            bootable: bootable ? 1 : 0,
            launched_at: this.options.now().toISOString(),
          })
          .where('id', '=', volume.id)
          .where('status', '=', 'creating')
          .execute();
      });
    } catch (error) {
      this.options.logger.error({ err: error, volumeId }, 'volume creation failed');
      await driver.deleteVolume(ref).catch(() => undefined);
      await this.setVolumeStatus(volumeId, 'error');
    }
  }

  async delete_volume({ context, volumeId, cascade }: Args<'delete_volume'>): Promise<void> {
    const { db, driver } = this.options;
    const volume = await this.volumeRow(volumeId);
    if (!volume) return;
    try {
      if (cascade) {
        const snapshots = await db
          .selectFrom('snapshots')
          .select('id')
          .where('volume_id', '=', volumeId)
          .execute();
        for (const snapshot of snapshots) await this.delete_snapshot({ context, snapshotId: snapshot.id });
        const left = await db
          .selectFrom('snapshots')
          .select('id')
          .where('volume_id', '=', volumeId)
          .execute();
        if (left.length > 0) throw new Error(`${left.length} snapshots of the volume could not be deleted`);
      }
      await driver.deleteVolume({ id: volume.id, sizeGb: volume.size });
      await db.transaction().execute(async (trx) => {
        for (const table of ['volume_metadata', 'volume_admin_metadata', 'volume_glance_metadata'] as const) {
          await trx.deleteFrom(table).where('owner_id', '=', volumeId).execute();
        }
        await trx.deleteFrom('volume_attachments').where('volume_id', '=', volumeId).execute();
        await trx.deleteFrom('volumes').where('id', '=', volumeId).execute();
      });
    } catch (error) {
      this.options.logger.error({ err: error, volumeId }, 'volume deletion failed');
      await this.setVolumeStatus(volumeId, 'error_deleting');
    }
  }

  /** The driver's reference to a snapshot; undefined when its row is gone. */
  private async snapshotRef(snapshotId: string): Promise<SnapshotRef | undefined> {
    const snapshot = await this.options.db
      .selectFrom('snapshots')
      .selectAll()
      .where('id', '=', snapshotId)
      .executeTakeFirst();
    return snapshot && { id: snapshot.id, volumeId: snapshot.volume_id, volumeSizeGb: snapshot.volume_size };
  }

  async create_snapshot({ snapshotId }: Args<'create_snapshot'>): Promise<void> {
    const { db, driver } = this.options;
    const ref = await this.snapshotRef(snapshotId);
    if (!ref) return;
    try {
      await driver.createSnapshot(ref);
      await db
        .updateTable('snapshots')
        .set({ status: 'available', progress: '100%', updated_at: this.options.now().toISOString() })
        .where('id', '=', snapshotId)
        .execute();
    } catch (error) {
      this.options.logger.error({ err: error, snapshotId }, 'snapshot creation failed');
      await driver.deleteSnapshot(ref).catch(() => undefined);
      await db.updateTable('snapshots').set({ status: 'error' }).where('id', '=', snapshotId).execute();
    }
  }

  async delete_snapshot({ snapshotId }: Args<'delete_snapshot'>): Promise<void> {
    const { db, driver } = this.options;
    const ref = await this.snapshotRef(snapshotId);
    if (!ref) return;
    try {
      await driver.deleteSnapshot(ref);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('snapshot_metadata').where('owner_id', '=', snapshotId).execute();
        await trx.deleteFrom('snapshots').where('id', '=', snapshotId).execute();
      });
    } catch (error) {
      this.options.logger.error({ err: error, snapshotId }, 'snapshot deletion failed');
      await db
        .updateTable('snapshots')
        .set({ status: 'error_deleting' })
        .where('id', '=', snapshotId)
        .execute();
    }
  }

  async extend_volume({ volumeId, newSize }: Args<'extend_volume'>): Promise<void> {
    const { db, driver } = this.options;
    const volume = await this.volumeRow(volumeId);
    if (!volume) return;
    const attachments = await db
      .selectFrom('volume_attachments')
      .select('instance_uuid')
      .where('volume_id', '=', volumeId)
      .where('attach_status', '=', 'attached')
      .execute();
    try {
      await driver.extendVolume({ id: volume.id, sizeGb: volume.size }, newSize, attachments.length > 0);
      await db
        .updateTable('volumes')
        .set({ size: newSize, status: volume.previous_status ?? 'available', previous_status: null })
        .where('id', '=', volumeId)
        .execute();
      const events = attachments
        .filter((attachment) => attachment.instance_uuid !== null)
        .map((attachment) => ({
          name: 'volume-extended' as const,
          server_uuid: attachment.instance_uuid!,
          tag: volumeId,
          status: 'completed' as const,
        }));
      if (events.length > 0) this.options.notifyCompute(events);
    } catch (error) {
      this.options.logger.error({ err: error, volumeId }, 'volume extension failed');
      await this.setVolumeStatus(volumeId, 'error_extending');
    }
  }

  async copy_volume_to_image({ context, volumeId, imageId, diskFormat }: Args<'copy_volume_to_image'>) {
    const volume = await this.volumeRow(volumeId);
    if (!volume) return;
    const images = this.options.imagesFor(context.token);
    const file = join(this.options.workDir, `upload-${volumeId}-${imageId}`);
    try {
      await mkdir(this.options.workDir, { recursive: true });
      await this.options.driver.copyVolumeToImage({ id: volume.id, sizeGb: volume.size }, file, diskFormat);
      await images.upload(imageId, createReadStream(file));
    } catch (error) {
      this.options.logger.error({ err: error, volumeId, imageId }, 'volume upload to image failed');
      await images.deleteImage(imageId).catch(() => undefined);
    } finally {
      await rm(file, { force: true });
      await this.options.db
        .updateTable('volumes')
        .set({ status: volume.previous_status ?? 'available', previous_status: null })
        .where('id', '=', volumeId)
        .where('status', '=', 'uploading')
        .execute();
    }
  }

  async initialize_connection({
    volumeId,
    connector,
  }: Args<'initialize_connection'>): Promise<ConnectionInfo> {
    const volume = await this.volumeRow(volumeId);
    if (!volume) throw new Error(`volume ${volumeId} is gone`);
    return this.options.driver.initializeConnection({ id: volume.id, sizeGb: volume.size }, connector);
  }

  async terminate_connection({
    volumeId,
    connector,
  }: {
    volumeId: string;
    connector: Connector;
  }): Promise<void> {
    const volume = await this.volumeRow(volumeId);
    if (!volume) return;
    await this.options.driver.terminateConnection({ id: volume.id, sizeGb: volume.size }, connector);
  }

  async backup_source({ volumeId, snapshotId, backupId }: Args<'backup_source'>): Promise<ContentPath> {
    const { db, driver } = this.options;
    const volume = await this.volumeRow(volumeId);
    if (!volume) throw new Error(`volume ${volumeId} is gone`);
    if (snapshotId === null) return driver.contentPath({ id: volume.id, sizeGb: volume.size });
    const snapshot = await db
      .selectFrom('snapshots')
      .selectAll()
      .where('id', '=', snapshotId)
      .executeTakeFirstOrThrow();
    const temporary = { id: backupSourceId(backupId), sizeGb: snapshot.volume_size };
    await driver.createVolumeFromSnapshot(temporary, {
      id: snapshot.id,
      volumeId: snapshot.volume_id,
      volumeSizeGb: snapshot.volume_size,
    });
    return driver.contentPath(temporary);
  }

  async release_backup_source({ snapshotId, backupId }: Args<'release_backup_source'>): Promise<void> {
    if (snapshotId === null) return;
    await this.options.driver.deleteVolume({ id: backupSourceId(backupId), sizeGb: 0 });
  }

  async restore_volume_content({ volumeId, path, format }: Args<'restore_volume_content'>): Promise<void> {
    const volume = await this.volumeRow(volumeId);
    if (!volume) throw new Error(`volume ${volumeId} is gone`);
    await this.options.driver.copyImageToVolume({ id: volume.id, sizeGb: volume.size }, path, format);
  }

  private volumeRow(volumeId: string) {
    return this.options.db.selectFrom('volumes').selectAll().where('id', '=', volumeId).executeTakeFirst();
  }

  private async setVolumeStatus(volumeId: string, status: string): Promise<void> {
    await this.options.db.updateTable('volumes').set({ status }).where('id', '=', volumeId).execute();
  }

  /** A copy is bootable, and carries the image properties, when its source volume does. */
  private async inheritedFrom(sourceVolumeId: string) {
    const { db } = this.options;
    const source = await this.volumeRow(sourceVolumeId);
    const rows = await db
      .selectFrom('volume_glance_metadata')
      .select(['key', 'value'])
      .where('owner_id', '=', sourceVolumeId)
      .execute();
    return {
      bootable: source?.bootable === 1,
      imageMetadata: Object.fromEntries(rows.map((row) => [row.key, row.value])),
    };
  }

  /** Downloads the image as the caller and writes it onto the volume (qemu-img converts it). */
  private async copyImage(context: VolumeRpcContext, imageId: string, volume: VolumeRef) {
    const images = this.options.imagesFor(context.token);
    const image = await images.getImage(imageId);
    if (!image || image.status !== 'active') throw new Error(`image ${imageId} is not active`);
    const file = join(this.options.workDir, `image-${volume.id}-${imageId}`);
    try {
      await mkdir(this.options.workDir, { recursive: true });
      const { data } = await images.download(imageId);
      await pipeline(data, createWriteStream(file));
      await this.options.driver.createVolume(volume);
      await this.options.driver.copyImageToVolume(volume, file, image.disk_format ?? 'raw');
    } finally {
      await rm(file, { force: true });
    }
    return imageMetadataOf(image);
  }
}
