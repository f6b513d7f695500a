import { FormatProbe, type Verdict } from './format-probe.js';

// A disk with a partition table: the MBR's boot signature 0xAA55 at 510 and four 16-byte
// partition entries from 446 (boot flag, start CHS, type, end CHS, start LBA u32, sectors u32).
// A GPT disk's protective MBR holds one entry of type 0xEE. Upstream calls both "gpt".
const SECTOR = 512;
const SIGNATURE = 0xaa55;
const ENTRIES = 446;
const GPT_PROTECTIVE = 0xee;
/** A FAT boot sector also ends in 0xAA55: two FATs on a fixed disk (media 0xF8) marks one. */
const FAT_COUNT_OFFSET = 0x10;
const FAT_MEDIA_OFFSET = 0x15;

/** Raw disks that look partitioned; their MBR must be well formed, as upstream checks. */
export class MbrProbe extends FormatProbe {
  readonly name = 'gpt';
  private readonly sector = this.region(0, SECTOR);

  protected advance(): void {
    if (this.sector.complete) this.settle();
  }

  /** A partitioned raw disk is as large as the stream. */
  protected conclude(size: number): Verdict | null {
    if (!this.sector.complete) return null;
    const mbr = this.sector.data;
    const fat = mbr[FAT_COUNT_OFFSET] === 2 && mbr[FAT_MEDIA_OFFSET] === 0xf8;
    if (mbr.readUInt16LE(510) !== SIGNATURE || fat) return null;
    const problem = partitionProblem(mbr);
    return { virtualSize: size, problems: problem ? [problem] : [] };
  }
}

/** The first fault in the partition entries (upstream stops at the first), or null. */
function partitionProblem(mbr: Buffer): string | null {
  const used: number[] = [];
  let gpt = false;
  for (let index = 0; index < 4; index++) {
    const entry = mbr.subarray(ENTRIES + 16 * index, ENTRIES + 16 * (index + 1));
    if (entry[0] !== 0x00 && entry[0] !== 0x80) return `MBR PTE ${index} has invalid boot flag`;
    if (entry[4] !== 0) used.push(index);
    if (entry[4] === GPT_PROTECTIVE) {
      gpt = true;
      if (entry[1] !== 0x00 || entry[2] !== 0x02 || entry[3] !== 0x00) return 'GPT MBR has invalid start CHS';
      if (entry.readUInt32LE(8) !== 1) return 'GPT MBR has invalid start LBA';
    }
  }
  if (gpt && (used.length !== 1 || used[0] !== 0)) return 'GPT MBR defines invalid extra partitions';
  if (used.length === 0) return 'GPT MBR has no partitions defined';
  return null;
}
