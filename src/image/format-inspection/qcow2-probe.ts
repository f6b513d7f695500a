import { FormatProbe, INCOMPLETE, type Verdict } from './format-probe.js';

// QEMU's qcow2 (docs/interop/qcow2.txt), big-endian:
//   0 magic "QFI\xfb"   4 version (2 or 3)   8 backing file offset (u64)   20 cluster bits
//  24 virtual size (u64)   72 incompatible features (u64, v3)   100 header length (v3)
// Header extensions follow the header inside the first cluster: {type u32, length u32, data
// padded to 8 bytes}, ended by type 0.
const MAGIC = Buffer.from([0x51, 0x46, 0x49, 0xfb]);
const V2_HEADER = 72;
const V3_HEADER = 104;
/** Incompatible feature bits qemu knows and that are safe: dirty, corrupt, data file (checked
 * on its own), compression type. Upstream refuses anything above, extended L2 included. */
const KNOWN_INCOMPATIBLE = 0b1111n;
const DATA_FILE_BIT = 1n << 2n;
const EXTENSION_END = 0;
const EXTENSION_DATA_FILE = 0x44415441;
/** qemu's cluster size limits (512 B to 2 MiB): the header extensions live in the first one. */
const MIN_CLUSTER_BITS = 9;
const MAX_CLUSTER_BITS = 21;

export const BACKING_FILE = 'Image has a backing file';
export const DATA_FILE = 'Image has data_file set';
export const UNKNOWN_FEATURES = 'Unknown QCOW2 features found';
export const UNSUPPORTED_VERSION = 'Unsupported qcow2 version';

/** qcow2, versions 2 and 3: refuses a backing file, an external data file and unknown features. */
export class Qcow2Probe extends FormatProbe {
  readonly name = 'qcow2';
  private readonly header = this.region(0, V3_HEADER);
  private clusterKnown = false;

  protected advance(): void {
    const data = this.header.data;
    if (data.length >= MAGIC.length && !data.subarray(0, MAGIC.length).equals(MAGIC)) {
      this.ruleOut();
      return;
    }
    if (!this.clusterKnown && data.length >= 24) {
      // Keep the whole first cluster: the header extensions (an external data file's name
      // among them) may sit anywhere in it.
      this.clusterKnown = true;
      const bits = data.readUInt32BE(20);
      if (bits >= MIN_CLUSTER_BITS && bits <= MAX_CLUSTER_BITS) this.resize(this.header, 2 ** bits);
    }
    if (this.header.complete) this.settle();
  }

  protected conclude(): Verdict | null {
    const data = this.header.data;
    if (data.length < MAGIC.length) return null;
    if (data.length < 8) return { virtualSize: null, problems: [INCOMPLETE] };
    const version = data.readUInt32BE(4);
    if (version !== 2 && version !== 3) return { virtualSize: null, problems: [UNSUPPORTED_VERSION] };
    const headerLength = version === 2 ? V2_HEADER : V3_HEADER;
    if (data.length < headerLength) return { virtualSize: null, problems: [INCOMPLETE] };

    const problems: string[] = [];
    const backingFileOffset = data.readBigUInt64BE(8);
    if (backingFileOffset !== 0n) problems.push(BACKING_FILE);
    if (version === 3) {
      const incompatible = data.readBigUInt64BE(72);
      if (incompatible & DATA_FILE_BIT) problems.push(DATA_FILE);
      if (incompatible & ~KNOWN_INCOMPATIBLE) problems.push(UNKNOWN_FEATURES);
    }
    const extensionsStart = version === 2 ? V2_HEADER : data.readUInt32BE(100);
    // As qemu, the extensions end at the backing file's name when it sits in the first cluster.
    const end =
      backingFileOffset > 0n && backingFileOffset < BigInt(data.length)
        ? Number(backingFileOffset)
        : data.length;
    const extensions = readExtensionTypes(
      data.subarray(0, end),
      extensionsStart,
      this.header.complete || end < data.length,
    );
    if (extensions === null) problems.push(INCOMPLETE);
    else if (extensions.includes(EXTENSION_DATA_FILE) && !problems.includes(DATA_FILE))
      problems.push(DATA_FILE);
    return { virtualSize: Number(data.readBigUInt64BE(24)), problems };
  }
}

/**
 * The types of the header extensions in `area` (the first cluster, or what arrived of it), or
 * null when the list runs past a cluster the stream cut short.
 */
function readExtensionTypes(area: Buffer, start: number, wholeCluster: boolean): number[] | null {
  const types: number[] = [];
  let offset = start;
  while (offset + 8 <= area.length) {
    const type = area.readUInt32BE(offset);
    if (type === EXTENSION_END) return types;
    types.push(type);
    offset += 8 + Math.ceil(area.readUInt32BE(offset + 4) / 8) * 8;
  }
  return wholeCluster ? types : null;
}
