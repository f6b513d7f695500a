/**
 * The VMDK descriptor: the text that names a disk's layout (`createType`) and its extents, the
 * files holding the data. A descriptor whose extents are other files makes qemu read them (the
 * host's /etc/passwd, another tenant's disk: CVE-2024-32498), so, as upstream, only the two
 * single-file layouts are accepted and every line must be one we understand.
 */

/** The layouts whose data is in the image itself. */
export const SINGLE_FILE_TYPES = ['monolithicsparse', 'streamoptimized'];
/** qemu reads at most this much descriptor text. */
export const DESCRIPTOR_MAX = (1 << 20) - 1;

export const INVALID_DESCRIPTOR = 'Invalid VMDK descriptor data';
const EXTENT_ACCESS = ['rw', 'rdonly', 'noaccess'];

export interface Descriptor {
  /** `createType`, lower-cased; null when the descriptor does not say. */
  createType: string | null;
  /** The first safety check it fails (upstream stops at the first), or none. */
  problems: string[];
}

/** Reads descriptor text (ASCII, already cut at its first NUL). */
export function readDescriptor(text: string): Descriptor {
  const lower = text.toLowerCase();
  const createType = findCreateType(lower);
  if (lower.trim() === '') return { createType, problems: ['No descriptor found'] };
  if (createType === null || !SINGLE_FILE_TYPES.includes(createType)) {
    return { createType, problems: ['Unsupported subformat'] };
  }
  const extents: string[] = [];
  for (const line of lower.split('\n').map((raw) => raw.trim())) {
    if (line === '' || line.startsWith('#') || line.startsWith('ddb')) continue;
    const equals = line.indexOf('=');
    if (equals >= 0 && !line.slice(0, equals).includes(' ')) continue; // a `key=value` header field
    if (EXTENT_ACCESS.includes(line.split(' ')[0])) extents.push(line);
    else return { createType, problems: [INVALID_DESCRIPTOR] };
  }
  if (extents.some((extent) => extent.includes('/'))) {
    return { createType, problems: ['Invalid extent filenames found'] };
  }
  if (extents.length === 0) return { createType, problems: ['No extents found'] };
  return { createType, problems: [] };
}

function findCreateType(lower: string): string | null {
  const key = 'createtype="';
  const start = lower.indexOf(key);
  if (start < 0) return null;
  const end = lower.indexOf('"', start + key.length);
  // A value this long is not a type; do not carry a crafted blob around.
  if (end < 0 || end - start - key.length >= 64) return null;
  return lower.slice(start + key.length, end);
}

/**
 * Whether text looks like a descriptor file (a VMDK with no binary header) to upstream, which
 * looks for `createType="`, or to qemu's probe, whose first line besides comments and blank
 * lines is `version=1` (2 or 3).
 */
export function looksLikeDescriptor(text: string): boolean {
  if (text.toLowerCase().includes('createtype="')) return true;
  const first = text.split('\n').find((line) => !line.startsWith('#') && line.replace(/[ \r]/g, '') !== '');
  return first !== undefined && /^version=[123]\r?$/.test(first);
}

const isText = (byte: number) => (byte >= 0x20 && byte <= 0x7e) || (byte >= 0x09 && byte <= 0x0d);

/**
 * The text at the start of a stream, for descriptor files: ASCII (printable or whitespace),
 * up to qemu's limit. It stops at the first other byte, so a binary image costs nothing.
 */
export class TextPrefix {
  private readonly parts: Buffer[] = [];
  private length = 0;
  /** Why the text ended: a NUL, another non-text byte, or qemu's size limit; null while it goes on. */
  stop: 'nul' | 'binary' | 'limit' | null = null;

  /** Chunks must come in order from the stream's start; the text is contiguous by construction. */
  feed(chunk: Buffer): void {
    if (this.stop !== null) return;
    const available = Math.min(chunk.length, DESCRIPTOR_MAX - this.length);
    let end = 0;
    while (end < available && isText(chunk[end])) end++;
    if (end > 0) this.parts.push(Buffer.from(chunk.subarray(0, end)));
    this.length += end;
    if (end < available) this.stop = chunk[end] === 0 ? 'nul' : 'binary';
    else if (this.length >= DESCRIPTOR_MAX) this.stop = 'limit';
  }

  get size(): number {
    return this.length;
  }

  get text(): string {
    return Buffer.concat(this.parts).toString('latin1');
  }
}
