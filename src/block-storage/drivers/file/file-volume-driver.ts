import { mkdir, open, rename, rm, statfs, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runChecked } from '../../../common/run-command.js';
import { AlreadyOnBackend, InvalidNewSize, SnapshotNotOnBackend, VolumeNotOnBackend } from '../errors.js';
import { NbdExporter } from '../nbd-exporter.js';
import { QemuImg, isLockConflict } from '../qemu-img.js';
import { GiB, toGb } from '../sizes.js';
import type {
  BackendCapacity,
  ConnectionInfo,
  Connector,
  SnapshotRef,
  VolumeDriver,
  VolumeRef,
} from '../volume-driver.js';
import { readQcow2Header } from './qcow2-header.js';
import { type FileFormat, type HeldFile, type HeldKind, VolumeFolder } from './volume-folder.js';

export interface FileVolumeDriverOptions {
  /** The backend's folder (`<data dir>/volumes/<backend>`); made by `init`. */
  dir: string;
  /**
   * The format of new volumes. `raw` (the default): a sparse file. Creating one is a single
   * ftruncate, no process (the volume service makes hundreds a second); extending one is a
   * truncate, which QEMU's locks on an attached file do not stop; the guest reads it with no
   * format layer in between. Snapshots and clones are whole (sparse, reflinked where the file
   * system can) copies. `qcow2`: thin by itself, and a volume made from a snapshot is an
   * overlay on it (instant, sharing its clusters); creating one spawns qemu-img, and an attached
   * one grows only through the guest's QEMU (`block_resize`), which holds its lock.
   */
  format?: FileFormat;
  /** The host this backend runs on: connectors from it get the file's path, others an NBD export. */
  host: string;
  /** The address NBD exports listen on; 127.0.0.1 by default. */
  exportAddress?: string;
  qemuImgBinary?: string;
  qemuStorageDaemonBinary?: string;
}

/**
 * The default backend: one file per volume in a folder, made and converted with qemu-img, thin
 * (sparse files or qcow2). Deleting a volume unlinks its file; nothing leaks to the next one, as
 * the file system gives a new file's blocks to it zeroed.
 */
export class FileVolumeDriver implements VolumeDriver {
  readonly kind = 'file';
  private readonly folder: VolumeFolder;
  private readonly format: FileFormat;
  private readonly qemuImg: QemuImg;
  private readonly exporter: NbdExporter;

  constructor(private readonly options: FileVolumeDriverOptions) {
    this.folder = new VolumeFolder(options.dir);
    this.format = options.format ?? 'raw';
    this.qemuImg = new QemuImg(options.qemuImgBinary);
    this.exporter = new NbdExporter({
      address: options.exportAddress ?? '127.0.0.1',
      stateDir: join(options.dir, 'exports'),
      binary: options.qemuStorageDaemonBinary,
    });
  }

  async init(): Promise<void> {
    await this.qemuImg.check();
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    await this.folder.removePartials();
    await this.exporter.init();
  }

  async capacity(): Promise<BackendCapacity> {
    const fs = await statfs(this.options.dir);
    let provisioned = 0;
    for (const file of await this.folder.list()) provisioned += await this.folder.virtualSize(file);
    return {
      totalGb: toGb(fs.blocks * fs.bsize),
      freeGb: toGb(fs.bavail * fs.bsize),
      provisionedGb: toGb(provisioned),
      thinProvisioning: true,
    };
  }

  async createVolume(volume: VolumeRef): Promise<void> {
    await this.build('volume', volume.id, this.format, async (partial) => {
      if (this.format === 'qcow2') return this.qemuImg.create(partial, 'qcow2', volume.sizeGb * GiB);
      const file = await open(partial, 'wx', 0o600);
      try {
        await file.truncate(volume.sizeGb * GiB);
      } finally {
        await file.close();
      }
    });
  }

  async createVolumeFromSnapshot(volume: VolumeRef, snapshot: SnapshotRef): Promise<void> {
    const source = await this.snapshotFile(snapshot.id);
    await this.build('volume', volume.id, this.format, async (partial) => {
      if (this.format === 'qcow2' && source.format === 'qcow2') {
        // An overlay: the snapshot never changes, so the volume can share its clusters.
        const backing = { name: source.name, format: 'qcow2' };
        return this.qemuImg.create(partial, 'qcow2', volume.sizeGb * GiB, backing);
      }
      await this.copyInto(source, partial);
      await this.grow(partial, this.format, volume.sizeGb * GiB);
    });
  }

  async createClonedVolume(volume: VolumeRef, source: VolumeRef): Promise<void> {
    const sourceFile = await this.volumeFile(source.id);
    await this.build('volume', volume.id, this.format, async (partial) => {
      await this.copyInto(sourceFile, partial);
      await this.grow(partial, this.format, volume.sizeGb * GiB);
    });
  }

  async copyImageToVolume(volume: VolumeRef, imagePath: string, format: string): Promise<void> {
    const file = await this.volumeFile(volume.id);
    await this.qemuImg.inspectImage(imagePath, format, volume.sizeGb);
    await this.qemuImg.convert(
      { path: imagePath, format },
      { path: file.path, format: file.format, existing: true },
    );
  }

  async copyVolumeToImage(volume: VolumeRef, destPath: string, format: string): Promise<void> {
    const file = await this.volumeFile(volume.id);
    await this.qemuImg.convert(
      { path: file.path, format: file.format },
      { path: destPath, format, existing: false },
    );
  }

