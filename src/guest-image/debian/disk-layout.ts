import { PARTITION_TYPE, SECTOR_SIZE, type MbrPartition } from '../master-boot-record.js';

const sectorsPerMiB = (1024 * 1024) / SECTOR_SIZE;

/**
 * The Debian image's disk: a small FAT partition at 1 MiB for syslinux, the kernel and the
 * initramfs (syslinux reads FAT; it could read ext4 only if installed from a mounted one), then
 * the ext4 root to the end of the disk, last so cloud-init's growpart can grow it.
 */
export interface DebianDiskLayout {
  diskSectors: number;
  boot: MbrPartition;
  root: MbrPartition;
}

export function debianDiskLayout(diskMiB: number, bootMiB: number): DebianDiskLayout {
  if (diskMiB < bootMiB + 2)
    throw new Error(`a ${diskMiB} MiB disk cannot hold a ${bootMiB} MiB boot partition`);
  const diskSectors = diskMiB * sectorsPerMiB;
  const boot = {
    startSector: sectorsPerMiB,
    sectors: bootMiB * sectorsPerMiB,
    type: PARTITION_TYPE.fat16Lba,
  };
  const rootStart = boot.startSector + boot.sectors;
  return {
    diskSectors,
    boot: { ...boot, active: true },
    root: {
      startSector: rootStart,
      sectors: diskSectors - rootStart,
      type: PARTITION_TYPE.linux,
      active: false,
    },
  };
}
