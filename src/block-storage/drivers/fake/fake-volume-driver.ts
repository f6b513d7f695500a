import { mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AlreadyOnBackend,
  ImageUnacceptable,
  InvalidNewSize,
  SnapshotNotOnBackend,
  VolumeNotOnBackend,
} from '../errors.js';
import { GiB } from '../sizes.js';
import type {
  BackendCapacity,
  ConnectionInfo,
  Connector,
  SnapshotRef,
  VolumeDriver,
  VolumeRef,
} from '../volume-driver.js';

export interface FakeVolumeDriverOptions {
  /** The backend's host: connectors of this host get `local`, others `nbd`. */
  host?: string;
  /** The address its made-up NBD exports listen on. */
  exportAddress?: string;
  totalGb?: number;
}

/** A volume the fake holds: its size and the bytes written at its start (the rest reads as zeroes). */
export interface FakeVolume {
  sizeGb: number;
  content: Buffer;
}

export interface FakeSnapshot extends FakeVolume {
  volumeId: string;
}

/** The driver operations a test can make fail (`failNext`). */
export type FakeOperation = Exclude<keyof VolumeDriver, 'kind'>;

/** The NBD port of the fake's exports: made up, nothing listens there. */
export const FAKE_NBD_PORT = 10809;

/**
 * A volume driver in memory, instant, for tests of the volume manager and for scale runs. It keeps
 * what it holds in public maps a test can assert on. Raw images go in and out byte for byte; an
 * image of another format is recorded and its bytes kept as they are (the fake converts nothing).
 * `contentPath` writes the content to a temporary file so a backup can read it.
 */
export class FakeVolumeDriver implements VolumeDriver {
  readonly kind = 'fake';
  readonly volumes = new Map<string, FakeVolume>();
  readonly snapshots = new Map<string, FakeSnapshot>();
  /** The hosts each volume is exported to. */
  readonly exports = new Map<string, Set<string>>();
  /** Every operation in order, with the id of the volume or snapshot it was on. */
  readonly operations: { operation: FakeOperation; id: string }[] = [];
  private readonly failures = new Map<FakeOperation, Error>();
  private readonly host: string;
  private readonly totalGb: number;
  private contentDir: string | null = null;

  constructor(private readonly options: FakeVolumeDriverOptions = {}) {
    this.host = options.host ?? 'fake-volume-host';
    this.totalGb = options.totalGb ?? 1000;
  }

  /** The next call of `operation` throws `error` (once). */
  failNext(operation: FakeOperation, error: Error = new Error(`Injected failure of ${operation}`)): void {
    this.failures.set(operation, error);
  }

  async init(): Promise<void> {
    this.record('init', '');
  }

  async capacity(): Promise<BackendCapacity> {
    this.record('capacity', '');
    const held = [...this.volumes.values(), ...this.snapshots.values()];
    const provisionedGb = held.reduce((sum, { sizeGb }) => sum + sizeGb, 0);
    return {
      totalGb: this.totalGb,
      freeGb: Math.max(0, this.totalGb - provisionedGb),
      provisionedGb,
      thinProvisioning: false,
    };
  }

  async createVolume(volume: VolumeRef): Promise<void> {
    this.record('createVolume', volume.id);
    this.add(volume, Buffer.alloc(0));
  }

  async createVolumeFromSnapshot(volume: VolumeRef, snapshot: SnapshotRef): Promise<void> {
    this.record('createVolumeFromSnapshot', volume.id);
    this.add(volume, Buffer.from(this.snapshot(snapshot.id).content));
  }

  async createClonedVolume(volume: VolumeRef, source: VolumeRef): Promise<void> {
    this.record('createClonedVolume', volume.id);
    this.add(volume, Buffer.from(this.volume(source.id).content));
  }

  async copyImageToVolume(volume: VolumeRef, imagePath: string, _format: string): Promise<void> {
    this.record('copyImageToVolume', volume.id);
    const held = this.volume(volume.id);
    const size = await stat(imagePath).then(
      (stats) => stats.size,
      (error: Error) => {
        throw new ImageUnacceptable(`it cannot be read (${error.message})`, { cause: error });
      },
    );
    if (size > held.sizeGb * GiB) {
      const imageGb = Math.ceil(size / GiB);
      throw new ImageUnacceptable(
        `Image virtual size is ${imageGb}GB and doesn't fit in a volume of size ${held.sizeGb}GB.`,
      );
    }
    const image = await readFile(imagePath);
    held.content =
      image.length >= held.content.length
        ? image
        : Buffer.concat([image, held.content.subarray(image.length)]);
  }