  async extendVolume(volume: VolumeRef, newSizeGb: number, attached: boolean): Promise<void> {
    const file = await this.volumeFile(volume.id);
    const size = newSizeGb * GiB;
    const current = await this.folder.virtualSize(file);
    if (size < current) throw new InvalidNewSize(volume.id, current / GiB, newSizeGb);
    if (size === current) return;
    // A raw file grows by truncate whoever holds it: QEMU's locks do not stop it.
    if (file.format === 'raw') return truncate(file.path, size);
    try {
      await this.qemuImg.resize(file.path, 'qcow2', size);
    } catch (error) {
      // A guest's QEMU grows the image it holds by block_resize, which Nova runs next; an image an
      // NBD export holds grows when its last connection ends.
      if ((attached || this.exporter.has(volume.id)) && isLockConflict(error)) return;
      throw error;
    }
  }

  async deleteVolume(volume: VolumeRef): Promise<void> {
    const file = await this.folder.find('volume', volume.id);
    if (!file) return;
    await this.exporter.remove(volume.id);
    const backing = file.format === 'qcow2' ? (await readQcow2Header(file.path)).backingName : null;
    await rm(file.path, { force: true });
    if (backing) await this.removeIfUnused(backing);
  }

  async createSnapshot(snapshot: SnapshotRef): Promise<void> {
    const source = await this.volumeFile(snapshot.volumeId);
    await this.build('snapshot', snapshot.id, this.format, (partial) => this.copyInto(source, partial));
  }

  async deleteSnapshot(snapshot: SnapshotRef): Promise<void> {
    const file = await this.folder.find('snapshot', snapshot.id);
    if (!file) return;
    if (file.format === 'qcow2' && (await this.folder.overlaysOf(file)).length > 0) {
      // Volumes read their unchanged clusters from it: it goes with the last of them.
      await writeFile(this.folder.deletedMarker(file), '');
      return;
    }
    await rm(file.path, { force: true });
  }

  async initializeConnection(volume: VolumeRef, connector: Connector): Promise<ConnectionInfo> {
    const file = await this.volumeFile(volume.id);
    if (connector.host !== this.options.host) {
      return this.exporter.export(volume.id, file.path, file.format, connector.host);
    }
    return { driver_volume_type: 'local', data: { device_path: file.path, format: file.format } };
  }

  /** `volume.sizeGb` is the volume's size now: a qcow2 image extended while held catches up here. */
  async terminateConnection(volume: VolumeRef, connector: Connector): Promise<void> {
    if (connector.host !== this.options.host) await this.exporter.unexport(volume.id, connector.host);
    const file = await this.folder.find('volume', volume.id);
    if (!file || file.format !== 'qcow2' || this.exporter.has(volume.id)) return;
    try {
      await this.grow(file.path, 'qcow2', volume.sizeGb * GiB);
    } catch (error) {
      // Still held (the guest has not let it go yet): the next detach grows it.
      if (!isLockConflict(error)) throw error;
    }
  }

  async contentPath(volume: VolumeRef): Promise<{ path: string; format: string }> {
    const file = await this.volumeFile(volume.id);
    return { path: file.path, format: file.format };
  }

  close(): Promise<void> {
    return this.exporter.close();
  }

  /** Makes a file under its partial name with `make`, then gives it its name; nothing is left on failure. */
  private async build(
    kind: HeldKind,
    id: string,
    format: FileFormat,
    make: (partial: string) => Promise<void>,
  ): Promise<void> {
    if (await this.folder.find(kind, id))
      throw new AlreadyOnBackend(kind === 'volume' ? 'Volume' : 'Snapshot', id);
    const partial = this.folder.partialPath(kind, id, format);
    try {
      await make(partial);
      await rename(partial, join(this.options.dir, this.folder.name(kind, id, format)));
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  /** A standalone copy of `source` at `target` in the backend's format (a qcow2 chain flattened). */
  private async copyInto(source: HeldFile, target: string): Promise<void> {
    if (source.format === 'raw' && this.format === 'raw') {
      await runChecked('cp', ['--sparse=always', '--reflink=auto', source.path, target]);
    } else {
      await this.qemuImg.convert(source, { path: target, format: this.format, existing: false });
    }
  }

  private async grow(path: string, format: FileFormat, size: number): Promise<void> {
    const file = { kind: 'volume', id: '', path, name: '', format } as const;
    if ((await this.folder.virtualSize(file)) >= size) return;
    if (format === 'raw') await truncate(path, size);
    else await this.qemuImg.resize(path, format, size);
  }

  /** Removes a deleted snapshot once no volume is made over it any more. */
  private async removeIfUnused(backingName: string): Promise<void> {
    const snapshots = await this.folder.list();
    const backing = snapshots.find((file) => file.kind === 'snapshot' && file.name === backingName);
    if (!backing || (await this.folder.find('snapshot', backing.id))) return;
    if ((await this.folder.overlaysOf(backing)).length > 0) return;
    await rm(backing.path, { force: true });
    await rm(this.folder.deletedMarker(backing), { force: true });
  }

  private async volumeFile(id: string): Promise<HeldFile> {
    const file = await this.folder.find('volume', id);
    if (!file) throw new VolumeNotOnBackend(id);
    return file;
  }

  private async snapshotFile(id: string): Promise<HeldFile> {
    const file = await this.folder.find('snapshot', id);
    if (!file) throw new SnapshotNotOnBackend(id);
    return file;
  }
}
