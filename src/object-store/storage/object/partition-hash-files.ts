import { createHash } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  constants,
  existsSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readFileSync,
  readSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/** A partition's suffix hashes: suffix (last 3 hex digits of object hashes) to the md5 of its files. */
export type SuffixHashes = Record<string, string>;

/** What a partition keeps of its last computation. */
export interface KeptHashes {
  hashes: SuffixHashes;
  /** How many bytes of `hashes.invalid` the hashes take in: the lines after are still to compute. */
  invalid: number;
}

/** Swift's `hashes.pkl`: the hashes last computed, kept so unchanged suffixes are not listed again. */
const HASHES_FILE = 'hashes.json';
/** Swift's `hashes.invalid`: suffixes written since, one per line, appended by every write. */
const INVALID_FILE = 'hashes.invalid';
/** `hashes.invalid` is emptied once all of it is taken in and it has grown this long. */
const EMPTY_INVALID_AT = 64 * 1024;

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/*
 * Why neither file is emptied or rewritten at every computation, as Swift does: freeing a file's
 * blocks costs about 260 µs on a file system mounted with `discard` and no journal (ext4 sends the
 * device a discard of each freed block at once, and waits for it), where writing over the same
 * bytes costs 6 µs. A replication pass asks each of a device's partitions for its hashes three
 * times (its own pass and each peer's); emptying `hashes.invalid` and rewriting `hashes.json`
 * each time took about half a second of every storage thread per pass under writes (cpuprofile,
 * bench/object-store). Instead `hashes.json` is written over in place and says how much of
 * `hashes.invalid` it has taken in, and that file is emptied only once it is long.
 */

/**
 * The hashes kept for a partition; undefined when none are, or when the file is not whole: it
 * starts with the md5 of the rest, so a write cut short (a crash, a power loss) or a file of an
 * older format counts as none kept, and all suffixes are computed again.
 */
export function readKeptHashes(partitionPath: string): KeptHashes | undefined {
  const path = join(partitionPath, HASHES_FILE);
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const space = text.indexOf(' ');
  const body = text.slice(space + 1);
  if (space !== 32 || text.slice(0, space) !== md5(body)) return undefined;
  const kept = JSON.parse(body) as KeptHashes;
  return Number.isSafeInteger(kept.invalid) && kept.hashes ? kept : undefined;
}

/** Writes the kept hashes over the file's own bytes (made when missing), cut to their length. */
function writeKeptHashes(partitionPath: string, kept: KeptHashes): void {
  const body = JSON.stringify(kept);
  const bytes = Buffer.from(`${md5(body)} ${body}`);
  const fd = openSync(join(partitionPath, HASHES_FILE), constants.O_WRONLY | constants.O_CREAT, 0o644);
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written, written);
    ftruncateSync(fd, bytes.length);
  } finally {
    closeSync(fd);
  }
}

/** Marks a suffix of a partition changed: one line appended to `hashes.invalid`. */
export function appendInvalidation(partitionPath: string, suffix: string): void {
  appendFileSync(join(partitionPath, INVALID_FILE), `${suffix}\n`);
}

/**
 * The lines of `hashes.invalid` from byte `from` on, and where they end; undefined when the file
 * is shorter than `from` (emptied after the hashes were kept: what it held is unknown).
 */
export function readInvalidations(
  partitionPath: string,
  from: number,
): { lines: string[]; end: number } | undefined {
  const path = join(partitionPath, INVALID_FILE);
  if (!existsSync(path)) return from === 0 ? { lines: [], end: 0 } : undefined;
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size < from) return undefined;
    const bytes = Buffer.allocUnsafe(size - from);
    let read = 0;
    while (read < bytes.length) {
      const got = readSync(fd, bytes, read, bytes.length - read, from + read);
      if (got === 0) break;
      read += got;
    }
    // Lines are appended whole, each by one write: a last line without its newline is not yet.
    const text = bytes.subarray(0, read).toString('latin1');
    const whole = text.lastIndexOf('\n') + 1;
    return { lines: text.slice(0, whole).split('\n'), end: from + whole };
  } finally {
    closeSync(fd);
  }
}

/**
 * Keeps the hashes computed with `hashes.invalid` taken in up to byte `taken` (its end: nothing
 * is appended during the call). Once that file is long it is emptied, the hashes written first
 * saying none of it is taken in: a crash between leaves lines to compute again, never lines
 * skipped.
 */
export function keepHashes(partitionPath: string, hashes: SuffixHashes, taken: number): void {
  if (taken < EMPTY_INVALID_AT) {
    writeKeptHashes(partitionPath, { hashes, invalid: taken });
    return;
  }
  writeKeptHashes(partitionPath, { hashes, invalid: 0 });
  truncateSync(join(partitionPath, INVALID_FILE), 0);
}
