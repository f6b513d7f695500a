/** The size of a disk sector, in bytes, as the MBR counts them. */
export const SECTOR_SIZE = 512;

/** An MBR partition entry: where it is, its type byte and whether BIOS boot code picks it. */
export interface MbrPartition {
  startSector: number;
  sectors: number;
  type: number;
  active: boolean;
}

/** MBR partition types the guest images use. */
export const PARTITION_TYPE = { fat16Lba: 0x0e, linux: 0x83 } as const;

/** CHS of an LBA sector in the 255-head, 63-sector geometry; past what CHS reaches, its maximum. */
function chs(lba: number): Buffer {
  const cylinder = Math.floor(lba / (255 * 63));
  if (cylinder > 1023) return Buffer.from([0xfe, 0xff, 0xff]);
  const head = Math.floor(lba / 63) % 255;
  const sector = (lba % 63) + 1;
  return Buffer.from([head, sector | ((cylinder >> 2) & 0xc0), cylinder & 0xff]);
}

/** A disk's first sector: the boot code (440 bytes at most), up to four partition entries, the signature. */
export function mbrSector(bootCode: Buffer, partitions: readonly MbrPartition[]): Buffer {
  if (partitions.length > 4) throw new Error('an MBR holds four partitions');
  const mbr = Buffer.alloc(SECTOR_SIZE);
  bootCode.copy(mbr, 0, 0, Math.min(bootCode.length, 440));
  partitions.forEach((partition, index) => {
    const entry = 446 + index * 16;
    mbr[entry] = partition.active ? 0x80 : 0x00;
    chs(partition.startSector).copy(mbr, entry + 1);
    mbr[entry + 4] = partition.type;
    chs(partition.startSector + partition.sectors - 1).copy(mbr, entry + 5);
    mbr.writeUInt32LE(partition.startSector, entry + 8);
    mbr.writeUInt32LE(partition.sectors, entry + 12);
  });
  mbr[510] = 0x55;
  mbr[511] = 0xaa;
  return mbr;
}
