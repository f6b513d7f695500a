/**
 * Reads a subunit v2 stream (what `stestr last --subunit` prints) into one outcome per test id:
 * its final status and the text attachments that explain it (`traceback`, `reason`). Reading
 * the binary format here, rather than through subunit2csv and friends, keeps the statuses and
 * the tracebacks together and depends on nothing but the stream.
 *
 * Format (python-subunit's v2 spec): a packet is 0xB3, 16 bits of flags, a varint total length,
 * optional fields in a fixed order chosen by the flags, and a CRC32 of everything before it.
 */
import { crc32 } from 'node:zlib';

const SIGNATURE = 0xb3;
const FLAG_TEST_ID = 0x0800;
const FLAG_ROUTE_CODE = 0x0400;
const FLAG_TIMESTAMP = 0x0200;
const FLAG_TAGS = 0x0080;
const FLAG_FILE_CONTENT = 0x0040;
const FLAG_MIME_TYPE = 0x0020;
const STATUSES = [
  undefined,
  'exists',
  'inprogress',
  'success',
  'uxsuccess',
  'skip',
  'fail',
  'xfail',
] as const;

export type SubunitStatus = Exclude<(typeof STATUSES)[number], undefined>;

export interface TestOutcome {
  id: string;
  /** The last status the stream gave the test. */
  status: SubunitStatus;
  /** Text attachments by name, chunks joined: `traceback` for failures, `reason` for skips. */
  details: Record<string, string>;
}

class Reader {
  constructor(
    private readonly bytes: Buffer,
    public pos: number,
  ) {}

  varint(): number {
    const first = this.bytes[this.pos];
    const size = (first >> 6) + 1;
    let value = first & 0x3f;
    for (let i = 1; i < size; i++) value = (value << 8) | this.bytes[this.pos + i];
    this.pos += size;
    return value;
  }

  utf8(): string {
    const length = this.varint();
    const text = this.bytes.toString('utf8', this.pos, this.pos + length);
    this.pos += length;
    return text;
  }

  chunk(): Buffer {
    const length = this.varint();
    const data = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return data;
  }
}

interface Packet {
  testId?: string;
  status?: SubunitStatus;
  fileName?: string;
  fileBytes?: Buffer;
}

/** Parses the packet at `start`; null when the bytes there are not a whole, intact packet. */
function readPacket(bytes: Buffer, start: number): { packet: Packet; next: number } | null {
  if (start + 4 > bytes.length) return null;
  const flags = bytes.readUInt16BE(start + 1);
  if (flags >> 12 !== 0x2) return null;
  const header = new Reader(bytes, start + 3);
  const length = header.varint();
  const end = start + length;
  if (length < 8 || end > bytes.length) return null;
  if (crc32(bytes.subarray(start, end - 4)) !== bytes.readUInt32BE(end - 4)) return null;

  const reader = new Reader(bytes, header.pos);
  const packet: Packet = { status: STATUSES[flags & 0x7] };
  if (flags & FLAG_TIMESTAMP) {
    reader.pos += 4;
    reader.varint();
  }
  if (flags & FLAG_TEST_ID) packet.testId = reader.utf8();
  if (flags & FLAG_TAGS) {
    const count = reader.varint();
    for (let i = 0; i < count; i++) reader.utf8();
  }
  if (flags & FLAG_MIME_TYPE) reader.utf8();
  if (flags & FLAG_FILE_CONTENT) {
    packet.fileName = reader.utf8();
    packet.fileBytes = reader.chunk();
  }
  if (flags & FLAG_ROUTE_CODE) reader.utf8();
  return { packet, next: end };
}

/** The outcome of every test the stream mentions, in the order they first appear. */
export function parseSubunit(bytes: Buffer): Map<string, TestOutcome> {
  const outcomes = new Map<string, TestOutcome>();
  const attachments = new Map<string, Map<string, Buffer[]>>();
  let pos = 0;
  while (pos < bytes.length) {
    const parsed = bytes[pos] === SIGNATURE ? readPacket(bytes, pos) : null;
    if (!parsed) {
      // Not a packet: bytes a test wrote outside subunit. Skip to the next candidate.
      pos++;
      continue;
    }
    pos = parsed.next;
    const { testId, status, fileName, fileBytes } = parsed.packet;
    if (testId === undefined) continue;
    let outcome = outcomes.get(testId);
    if (!outcome) {
      outcome = { id: testId, status: 'exists', details: {} };
      outcomes.set(testId, outcome);
    }
    if (status) outcome.status = status;
    if (fileName !== undefined && fileBytes) {
      const files = attachments.get(testId) ?? new Map<string, Buffer[]>();
      attachments.set(testId, files);
      files.set(fileName, [...(files.get(fileName) ?? []), fileBytes]);
    }
  }
  for (const [testId, files] of attachments) {
    const outcome = outcomes.get(testId);
    if (!outcome) continue;
    for (const [name, chunks] of files) outcome.details[name] = Buffer.concat(chunks).toString('utf8');
  }
  return outcomes;
}
