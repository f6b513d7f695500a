import { createHash } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { readdir, readFile, rmdir, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KeyedLock } from '../../../common/keyed-lock.js';
import { sortObjectFiles } from './object-files.js';

/** A partition's suffix hashes: suffix (last 3 hex digits of object hashes) to the md5 of its files. */
export type SuffixHashes = Record<string, string>;

/** Swift's `hashes.pkl`: the hashes last computed, kept so unchanged suffixes are not listed again. */
const HASHES_FILE = 'hashes.json';
/** Swift's `hashes.invalid`: suffixes written since, one per line, appended by every write. */
const INVALID_FILE = 'hashes.invalid';

const SUFFIX = /^[0-9a-f]{3}$/;

export function isSuffix(name: string): boolean {
  return SUFFIX.test(name);
}

function missingIsEmpty<T>(fallback: T): (error: NodeJS.ErrnoException) => T {
  return (error) => {
    if (error.code === 'ENOENT') return fallback;
    throw error;
  };
}

/** The hashes kept in `hashes.json`; none when it does not parse (a write cut short by a crash). */
function keptHashes(text: string): SuffixHashes | undefined {
  try {
    return JSON.parse(text) as SuffixHashes;
  } catch {
    return undefined;
  }
}

/**
 * The hash of one suffix folder: md5 over its object folders in order, each its hash and the files
 * that make its state (newest `.data`, `.meta`, `.ts`; obsolete ones do not count). Two devices
 * holding the same object versions get the same hash. Empty object folders and an empty suffix
 * folder are removed (their hash is no suffix at all).
 */
async function hashSuffix(suffixPath: string): Promise<string | undefined> {
  const md5 = createHash('md5');
  let objects = 0;
  const hashes = (await readdir(suffixPath).catch(missingIsEmpty<string[]>([]))).sort();
  for (const hash of hashes) {
    const folder = join(suffixPath, hash);
    const files = sortObjectFiles(await readdir(folder).catch(missingIsEmpty<string[]>([])));
    const kept = [files.data, files.meta, files.tombstone].flatMap((file) => (file ? [file.name] : []));
    if (kept.length === 0) {
      await rmdir(folder).catch(() => undefined);
      continue;
    }
    objects += 1;
    md5.update(hash);
    for (const name of kept.sort()) md5.update(name);
  }
  if (objects > 0) return md5.digest('hex');
  await rmdir(suffixPath).catch(() => undefined);
  return undefined;
}

/**
 * Swift's `get_hashes` for the partitions of one device folder: the kept hashes, with the suffixes
 * invalidated since (and those asked for) computed again; all of them when none were kept. One
 * computation per partition at a time; a write during one leaves its line in `hashes.invalid`
 * for the next.
 */
export class PartitionHashes {
  private readonly locks = new KeyedLock();
  /** Held for an append to `hashes.invalid` and for emptying it: no line is lost between. */
  private readonly invalidLocks = new KeyedLock();

  /**
   * Marks a suffix of a partition as changed: one short append, so a write never pays for
   * hashing; the next REPLICATE recomputes it.
   */
  invalidate(partitionPath: string, suffix: string): Promise<void> {
    const path = join(partitionPath, INVALID_FILE);
    // A line appended to the page cache, at once (see object-file-writer.ts on metadata calls).
    return this.invalidLocks.run(path, async () => appendFileSync(path, `${suffix}\n`));
  }

  get(partitionPath: string, recalculate: string[] = []): Promise<SuffixHashes> {
    return this.locks.run(partitionPath, () => this.compute(partitionPath, recalculate));
  }

  private async compute(partitionPath: string, recalculate: string[]): Promise<SuffixHashes> {
    const invalidPath = join(partitionPath, INVALID_FILE);
    const invalid = await readFile(invalidPath, 'utf8').catch(missingIsEmpty(''));
    const kept = await readFile(join(partitionPath, HASHES_FILE), 'utf8').then(
      keptHashes,
      missingIsEmpty<SuffixHashes | undefined>(undefined),
    );
    const hashes: SuffixHashes = { ...kept };
    const stale = new Set([...invalid.split('\n'), ...recalculate].filter(isSuffix));
    if (!kept) {
      const names = await readdir(partitionPath).catch(missingIsEmpty<string[]>([]));
      for (const name of names) if (isSuffix(name)) stale.add(name);
    }
    if (stale.size === 0 && kept) return hashes;
    for (const suffix of stale) {
      const hash = await hashSuffix(join(partitionPath, suffix));
      if (hash) hashes[suffix] = hash;
      else delete hashes[suffix];
    }
    if (!(await stat(partitionPath).catch(missingIsEmpty(undefined)))) return hashes;
    // Written over in place, not by a new file renamed over it: a rename frees the old file's inode
    // at every pass, and ext4 without a journal searches past inodes freed in the last half
    // minute for each new one (`recently_deleted`), which took a sixth of the node's CPU from the
    // writes (bench/object-store). A write cut short leaves no JSON (the file is emptied first and
    // a prefix of an object never parses), which counts as no hashes kept: all computed again.
    await writeFile(join(partitionPath, HASHES_FILE), JSON.stringify(hashes));
    // Lines appended while computing stay for the next time.
    await this.invalidLocks.run(invalidPath, async () => {
      const now = await stat(invalidPath).catch(missingIsEmpty(undefined));
      if (now && now.size === Buffer.byteLength(invalid)) await truncate(invalidPath, 0);
    });
    return hashes;
  }
}
