import type { CaptureRegion } from './capture-region.js';
import { FormatProbe, INCOMPLETE, type Verdict } from './format-probe.js';

// Microsoft's VHDX (MS-VHDX), little-endian. The file identifier "vhdxfile" opens the file;
// the region table at 192 KiB ("regi", entry count at 8, 32-byte entries from 16: GUID, file
// offset u64, length u32, required u32) locates the metadata region; its table ("metadata",
// entry count u16 at 10, 32-byte entries from 32: item GUID, offset u32 from the region start,
// length u32) locates the virtual disk size, a u64.
const IDENTIFIER = 'vhdxfile';
const REGION_TABLE_OFFSET = 192 * 1024;
const REGION_TABLE_LENGTH = 64 * 1024;
const REGION_SIGNATURE = 'regi';
const METADATA_SIGNATURE = 'metadata';
/** Both tables hold at most 2047 entries after their 32-byte (region: 16-byte) header. */
const MAX_ENTRIES = 2047;
const METADATA_TABLE_MAX = 32 * 2048;
const ENTRY = 32;
const METADATA_REGION = guid('8B7CA206-4790-4B9A-B8FE-575F050F886E');
const VIRTUAL_DISK_SIZE = guid('2FA54224-CD1B-4876-B211-5DBED83BF4B8');

/** A GUID as Microsoft lays it out: the first three fields little-endian, the rest as written. */
function guid(text: string): Buffer {
  const hex = text.replace(/-/g, '');
  const bytes = Buffer.from(hex, 'hex');
  bytes.subarray(0, 4).reverse();
  bytes.subarray(4, 6).reverse();
  bytes.subarray(6, 8).reverse();
  return bytes;
}

/** VHDX: recognised by its identifier, measured through the region and metadata tables. */
export class VhdxProbe extends FormatProbe {
  readonly name = 'vhdx';
  private readonly identifier = this.region(0, IDENTIFIER.length);
  private readonly regionTable = this.region(REGION_TABLE_OFFSET, REGION_TABLE_LENGTH);
  private metadata: CaptureRegion | null = null;
  private diskSize: CaptureRegion | null = null;
  /** The structural fault that stopped the walk through the tables, if any. */
  private fault: string | null = null;

  protected advance(): void {
    if (this.identifier.complete && this.identifier.data.toString('latin1') !== IDENTIFIER) {
      this.ruleOut();
      return;
    }
    if (this.fault !== null) return this.settle();
    if (this.metadata === null && this.regionTable.complete) this.findMetadata(this.regionTable.data);
    // A table placed before the one that points at it was streamed past: it cannot be read.
    if (this.metadata?.unreachable || this.diskSize?.unreachable) this.fault = INCOMPLETE;
    else if (this.metadata && this.diskSize === null) this.findDiskSize(this.metadata);
    if (this.diskSize?.complete || this.fault !== null) this.settle();
  }

  private findMetadata(table: Buffer): void {
    if (table.toString('latin1', 0, 4) !== REGION_SIGNATURE) {
      this.fault = 'Region signature not found';
      return;
    }
    const count = table.readUInt32LE(8);
    if (count > MAX_ENTRIES) {
      this.fault = `Region count is ${count} (limit ${MAX_ENTRIES})`;
      return;
    }
    for (let entry = 16; entry < 16 + count * ENTRY; entry += ENTRY) {
      if (table.subarray(entry, entry + 16).equals(METADATA_REGION)) {
        const offset = Number(table.readBigUInt64LE(entry + 16));
        this.metadata = this.regionAfter(this.regionTable, offset, METADATA_TABLE_MAX);
        return;
      }
    }
    this.fault = 'Metadata region not found';
  }

  private findDiskSize(metadata: CaptureRegion): void {
    const table = metadata.data;
    if (table.length < ENTRY) return;
    if (table.toString('latin1', 0, 8) !== METADATA_SIGNATURE) {
      this.fault = 'Invalid signature for metadata region';
      return;
    }
    const count = table.readUInt16LE(10);
    if (count > MAX_ENTRIES) {
      this.fault = `Metadata item count is ${count} (limit ${MAX_ENTRIES})`;
      return;
    }
    // Keep only the table, not the rest of the region.
    this.resize(metadata, ENTRY + count * ENTRY);
    if (table.length < ENTRY + count * ENTRY) return;
    for (let entry = ENTRY; entry < ENTRY + count * ENTRY; entry += ENTRY) {
      if (table.subarray(entry, entry + 16).equals(VIRTUAL_DISK_SIZE)) {
        this.diskSize = this.regionAfter(metadata, metadata.offset + table.readUInt32LE(entry + 16), 8);
        return;
      }
    }
    this.fault = 'Virtual disk size not found';
  }

  protected conclude(): Verdict | null {
    if (!this.identifier.complete) return null;
    if (this.fault !== null) return { virtualSize: null, problems: [this.fault] };
    if (!this.diskSize?.complete) return { virtualSize: null, problems: [INCOMPLETE] };
    return { virtualSize: Number(this.diskSize.data.readBigUInt64LE(0)), problems: [] };
  }
}
