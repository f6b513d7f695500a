import { FormatProbe, type Verdict } from './format-probe.js';

// ISO 9660 and UDF (ECMA-119, ECMA-167): the first 16 sectors of 2 KiB are free for a boot
// loader (where hybrid images put an MBR); the volume descriptors follow, one per sector,
// each a type byte and a five-letter identifier. The primary volume descriptor (CD001, type 1)
// gives the volume size: its block count (u32 LE at 80) times its block size (u16 LE at 128).
const SECTOR = 2048;
const DESCRIPTORS_OFFSET = 16 * SECTOR;
/** More descriptors than any real volume has before its sequence ends. */
const MAX_DESCRIPTORS = 32;
const PRIMARY = 1;
/** Identifiers of the volume recognition sequence; the first two mark an ISO 9660 or UDF volume. */
const VOLUME = ['CD001', 'NSR02', 'NSR03'];
const SEQUENCE = [...VOLUME, 'BEA01', 'TEA01', 'BOOT2', 'CDW02'];

/** ISO 9660 and UDF images, measured by the primary volume descriptor when there is one. */
export class IsoProbe extends FormatProbe {
  readonly name = 'iso';
  private readonly descriptors = this.region(DESCRIPTORS_OFFSET, MAX_DESCRIPTORS * SECTOR);
  private read = 0;
  private volume = false;
  private volumeSize: number | null = null;

  protected advance(): void {
    const data = this.descriptors.data;
    while ((this.read + 1) * SECTOR <= data.length) {
      const sector = data.subarray(this.read * SECTOR, (this.read + 1) * SECTOR);
      const identifier = sector.toString('latin1', 1, 6);
      if (!SEQUENCE.includes(identifier)) {
        if (this.read === 0) return this.ruleOut();
        return this.settle();
      }
      if (VOLUME.includes(identifier)) this.volume = true;
      if (identifier === 'CD001' && sector[0] === PRIMARY && this.volumeSize === null) {
        this.volumeSize = sector.readUInt32LE(80) * sector.readUInt16LE(128);
      }
      this.read++;
      if (identifier === 'TEA01') return this.settle();
    }
    if (this.descriptors.complete) this.settle();
  }

  protected conclude(): Verdict | null {
    return this.volume ? { virtualSize: this.volumeSize, problems: [] } : null;
  }
}
