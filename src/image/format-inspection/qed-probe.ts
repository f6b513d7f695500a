import { FormatProbe, type Verdict } from './format-probe.js';

// QEMU Enhanced Disk, little-endian: magic "QED\0", the disk size (u64) at 48.
const MAGIC = Buffer.from('QED\0', 'latin1');
const SIZE_OFFSET = 48;

/** QED: recognised only to be refused, as upstream does (no one supports it, it has backing files). */
export class QedProbe extends FormatProbe {
  readonly name = 'qed';
  private readonly header = this.region(0, SIZE_OFFSET + 8);

  protected advance(): void {
    if (this.header.size < MAGIC.length) return;
    if (!this.header.data.subarray(0, MAGIC.length).equals(MAGIC)) this.ruleOut();
    else if (this.header.complete) this.settle();
  }

  protected conclude(): Verdict | null {
    if (this.header.size < MAGIC.length) return null;
    const virtualSize = this.header.complete ? Number(this.header.data.readBigUInt64LE(SIZE_OFFSET)) : null;
    return { virtualSize, problems: ['This file format is not allowed'] };
  }
}
