import { FormatProbe, type Verdict } from './format-probe.js';

// Microsoft's VHD (qemu's "vpc") keeps a 512-byte big-endian footer at the end of the file; a
// dynamic or differencing disk also copies it to offset 0. Fields used:
//   0 cookie "conectix"   28 creator application (4 chars)   48 current size (u64)
//  56 cylinders (u16)   58 heads (u8)   59 sectors per track (u8)
const COOKIE = 'conectix';
const FOOTER = 512;
/** The largest CHS geometry: a disk this size states its real size in `current size`. */
const MAX_GEOMETRY = 65535 * 16 * 255;
/** Creators that write the exact size in `current size`; qemu uses the CHS geometry for others
 * (Virtual PC, and qemu itself before its "qem2" footers). */
const SIZE_FROM_CURRENT_SIZE = ['win ', 'qem2', 'd2v ', 'CTXS', 'tap\0', 'wa\0\0'];

/** VHD: dynamic disks by the footer copy at the start, fixed disks by the footer at the end. */
export class VhdProbe extends FormatProbe {
  readonly name = 'vhd';
  private readonly head = this.region(0, FOOTER);
  private readonly end = this.tail(FOOTER);

  protected advance(): void {
    // The tail keeps watching: a fixed disk only shows itself in its last sector.
    const cookie = this.head.size >= COOKIE.length && this.head.data.toString('latin1', 0, 8) === COOKIE;
    if (this.head.complete || (this.head.size >= COOKIE.length && !cookie)) this.settle();
  }

  protected conclude(): Verdict | null {
    const footer = [this.head.data, this.end.data].find(isFooter);
    return footer ? { virtualSize: virtualSize(footer), problems: [] } : null;
  }
}

const isFooter = (sector: Buffer) => sector.length === FOOTER && sector.toString('latin1', 0, 8) === COOKIE;

/** The disk size qemu presents: from the CHS geometry or `current size`, as its creator wrote it. */
function virtualSize(footer: Buffer): number {
  const creator = footer.toString('latin1', 28, 32);
  const chsSectors = footer.readUInt16BE(56) * footer[58] * footer[59];
  if (SIZE_FROM_CURRENT_SIZE.includes(creator) || chsSectors === MAX_GEOMETRY) {
    return Number(footer.readBigUInt64BE(48));
  }
  return chsSectors * 512;
}
