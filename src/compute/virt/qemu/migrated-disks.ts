import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { HypervisorError } from '../errors.js';
import type { InstanceSpec, MigratedDisk } from '../types.js';
import { diskPath } from './command-line.js';
import type { GuestDisk, GuestRecord } from './guest-record.js';
import type { InstanceFiles } from './instance-files.js';
import type { QemuImg } from './qemu-img.js';

const GiB = 1024 ** 3;

/**
 * Resize and cold migration, source side: copies the guest's root and ephemeral disks into
 * `transferDir` (a folder of the machine that the destination's driver reads), the root disk
 * flattened so the destination needs no base image. Swap and the config drive are made anew there.
 */
export async function sendMigratedDisks(
  qemuImg: QemuImg,
  record: GuestRecord,
  files: InstanceFiles,
  transferDir: string,
): Promise<MigratedDisk[]> {
  await rm(transferDir, { recursive: true, force: true });
  await mkdir(transferDir, { recursive: true });
  const sent: MigratedDisk[] = [];
  for (const disk of record.disks) {
    if (disk.role !== 'root' && disk.role !== 'ephemeral') continue;
    const target = join(transferDir, disk.device);
    if (disk.role === 'root') await qemuImg.convert(diskPath(disk, files), disk.format, target, 'qcow2');
    else await copyFile(diskPath(disk, files), target);
    const { virtualSize } = await qemuImg.info(target);
    sent.push({
      device: disk.device,
      format: disk.role === 'root' ? 'qcow2' : disk.format,
      virtualSizeGb: Math.ceil(virtualSize / GiB),
    });
  }
  return sent;
}

/**
 * Destination side: moves the migrated disks into the instance's folder, the root disk grown to
 * the new flavor's size when that is bigger.
 */
export async function moveMigratedDisks(
  qemuImg: QemuImg,
  transferDir: string,
  disks: MigratedDisk[],
  files: InstanceFiles,
  instance: InstanceSpec,
  rootDevice: string,
): Promise<GuestDisk[]> {
  const moved: GuestDisk[] = [];
  for (const disk of disks) {
    const source = join(transferDir, disk.device);
    const root = disk.device === rootDevice;
    const target = root ? files.rootDisk : files.ephemeralDisk;
    if (!(await stat(source).catch(() => null))) {
      throw new HypervisorError(
        `Migrated disk ${disk.device} of instance ${instance.uuid} is not in ${transferDir}`,
      );
    }
    await moveFile(source, target);
    const format = disk.format === 'qcow2' ? 'qcow2' : 'raw';
    const wantedBytes = instance.flavor.rootGb * GiB;
    if (root && wantedBytes > (await qemuImg.info(target)).virtualSize) {
      await qemuImg.resize(target, format, wantedBytes);
    }
    moved.push({
      device: disk.device,
      path: basename(target),
      format,
      role: root ? 'root' : 'ephemeral',
      readOnly: false,
    });
  }
  return moved;
}

/** A rename, or a copy when the folders are on different file systems. */
async function moveFile(source: string, target: string): Promise<void> {
  try {
    await rename(source, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(source, target);
    await rm(source);
  }
}
