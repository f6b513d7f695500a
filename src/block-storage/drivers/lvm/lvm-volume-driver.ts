import { mkdir } from 'node:fs/promises';
import { AlreadyOnBackend, InvalidNewSize, SnapshotNotOnBackend, VolumeNotOnBackend } from '../errors.js';
import { NbdExporter } from '../nbd-exporter.js';
import { QemuImg } from '../qemu-img.js';
import { GiB, toGb } from '../sizes.js';
import type {
  BackendCapacity,
  ConnectionInfo,
  Connector,
  SnapshotRef,
  VolumeDriver,
  VolumeRef,
} from '../volume-driver.js';
import { LvmCommands, type LogicalVolume, type LvmTool } from './lvm-tool.js';

export interface LvmVolumeDriverOptions {
  /** The volume group (DevStack's `stack-volumes-lvmdriver-1`); it must exist. */
  volumeGroup: string;
  /**
   * A thin pool of the group to make volumes in (made by `init` on 95% of the group's free space
   * when missing): thin volumes, instant snapshots and clones. Unset: thick LVs, snapshots with
   * copy-on-write space of the volume's size, copies for clones and volumes from snapshots.
   */
  thinPool?: string;
  /** The host this backend runs on: connectors from it get the device path, others an NBD export. */
  host: string;
  /** The address NBD exports listen on; 127.0.0.1 by default. */
  exportAddress?: string;
  /** Where the NBD exports' records live (`<data dir>/volumes/<backend>/exports`). */
  stateDir: string;
  /** The LVM operations; LVM's commands by default. */
  lvm?: LvmTool;
  qemuImgBinary?: string;
  qemuStorageDaemonBinary?: string;
}

const volumeName = (id: string) => `volume-${id}`;
// Cinder's names: the underscore keeps snapshots apart from volumes in `lvs`.
const snapshotName = (id: string) => `_snapshot-${id}`;
const cloneSourceName = (id: string) => `_clone-${id}`;

/**
 * Volumes as logical volumes of a volume group (Cinder's LVM driver, as DevStack's lvmdriver-1 on
 * a loop device). Thick LVs are zeroed when deleted, as Cinder's `volume_clear = zero` does: their
 * extents go to the next LV as they are. Thin LVs read zeroes where nothing was written.
 */
export class LvmVolumeDriver implements VolumeDriver {
  readonly kind = 'lvm';
  private readonly lvm: LvmTool;
  private readonly pool: string | null;
  private readonly qemuImg: QemuImg;
  private readonly exporter: NbdExporter;

  constructor(private readonly options: LvmVolumeDriverOptions) {
    this.lvm = options.lvm ?? new LvmCommands(options.volumeGroup);
    this.pool = options.thinPool ?? null;
    this.qemuImg = new QemuImg(options.qemuImgBinary);
    this.exporter = new NbdExporter({
      address: options.exportAddress ?? '127.0.0.1',
      stateDir: options.stateDir,
      binary: options.qemuStorageDaemonBinary,
    });
  }

  async init(): Promise<void> {
    await this.lvm.check();
    await this.qemuImg.check();
    if (this.pool && !(await this.lvm.poolSpace(this.pool))) await this.lvm.createPool(this.pool);
    await mkdir(this.options.stateDir, { recursive: true, mode: 0o700 });
    await this.exporter.init();
  }

  async capacity(): Promise<BackendCapacity> {
    const space = this.pool ? await this.lvm.poolSpace(this.pool) : await this.lvm.groupSpace();
    const held = (await this.lvm.list()).filter(
      ({ name }) => name.startsWith('volume-') || name.startsWith('_'),
    );
    const provisioned = held.reduce((sum, { sizeBytes }) => sum + sizeBytes, 0);
    return {
      totalGb: toGb(space?.sizeBytes ?? 0),
      freeGb: toGb(space?.freeBytes ?? 0),
      provisionedGb: toGb(provisioned),
      thinProvisioning: this.pool !== null,
    };
  }

  async createVolume(volume: VolumeRef): Promise<void> {
    await this.absent('Volume', volume.id, volumeName(volume.id));
    await this.lvm.create(volumeName(volume.id), volume.sizeGb * GiB, this.pool);
  }

  async createVolumeFromSnapshot(volume: VolumeRef, snapshot: SnapshotRef): Promise<void> {
    await this.absent('Volume', volume.id, volumeName(volume.id));
    if (!(await this.find(snapshotName(snapshot.id)))) throw new SnapshotNotOnBackend(snapshot.id);
    await this.copyOf(snapshotName(snapshot.id), volume);
  }

