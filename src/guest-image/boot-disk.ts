import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mbrSector, PARTITION_TYPE, SECTOR_SIZE } from './master-boot-record.js';
import { runCommand } from './run-command.js';

/** Where the FAT partition starts: 1 MiB, as partitioning tools align today. */
export const PARTITION_START_SECTOR = 2048;

/**
 * syslinux's configuration: boot the one kernel at once with the initramfs, its messages on
 * the first VGA console and on the serial port (the last `console=` is /dev/console, so the
 * serial log, which is what Nova shows as the console log, gets everything init prints).
 */
export function syslinuxConfig(kernelArguments: readonly string[] = []): string {
  const append = ['console=tty0', 'console=ttyS0,115200n8', ...kernelArguments].join(' ');
  return [
    'SERIAL 0 115200',
    'DEFAULT linux',
    'PROMPT 0',
    'TIMEOUT 0',
    'LABEL linux',
    '  KERNEL /vmlinuz',
    '  INITRD /initrd.gz',
    `  APPEND ${append}`,
    '',
  ].join('\n');
}

/**
 * The first sector of the disk: syslinux's MBR boot code, then one active FAT16 (LBA) partition
 * from `PARTITION_START_SECTOR` to the end, and the boot signature.
 */
export function masterBootRecord(bootCode: Buffer, diskSectors: number): Buffer {
  return mbrSector(bootCode, [
    {
      startSector: PARTITION_START_SECTOR,
      sectors: diskSectors - PARTITION_START_SECTOR,
      type: PARTITION_TYPE.fat16Lba,
      active: true, // the partition the MBR code boots
    },
  ]);
}

export interface BootDiskInput {
  kernel: string;
  initramfs: string;
  kernelArguments?: readonly string[];
  /** syslinux's MBR code (Debian: /usr/lib/syslinux/mbr/mbr.bin, package syslinux-common). */
  mbrBin: string;
  sizeMiB: number;
  workDir: string;
  /** Where the qcow2 image goes. */
  output: string;
}

/**
 * Makes a BIOS-bootable qcow2 disk without root or loop devices: a raw file with an MBR, a
 * FAT16 partition made by mkfs.fat at its offset, the kernel and initramfs copied in with
 * mtools, syslinux installed into the partition's boot sector, then `qemu-img convert`.
 */
export async function buildBootDisk(input: BootDiskInput): Promise<void> {
  const raw = join(input.workDir, 'disk.raw');
  const diskSectors = (input.sizeMiB * 1024 * 1024) / SECTOR_SIZE;
  const offset = PARTITION_START_SECTOR * SECTOR_SIZE;
  const config = join(input.workDir, 'syslinux.cfg');
  await rm(raw, { force: true });
  const file = await open(raw, 'w');
  try {
    await file.truncate(diskSectors * SECTOR_SIZE);
    await file.write(masterBootRecord(await readFile(input.mbrBin), diskSectors), 0, SECTOR_SIZE, 0);
  } finally {
    await file.close();
  }
  const partitionKiB = ((diskSectors - PARTITION_START_SECTOR) * SECTOR_SIZE) / 1024;
  await runCommand([
    'mkfs.fat',
    '-F',
    '16',
    '-n',
    'STRATUSBOOT',
    '-h',
    String(PARTITION_START_SECTOR),
    `--offset=${PARTITION_START_SECTOR}`,
    raw,
    String(partitionKiB),
  ]);
  await writeFile(config, syslinuxConfig(input.kernelArguments));
  const image = `${raw}@@${offset}`;
  await runCommand(['mcopy', '-o', '-i', image, input.kernel, '::/vmlinuz']);
  await runCommand(['mcopy', '-o', '-i', image, input.initramfs, '::/initrd.gz']);
  await runCommand(['mcopy', '-o', '-i', image, config, '::/syslinux.cfg']);
  await runCommand(['syslinux', '--install', `--offset=${offset}`, raw]);
  await runCommand(['qemu-img', 'convert', '-f', 'raw', '-O', 'qcow2', raw, input.output]);
  await rm(raw, { force: true });
}