  async copyVolumeToImage(volume: VolumeRef, destPath: string, _format: string): Promise<void> {
    this.record('copyVolumeToImage', volume.id);
    await this.writeContent(this.volume(volume.id), destPath);
  }

  async extendVolume(volume: VolumeRef, newSizeGb: number, _attached: boolean): Promise<void> {
    this.record('extendVolume', volume.id);
    const held = this.volume(volume.id);
    if (newSizeGb < held.sizeGb) throw new InvalidNewSize(volume.id, held.sizeGb, newSizeGb);
    held.sizeGb = newSizeGb;
  }

  async deleteVolume(volume: VolumeRef): Promise<void> {
    this.record('deleteVolume', volume.id);
    this.volumes.delete(volume.id);
    this.exports.delete(volume.id);
  }

  async createSnapshot(snapshot: SnapshotRef): Promise<void> {
    this.record('createSnapshot', snapshot.id);
    const source = this.volume(snapshot.volumeId);
    if (this.snapshots.has(snapshot.id)) throw new AlreadyOnBackend('Snapshot', snapshot.id);
    this.snapshots.set(snapshot.id, {
      volumeId: snapshot.volumeId,
      sizeGb: source.sizeGb,
      content: Buffer.from(source.content),
    });
  }

  async deleteSnapshot(snapshot: SnapshotRef): Promise<void> {
    this.record('deleteSnapshot', snapshot.id);
    this.snapshots.delete(snapshot.id);
  }

  async initializeConnection(volume: VolumeRef, connector: Connector): Promise<ConnectionInfo> {
    this.record('initializeConnection', volume.id);
    this.volume(volume.id);
    const hosts = this.exports.get(volume.id) ?? new Set<string>();
    hosts.add(connector.host);
    this.exports.set(volume.id, hosts);
    if (connector.host === this.host) {
      return {
        driver_volume_type: 'local',
        data: { device_path: `/dev/fake-volumes/volume-${volume.id}`, format: 'raw' },
      };
    }
    return {
      driver_volume_type: 'nbd',
      data: {
        host: this.options.exportAddress ?? '127.0.0.1',
        port: FAKE_NBD_PORT,
        name: `volume-${volume.id}`,
        format: 'raw',
      },
    };
  }

  async terminateConnection(volume: VolumeRef, connector: Connector): Promise<void> {
    this.record('terminateConnection', volume.id);
    const hosts = this.exports.get(volume.id);
    hosts?.delete(connector.host);
    if (hosts?.size === 0) this.exports.delete(volume.id);
  }

  async contentPath(volume: VolumeRef): Promise<{ path: string; format: string }> {
    this.record('contentPath', volume.id);
    const held = this.volume(volume.id);
    this.contentDir ??= await mkdtemp(join(tmpdir(), 'stratus-fake-volumes-'));
    const path = join(this.contentDir, `volume-${volume.id}.raw`);
    await this.writeContent(held, path);
    return { path, format: 'raw' };
  }

  async close(): Promise<void> {
    this.record('close', '');
    this.exports.clear();
    if (this.contentDir) await rm(this.contentDir, { recursive: true, force: true });
    this.contentDir = null;
  }

  private record(operation: FakeOperation, id: string): void {
    this.operations.push({ operation, id });
    const failure = this.failures.get(operation);
    if (failure) {
      this.failures.delete(operation);
      throw failure;
    }
  }

  private add(volume: VolumeRef, content: Buffer): void {
    if (this.volumes.has(volume.id)) throw new AlreadyOnBackend('Volume', volume.id);
    this.volumes.set(volume.id, { sizeGb: volume.sizeGb, content });
  }

  private volume(id: string): FakeVolume {
    const held = this.volumes.get(id);
    if (!held) throw new VolumeNotOnBackend(id);
    return held;
  }

  private snapshot(id: string): FakeSnapshot {
    const held = this.snapshots.get(id);
    if (!held) throw new SnapshotNotOnBackend(id);
    return held;
  }

  /** The volume's bytes as a sparse raw file of its full size. */
  private async writeContent(held: FakeVolume, path: string): Promise<void> {
    await writeFile(path, held.content);
    await truncate(path, held.sizeGb * GiB);
  }
}
