import { FormatProbe, INCOMPLETE, type Verdict } from './format-probe.js';

// VirtualBox's VDI (qemu block/vdi.c), little-endian: a text banner, then the signature
// 0xbeda107f at 0x40 and the disk size (u64) at 0x170.
const SIGNATURE_OFFSET = 0x40;
const SIGNATURE = 0xbeda107f;
const SIZE_OFFSET = 0x170;
const HEADER = 512;

/** VDI: recognised by its signature, measured by its header. */
export class VdiProbe extends FormatProbe {
  readonly name = 'vdi';
  private readonly header = this.region(0, HEADER);

  protected advance(): void {
    if (this.header.size < SIGNATURE_OFFSET + 4) return;
    if (this.header.data.readUInt32LE(SIGNATURE_OFFSET) !== SIGNATURE) this.ruleOut();
    else if (this.header.complete) this.settle();
  }

  protected conclude(): Verdict | null {
    if (this.header.size < SIGNATURE_OFFSET + 4) return null;
    if (this.header.size < SIZE_OFFSET + 8) return { virtualSize: null, problems: [INCOMPLETE] };
    return { virtualSize: Number(this.header.data.readBigUInt64LE(SIZE_OFFSET)), problems: [] };
  }
}
