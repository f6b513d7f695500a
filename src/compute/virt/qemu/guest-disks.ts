import { basename } from 'node:path';
import { HypervisorError } from '../errors.js';
import type { BlockDeviceInfo, ImageMeta, InstanceSpec, VifSpec, VolumeMapping } from '../types.js';
import type { GuestDisk } from './guest-record.js';
import type { ImageCache } from './image-cache.js';
import type { InstanceFiles } from './instance-files.js';
import type { ConfigDriveBuilder } from './qemu-options.js';
import type { QemuImg } from './qemu-img.js';
import { runChecked } from '../../../common/run-command.js';

const GiB = 1024 ** 3;

/** `/dev/vdb` -> `vdb`: QEMU and libvirt name disks by their target device. */
export const deviceName = (mountpoint: string) => mountpoint.replace(/^\/dev\//, '');

/** The config drive's device: a CD-ROM on the IDE bus, as Nova's libvirt driver attaches it on x86. */
const configDriveDevice = 'hdd';

/** The image formats a volume may come in; QEMU reads either from a file, a device or an export. */
const VOLUME_FORMATS = ['raw', 'qcow2'] as const;

/**
 * A volume as a disk of the guest, from its connection: `local` (a file or block device on this
 * host, `data.device_path`) or `nbd` (`data.host`, `data.port`, `data.name`), each in the image
 * format `data.format` (raw when not said).
 */
export function volumeDisk(instanceUuid: string, mapping: VolumeMapping): GuestDisk {
  const { connection } = mapping;
  const refuse = (why: string) =>
    new HypervisorError(`Instance ${instanceUuid}: volume ${connection.volumeId} ${why}`);
  const { data } = connection;
  const format = data.format ?? 'raw';
  if (!VOLUME_FORMATS.includes(format as 'raw'))
    throw refuse(`has format ${String(format)}, which QEMU is not given`);
  const disk = {
    device: deviceName(mapping.mountpoint),
    format: format as GuestDisk['format'],
    role: 'volume' as const,
    readOnly: data.access_mode === 'ro',
    volumeId: connection.volumeId,
  };
  if (connection.driverVolumeType === 'local' && typeof data.device_path === 'string') {
    return { ...disk, path: data.device_path };
  }
  if (connection.driverVolumeType === 'nbd') {
    const { host, port, name } = data;
    if (typeof host !== 'string' || !Number.isInteger(Number(port)) || typeof name !== 'string') {
      throw refuse('has an NBD connection without its host, port and export name');
    }
    return {
      ...disk,
      path: `nbd://${host}:${Number(port)}/${name}`,
      nbd: { host, port: Number(port), name },
    };
  }
  throw refuse(`of type ${connection.driverVolumeType} cannot be attached by this driver`);
}

/** Makes an instance's local disks: from the cached image, blank ones the flavor asks for, the config drive. */
export class GuestDiskMaker {
  constructor(
    private readonly qemuImg: QemuImg,
    private readonly cache: ImageCache,
    private readonly configDrive: ConfigDriveBuilder | undefined,
  ) {}

  /**
   * A qcow2 overlay at `path` on the cached image, grown to `sizeGb` when that is bigger (0 keeps
   * the image's size). Refuses an image that names a backing file: it could read host files.
   */
  async fromImage(path: string, image: ImageMeta, sizeGb: number): Promise<void> {
    await this.cache.fetch(image.id);
    const base = this.cache.path(image.id);
    const info = await this.qemuImg.info(base);
    if (info.backingFilename !== null) {
      throw new HypervisorError(`Image ${image.id} refers to a backing file; refusing to boot it`);
    }
    if (sizeGb > 0 && info.virtualSize > sizeGb * GiB) {
      throw new HypervisorError(
        `Image ${image.id} (${info.virtualSize} bytes) is bigger than the flavor's ${sizeGb} GB root disk`,
      );
    }
    await this.qemuImg.createOverlay(path, base, info.format);
    if (sizeGb * GiB > info.virtualSize) await this.qemuImg.resize(path, 'qcow2', sizeGb * GiB);
  }

  /** The instance's disks at spawn: root from its image, then ephemeral, swap, volumes and config drive. */
  async spawnDisks(
    instance: InstanceSpec,
    files: InstanceFiles,
    blockDeviceInfo: BlockDeviceInfo,
    networkInfo: VifSpec[],
  ): Promise<GuestDisk[]> {
    const disks: GuestDisk[] = [];
    const rootDevice = deviceName(blockDeviceInfo.rootDeviceName);
    if (instance.image) {
      await this.fromImage(files.rootDisk, instance.image, instance.flavor.rootGb);
      disks.push({
        device: rootDevice,
        path: basename(files.rootDisk),
        format: 'qcow2',
        role: 'root',
        readOnly: false,
      });
    }
    disks.push(...(await this.flavorDisks(instance, files, blockDeviceInfo, disks)));
    for (const mapping of blockDeviceInfo.volumes) disks.push(volumeDisk(instance.uuid, mapping));
    const config = await this.configDriveDisk(instance, files, networkInfo);
    if (config) disks.push(config);
    return disks;
  }

  /** The blank ephemeral and swap disks of the flavor that `existing` does not have yet. */
  async flavorDisks(
    instance: InstanceSpec,
    files: InstanceFiles,
    blockDeviceInfo: BlockDeviceInfo,
    existing: GuestDisk[],
  ): Promise<GuestDisk[]> {
    const disks: GuestDisk[] = [];
    const taken = new Set(existing.map((disk) => disk.device));
    const next = () => nextFreeDevice(taken);
    const { ephemeralGb, swapMb } = instance.flavor;
    if (ephemeralGb > 0 && !existing.some((disk) => disk.role === 'ephemeral')) {
      const device = deviceName(blockDeviceInfo.ephemerals[0]?.deviceName ?? next());
      taken.add(device);
      await this.blankDisk(files.ephemeralDisk, ephemeralGb * GiB, [
        'mkfs.ext4',
        '-q',
        '-F',
        '-L',
        'ephemeral0',
      ]);
      disks.push({
        device,
        path: basename(files.ephemeralDisk),
        format: 'raw',
        role: 'ephemeral',
        readOnly: false,
      });
    }
    if (swapMb > 0 && !existing.some((disk) => disk.role === 'swap')) {
      const device = deviceName(blockDeviceInfo.swap?.deviceName ?? next());
      taken.add(device);
      await this.blankDisk(files.swapDisk, swapMb * 1024 ** 2, ['mkswap', '-L', 'swap0']);
      disks.push({ device, path: basename(files.swapDisk), format: 'raw', role: 'swap', readOnly: false });
    }
    return disks;
  }

  /** The config drive, built by the injected builder, when the instance asks for one. */
  async configDriveDisk(
    instance: InstanceSpec,
    files: InstanceFiles,
    networkInfo: VifSpec[],
  ): Promise<GuestDisk | null> {
    if (!instance.configDrive) return null;
    if (!this.configDrive) throw new HypervisorError('This host cannot build config drives');
    await this.configDrive(files.configDrive, instance, networkInfo);
    return {
      device: configDriveDevice,
      path: basename(files.configDrive),
      format: 'raw',
      role: 'config',
      readOnly: true,
    };
  }

  /**
   * A sparse raw file formatted as Nova formats ephemeral (ext4, label `ephemeral0`) and swap
   * disks, so the guest can use them at once.
   */
  private async blankDisk(path: string, sizeBytes: number, format: string[]): Promise<void> {
    await this.qemuImg.create(path, 'raw', sizeBytes);
    await runChecked(format[0], [...format.slice(1), path]);
  }
}

/** The first `vdX` not in `taken`. */
function nextFreeDevice(taken: Set<string>): string {
  for (let letter = 'a'.charCodeAt(0); letter <= 'z'.charCodeAt(0); letter++) {
    const device = `vd${String.fromCharCode(letter)}`;
    if (!taken.has(device)) return device;
  }
  throw new HypervisorError('The guest has no free disk device name left');
}