  async createClonedVolume(volume: VolumeRef, source: VolumeRef): Promise<void> {
    await this.absent('Volume', volume.id, volumeName(volume.id));
    const origin = await this.volume(source.id);
    if (this.pool) return this.copyOf(origin.name, volume);
    // A thick LV changes under a guest while it is copied: copy a snapshot of it instead.
    const frozen = cloneSourceName(volume.id);
    await this.lvm.snapshot(frozen, origin.name, origin.sizeBytes);
    try {
      await this.copyOf(frozen, volume);
    } finally {
      await this.lvm.remove(frozen, true);
    }
  }

  async copyImageToVolume(volume: VolumeRef, imagePath: string, format: string): Promise<void> {
    const target = await this.volume(volume.id);
    await this.qemuImg.inspectImage(imagePath, format, volume.sizeGb);
    await this.qemuImg.convert(
      { path: imagePath, format },
      { path: this.lvm.devicePath(target.name), format: 'raw', existing: true },
    );
  }

  async copyVolumeToImage(volume: VolumeRef, destPath: string, format: string): Promise<void> {
    const source = await this.volume(volume.id);
    await this.qemuImg.convert(
      { path: this.lvm.devicePath(source.name), format: 'raw' },
      { path: destPath, format, existing: false },
    );
  }

  async extendVolume(volume: VolumeRef, newSizeGb: number, _attached: boolean): Promise<void> {
    // Device-mapper grows an LV under whoever holds it: a local guest then sees it by block_resize,
    // the hosts of an NBD export when they attach it again.
    const lv = await this.volume(volume.id);
    const size = newSizeGb * GiB;
    if (size < lv.sizeBytes) throw new InvalidNewSize(volume.id, lv.sizeBytes / GiB, newSizeGb);
    if (size === lv.sizeBytes) return;
    await this.lvm.extend(lv.name, size);
  }

  async deleteVolume(volume: VolumeRef): Promise<void> {
    await this.exporter.remove(volume.id);
    if (await this.find(volumeName(volume.id)))
      await this.lvm.remove(volumeName(volume.id), this.pool === null);
  }

  async createSnapshot(snapshot: SnapshotRef): Promise<void> {
    await this.absent('Snapshot', snapshot.id, snapshotName(snapshot.id));
    const origin = await this.volume(snapshot.volumeId);
    await this.lvm.snapshot(snapshotName(snapshot.id), origin.name, this.pool ? null : origin.sizeBytes);
  }

  async deleteSnapshot(snapshot: SnapshotRef): Promise<void> {
    // A thick snapshot's copy-on-write space holds the volume's old data: wiped like a volume.
    if (await this.find(snapshotName(snapshot.id))) {
      await this.lvm.remove(snapshotName(snapshot.id), this.pool === null);
    }
  }

  async initializeConnection(volume: VolumeRef, connector: Connector): Promise<ConnectionInfo> {
    const path = this.lvm.devicePath((await this.volume(volume.id)).name);
    if (connector.host !== this.options.host)
      return this.exporter.export(volume.id, path, 'raw', connector.host);
    return { driver_volume_type: 'local', data: { device_path: path, format: 'raw' } };
  }

  async terminateConnection(volume: VolumeRef, connector: Connector): Promise<void> {
    if (connector.host !== this.options.host) await this.exporter.unexport(volume.id, connector.host);
  }

  async contentPath(volume: VolumeRef): Promise<{ path: string; format: string }> {
    return { path: this.lvm.devicePath((await this.volume(volume.id)).name), format: 'raw' };
  }

  close(): Promise<void> {
    return this.exporter.close();
  }

  /**
   * A new volume with the content of the LV `source` (a snapshot, or a volume in a thin pool):
   * in a thin pool a thin snapshot of it, instant; otherwise a new LV it is copied into.
   */
  private async copyOf(source: string, volume: VolumeRef): Promise<void> {
    const name = volumeName(volume.id);
    const size = volume.sizeGb * GiB;
    if (this.pool) {
      await this.lvm.snapshot(name, source, null);
      const made = await this.find(name);
      if (made && made.sizeBytes < size) await this.lvm.extend(name, size);
      return;
    }
    await this.lvm.create(name, size, null);
    try {
      await this.qemuImg.convert(
        { path: this.lvm.devicePath(source), format: 'raw' },
        { path: this.lvm.devicePath(name), format: 'raw', existing: true },
      );
    } catch (error) {
      await this.lvm.remove(name, true);
      throw error;
    }
  }

  private async find(name: string): Promise<LogicalVolume | undefined> {
    return (await this.lvm.list()).find((lv) => lv.name === name);
  }

  private async volume(id: string): Promise<LogicalVolume> {
    const lv = await this.find(volumeName(id));
    if (!lv) throw new VolumeNotOnBackend(id);
    return lv;
  }

  private async absent(what: 'Volume' | 'Snapshot', id: string, name: string): Promise<void> {
    if (await this.find(name)) throw new AlreadyOnBackend(what, id);
  }
}
