/** An object's metadata as stored with it: lower-case header names to values. */
export type ObjectMetadata = Record<string, string>;

/** `SWO1`: the first bytes of every object file (`.data`, `.meta`, `.ts`), so a stray file is told apart. */
const MAGIC = 0x53574f31;
/** The magic and the length of the JSON that follows. */
export const PREFIX_BYTES = 8;

/** A file of an object folder that does not start as an object file does. */
export class CorruptObjectFile extends Error {}

/**
 * The head of an object file: magic, the JSON length (big-endian), then the metadata as JSON, padded
 * with spaces to `minJsonBytes` (JSON allows trailing whitespace). Node has no xattr API, so the
 * metadata travels in the file itself, and one rename publishes data and metadata together.
 */
export function encodeHead(metadata: ObjectMetadata, minJsonBytes = 0): Buffer {
  const json = JSON.stringify(metadata);
  const jsonBytes = Math.max(Buffer.byteLength(json), minJsonBytes);
  const head = Buffer.alloc(PREFIX_BYTES + jsonBytes, 0x20);
  head.writeUInt32BE(MAGIC, 0);
  head.writeUInt32BE(jsonBytes, 4);
  head.write(json, PREFIX_BYTES);
  return head;
}

/**
 * The bytes a head will take once the body's ETag and length are known: the data of a streamed
 * PUT is written after this room, and the head written into it at the end.
 */
export function headRoom(metadata: ObjectMetadata): number {
  const widest = { ...metadata, etag: '0'.repeat(32), 'content-length': '9'.repeat(20) };
  return Buffer.byteLength(JSON.stringify(widest));
}

/** The metadata and where the data starts, or how many bytes of the file are needed to know. */
export function decodeHead(
  bytes: Buffer,
): { metadata: ObjectMetadata; dataOffset: number } | { needBytes: number } {
  if (bytes.length < PREFIX_BYTES) return { needBytes: PREFIX_BYTES };
  if (bytes.readUInt32BE(0) !== MAGIC) throw new CorruptObjectFile('not an object file');
  const dataOffset = PREFIX_BYTES + bytes.readUInt32BE(4);
  if (bytes.length < dataOffset) return { needBytes: dataOffset };
  let metadata: unknown;
  try {
    metadata = JSON.parse(bytes.toString('utf8', PREFIX_BYTES, dataOffset));
  } catch {
    throw new CorruptObjectFile('unreadable object metadata');
  }
  if (typeof metadata !== 'object' || metadata === null) throw new CorruptObjectFile('bad object metadata');
  return { metadata: metadata as ObjectMetadata, dataOffset };
}
