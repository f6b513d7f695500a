import type { CaptureRegion } from './capture-region.js';
import { FormatProbe, INCOMPLETE, type Verdict } from './format-probe.js';
import {
  DESCRIPTOR_MAX,
  INVALID_DESCRIPTOR,
  SINGLE_FILE_TYPES,
  TextPrefix,
  looksLikeDescriptor,
  readDescriptor,
} from './vmdk-descriptor.js';

// VMware's hosted sparse extent header (little-endian), the first 64 of its 512 bytes:
//   0 magic "KDMV"   4 version   8 flags   12 capacity in sectors (u64)   20 grain size (u64)
//  28 descriptor offset in sectors (u64)   36 descriptor size in sectors (u64)
//  44 grain table entries per table (u32)   48 redundant directory offset (u64)
//  56 grain directory offset (u64; all ones: "in the footer", as streamOptimized writes)
const SPARSE_MAGIC = 'KDMV';
/** The old VMware 3 sparse format, which qemu also opens. */
const COWD_MAGIC = 'COWD';
const SPARSE_HEADER = 64;
const SECTOR = 512;
/** Where qemu (and upstream's check) require the embedded descriptor. */
const DESCRIPTOR_OFFSET = 0x200;
const DIRECTORY_IN_FOOTER = 0xffffffffffffffffn;
/** Text files shorter than this are judged whole; longer ones by this many first bytes. */
const TEXT_SNIFF = 64;
/** A streamOptimized file ends with a footer marker, a copy of the header, an end-of-stream marker. */
const FOOTER_LENGTH = 3 * SECTOR;
const MARKER_EOS = 0;
const MARKER_FOOTER = 3;

interface SparseHeader {
  magic: string;
  version: number;
  capacity: bigint;
  descriptorSector: bigint;
  descriptorSectors: bigint;
  directoryOffset: bigint;
}

function readSparseHeader(data: Buffer): SparseHeader {
  return {
    magic: data.toString('latin1', 0, 4),
    version: data.readUInt32LE(4),
    capacity: data.readBigUInt64LE(12),
    descriptorSector: data.readBigUInt64LE(28),
    descriptorSectors: data.readBigUInt64LE(36),
    directoryOffset: data.readBigUInt64LE(56),
  };
}

/**
 * VMDK: monolithicSparse and streamOptimized files (a binary header with an embedded
 * descriptor), and bare descriptor files, whose extents always live elsewhere and are refused.
 */
export class VmdkProbe extends FormatProbe {
  readonly name = 'vmdk';
  private readonly header = this.region(0, SPARSE_HEADER);
  private readonly footer = this.tail(FOOTER_LENGTH);
  private text: TextPrefix | null = new TextPrefix();
  private kind: 'sparse' | 'cowd' | 'text' | null = null;
  private descriptor: CaptureRegion | null = null;

  override feed(chunk: Buffer, position: number): void {
    this.text?.feed(chunk);
    super.feed(chunk, position);
  }

  protected advance(): void {
    if (this.kind === null && this.header.size >= 4) {
      const magic = this.header.data.toString('latin1', 0, 4);
      this.kind = magic === SPARSE_MAGIC ? 'sparse' : magic === COWD_MAGIC ? 'cowd' : 'text';
      if (this.kind !== 'text') this.text = null;
    }
    if (this.kind === 'cowd') this.settle();
    if (this.kind === 'sparse' && this.header.complete) this.advanceSparse();
    if (this.kind === 'text' && this.text) {
      // Upstream takes a stream for a descriptor file only when its first bytes are all text.
      if (this.text.stop !== null && this.text.size < TEXT_SNIFF) this.ruleOut();
      else if (this.text.stop !== null) this.settle();
    }
  }

  private advanceSparse(): void {
    if (this.descriptor === null) {
      const header = readSparseHeader(this.header.data);
      if (Number(header.descriptorSector) * SECTOR !== DESCRIPTOR_OFFSET) {
        this.settle();
        return;
      }
      const length = Math.min(Number(header.descriptorSectors) * SECTOR, DESCRIPTOR_MAX);
      this.descriptor = this.region(DESCRIPTOR_OFFSET, length);
    }
    if (this.descriptor.complete) this.settle();
  }

  protected conclude(): Verdict | null {
    if (this.kind === 'cowd') return { virtualSize: null, problems: ['Unsupported subformat'] };
    if (this.kind === 'sparse') return this.concludeSparse();
    const text = this.text;
    if (text === null || text.size === 0 || (text.stop !== null && text.size < TEXT_SNIFF)) return null;
    const content = text.text;
    if (!looksLikeDescriptor(content)) return null;
    const { problems } = readDescriptor(content);
    // qemu would parse bytes past the text we looked at; refuse what we could not read.
    return { virtualSize: null, problems: text.stop === 'binary' ? [INVALID_DESCRIPTOR] : problems };
  }

  private concludeSparse(): Verdict {
    if (!this.header.complete) return { virtualSize: null, problems: [INCOMPLETE] };
    const header = readSparseHeader(this.header.data);
    if (header.version < 1 || header.version > 3) {
      return { virtualSize: null, problems: [`Unsupported VMDK version ${header.version}`] };
    }
    if (this.descriptor === null) return { virtualSize: null, problems: ['Wrong descriptor location'] };
    if (!this.descriptor.complete) return { virtualSize: null, problems: [INCOMPLETE] };
    const raw = this.descriptor.data;
    const nul = raw.indexOf(0);
    const bytes = nul >= 0 ? raw.subarray(0, nul) : raw;
    if (bytes.some((byte) => byte > 0x7f)) return { virtualSize: null, problems: [INVALID_DESCRIPTOR] };
    const { createType, problems } = readDescriptor(bytes.toString('latin1'));
    if (header.directoryOffset === DIRECTORY_IN_FOOTER) problems.push(...this.footerProblems(header));
    const sized = createType !== null && SINGLE_FILE_TYPES.includes(createType);
    return { virtualSize: sized ? Number(header.capacity) * SECTOR : null, problems };
  }

  /**
   * A header that defers to a footer: qemu then trusts the footer, which we only see at the
   * end, so it must repeat the header's descriptor and be framed by valid markers.
   */
  private footerProblems(header: SparseHeader): string[] {
    const tail = this.footer.data;
    if (tail.length < FOOTER_LENGTH) return [INCOMPLETE];
    const footer = readSparseHeader(tail.subarray(SECTOR, SECTOR + SPARSE_HEADER));
    if (footer.magic !== header.magic) return ['Header and footer signature do not match'];
    if (footer.version !== header.version) return ['Header and footer versions do not match'];
    if (
      footer.descriptorSector !== header.descriptorSector ||
      footer.descriptorSectors !== header.descriptorSectors
    ) {
      return ['Footer specifies a different descriptor than header'];
    }
    if (footer.directoryOffset === DIRECTORY_IN_FOOTER) return ['Footer indicates another footer'];
    if (!isMarker(tail.subarray(0, SECTOR), MARKER_FOOTER, false)) return ['Footer marker is invalid'];
    if (!isMarker(tail.subarray(2 * SECTOR), MARKER_EOS, true)) return ['End-of-stream marker is invalid'];
    return [];
  }
}

/** A streamOptimized metadata marker: value, size 0, type, and 496 zero bytes. */
function isMarker(sector: Buffer, type: number, zeroValue: boolean): boolean {
  if (zeroValue && sector.readBigUInt64LE(0) !== 0n) return false;
  return (
    sector.readUInt32LE(8) === 0 &&
    sector.readUInt32LE(12) === type &&
    sector.subarray(16).every((b) => b === 0)
  );
}
