import { createHash } from 'node:crypto';
import { existsSync, readdirSync, rmdirSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { join } from 'node:path';
import { KeyedLock } from '../../../common/keyed-lock.js';
import { sortObjectFiles } from './object-files.js';
import {
  appendInvalidation,
  keepHashes,
  readInvalidations,
  readKeptHashes,
  type SuffixHashes,
} from './partition-hash-files.js';

export type { SuffixHashes } from './partition-hash-files.js';

const SUFFIX = /^[0-9a-f]{3}$/;

export function isSuffix(name: string): boolean {
  return SUFFIX.test(name);
}

/** A folder's names; none when it is not there. */
function namesIn(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** A folder removed if empty; one with entries (written meanwhile) or gone stays as it is. */
function removeIfEmpty(folder: string): void {
  try {
    rmdirSync(folder);
  } catch {
    // Not empty, or gone already: either way nothing to do.
  }
}

/**
 * The hash of one suffix folder: md5 over its object folders in order, each its hash and the files
 * that make its state (newest `.data`, `.meta`, `.ts`; obsolete ones do not count). Two devices
 * holding the same object versions get the same hash. Empty object folders and an empty suffix
 * folder are removed (their hash is no suffix at all).
 */
function hashSuffix(suffixPath: string): string | undefined {
  const md5 = createHash('md5');
  let objects = 0;
  for (const hash of namesIn(suffixPath).sort()) {
    const folder = join(suffixPath, hash);
    const files = sortObjectFiles(namesIn(folder));
    const kept = [files.data, files.meta, files.tombstone].flatMap((file) => (file ? [file.name] : []));
    if (kept.length === 0) {
      removeIfEmpty(folder);
      continue;
    }
    objects += 1;
    md5.update(hash);
    for (const name of kept.sort()) md5.update(name);
  }
  if (objects > 0) return md5.digest('hex');
  removeIfEmpty(suffixPath);
  return undefined;
}

/** How long a computation works before it lets the thread answer requests again. */
const SLICE_MS = 2;

/**
 * Swift's `get_hashes` for the partitions of one device folder: the kept hashes, with the suffixes
 * invalidated since (and those asked for) computed again; all of them when none were kept. One
 * computation per partition at a time; a write during one leaves its line in `hashes.invalid`
 * for the next (partition-hash-files.ts keeps both files).
 *
 * The files are read and the folders listed at once, not on the thread pool (see
 * object-file-writer.ts on metadata calls): under writes, a replication pass recomputes a suffix
 * for nearly every object written since the last, and each listing sent to the pool cost a
 * promise and two thread switches. A long computation stops every few milliseconds to let the
 * requests waiting on its thread in; nothing else of the partition's changes meanwhile but the
 * lines appended to `hashes.invalid`, which it takes in before it ends.
 */
export class PartitionHashes {
  private readonly locks = new KeyedLock();

  /**
   * Marks a suffix of a partition as changed: one short append, so a write never pays for
   * hashing; the next REPLICATE recomputes it.
   */
  invalidate(partitionPath: string, suffix: string): void {
    appendInvalidation(partitionPath, suffix);
  }

  get(partitionPath: string, recalculate: string[] = []): Promise<SuffixHashes> {
    return this.locks.run(partitionPath, () => this.compute(partitionPath, recalculate));
  }

  private async compute(partitionPath: string, recalculate: string[]): Promise<SuffixHashes> {
    const kept = readKeptHashes(partitionPath);
    const hashes: SuffixHashes = { ...kept?.hashes };
    const stale = new Set(recalculate);
    const computeAll = () => {
      for (const name of namesIn(partitionPath)) if (isSuffix(name)) stale.add(name);
    };
    if (!kept) computeAll();
    let taken = kept?.invalid ?? 0;
    const takeInvalid = () => {
      let invalid = readInvalidations(partitionPath, taken);
      if (!invalid) {
        // Emptied after the hashes were kept: whatever it held is unknown.
        computeAll();
        invalid = readInvalidations(partitionPath, 0) ?? { lines: [], end: 0 };
      }
      for (const suffix of invalid.lines) if (isSuffix(suffix)) stale.add(suffix);
      taken = invalid.end;
    };
    takeInvalid();
    if (kept && stale.size === 0 && taken === kept.invalid) return hashes;
    let sliceStart = performance.now();
    for (const suffix of stale) {
      stale.delete(suffix);
      const hash = hashSuffix(join(partitionPath, suffix));
      if (hash) hashes[suffix] = hash;
      else delete hashes[suffix];
      if (performance.now() - sliceStart > SLICE_MS) {
        await nextTurn();
        takeInvalid();
        sliceStart = performance.now();
      }
    }
    // A handoff partition removed meanwhile is not made again by its hashes.
    if (!existsSync(partitionPath)) return hashes;
    keepHashes(partitionPath, hashes, taken);
    return hashes;
  }
}
