import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from './run-command.js';

/** Where the FAT partition starts: 1 MiB, as partitioning tools align today. */
export const PARTITION_START_SECTOR = 2048;
const sectorSize = 512;

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

/** CHS of an LBA sector in the 255-head, 63-sector geometry; past what CHS reaches, its maximum. */
function chs(lba: number): Buffer {
  const cylinder = Math.floor(lba / (255 * 63));
  if (cylinder > 1023) return Buffer.from([0xfe, 0xff, 0xff]);
  const head = Math.floor(lba / 63) % 255;
  const sector = (lba % 63) + 1;
  return Buffer.from([head, sector | ((cylinder >> 2) & 0xc0), cylinder & 0xff]);
}

/**
 * The first sector of the disk: syslinux's MBR boot code, then one active FAT16 (LBA) partition
 * from `PARTITION_START_SECTOR` to the end, and the boot signature.
 */
export function masterBootRecord(bootCode: Buffer, diskSectors: number): Buffer {
  const mbr = Buffer.alloc(sectorSize);
  bootCode.copy(mbr, 0, 0, Math.min(bootCode.length, 440));
  const entry = 446;
  const sectors = diskSectors - PARTITION_START_SECTOR;
  mbr[entry] = 0x80; // active: the partition the MBR code boots
  chs(PARTITION_START_SECTOR).copy(mbr, entry + 1);
  mbr[entry + 4] = 0x0e; // FAT16, LBA addressed
  chs(diskSectors - 1).copy(mbr, entry + 5);
  mbr.writeUInt32LE(PARTITION_START_SECTOR, entry + 8);
  mbr.writeUInt32LE(sectors, entry + 12);
  mbr[510] = 0x55;
  mbr[511] = 0xaa;
  return mbr;
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
  const diskSectors = (input.sizeMiB * 1024 * 1024) / sectorSize;
  const offset = PARTITION_START_SECTOR * sectorSize;
  const config = join(input.workDir, 'syslinux.cfg');
  await rm(raw, { force: true });
  const file = await open(raw, 'w');
  try {
    await file.truncate(diskSectors * sectorSize);
    await file.write(masterBootRecord(await readFile(input.mbrBin), diskSectors), 0, sectorSize, 0);
  } finally {
    await file.close();
  }
  const partitionKiB = ((diskSectors - PARTITION_START_SECTOR) * sectorSize) / 1024;
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
