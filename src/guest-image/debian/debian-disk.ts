import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from '../run-command.js';
import { mbrSector, SECTOR_SIZE } from '../master-boot-record.js';
import { debianDiskLayout } from './disk-layout.js';

/** The FAT partition holds syslinux, one kernel and its initramfs, and room to replace both. */
export const BOOT_PARTITION_MIB = 128;
/** Where syslinux finds the kernel and the initramfs on the boot partition (8.3 names, FAT's own). */
export const BOOT_KERNEL = 'vmlinuz';
export const BOOT_INITRAMFS = 'initrd.img';

/**
 * syslinux's configuration: the kernel at once, the root by its file system UUID, messages on the
 * VGA console and the serial port; the serial port last, so it is /dev/console and the serial log
 * (Nova's console log) gets systemd's and cloud-init's output.
 */
export function debianSyslinuxConfig(rootUuid: string): string {
  return [
    'SERIAL 0 115200',
    'DEFAULT debian',
    'PROMPT 0',
    'TIMEOUT 0',
    'LABEL debian',
    `  KERNEL /${BOOT_KERNEL}`,
    `  INITRD /${BOOT_INITRAMFS}`,
    `  APPEND root=UUID=${rootUuid} ro console=tty0 console=ttyS0,115200n8`,
    '',
  ].join('\n');
}

export interface DebianDiskInput {
  /** The guest's root file system, as a directory. */
  rootDir: string;
  kernel: string;
  initramfs: string;
  rootUuid: string;
  /** The FAT volume id, 8 hex digits (the guest's fstab names it `XXXX-XXXX`). */
  bootVolumeId: string;
  /** syslinux's MBR code (Debian: /usr/lib/syslinux/mbr/mbr.bin). */
  mbrBin: string;
  sizeMiB: number;
  workDir: string;
  /** Where the compressed qcow2 image goes. */
  output: string;
}

/**
 * Makes the Debian image's disk without root's mount or loop devices: a sparse raw file with an
 * MBR, the FAT boot partition made by mkfs.fat at its offset and filled by mtools, syslinux
 * installed into it, the ext4 root made by `mkfs.ext4 -d` from the directory at its offset, then
 * `qemu-img convert -c` (the free space is unwritten, so it costs nothing).
 */
export async function buildDebianDisk(input: DebianDiskInput): Promise<void> {
  const layout = debianDiskLayout(input.sizeMiB, BOOT_PARTITION_MIB);
  const raw = join(input.workDir, 'debian-disk.raw');
  const bootOffset = layout.boot.startSector * SECTOR_SIZE;
  await rm(raw, { force: true });
  const file = await open(raw, 'w');
  try {
    await file.truncate(layout.diskSectors * SECTOR_SIZE);
    const mbr = mbrSector(await readFile(input.mbrBin), [layout.boot, layout.root]);
    await file.write(mbr, 0, SECTOR_SIZE, 0);
  } finally {
    await file.close();
  }

  await runCommand([
    'mkfs.fat',
    '-F',
    '16',
    '-n',
    'DEBIANBOOT',
    '-i',
    input.bootVolumeId,
    '-h',
    String(layout.boot.startSector),
    `--offset=${layout.boot.startSector}`,
    raw,
    String((layout.boot.sectors * SECTOR_SIZE) / 1024),
  ]);
  const config = join(input.workDir, 'syslinux.cfg');
  await writeFile(config, debianSyslinuxConfig(input.rootUuid));
  const bootImage = `${raw}@@${bootOffset}`;
  await runCommand(['mcopy', '-o', '-i', bootImage, input.kernel, `::/${BOOT_KERNEL}`]);
  await runCommand(['mcopy', '-o', '-i', bootImage, input.initramfs, `::/${BOOT_INITRAMFS}`]);
  await runCommand(['mcopy', '-o', '-i', bootImage, config, '::/syslinux.cfg']);
  await runCommand(['syslinux', '--install', `--offset=${bootOffset}`, raw]);

  const blockSize = 4096;
  await runCommand([
    'mkfs.ext4',
    '-q',
    '-F',
    '-b',
    String(blockSize),
    '-U',
    input.rootUuid,
    '-d',
    input.rootDir,
    // nodiscard: the raw file is new and sparse; there is nothing to discard.
    '-E',
    `offset=${layout.root.startSector * SECTOR_SIZE},nodiscard`,
    raw,
    String((layout.root.sectors * SECTOR_SIZE) / blockSize),
  ]);
  await runCommand(['qemu-img', 'convert', '-c', '-f', 'raw', '-O', 'qcow2', raw, input.output]);
  await rm(raw, { force: true });
}
