import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { generateFernetKey, parseFernetKey, type FernetKey } from './fernet.js';

/** Where a token formatter gets its keys: primary first, then every other key it may try. */
export interface FernetKeySource {
  keys(): FernetKey[];
}

/** Raised when the key repository has no keys: `stratus identity setup` (or initialize()) was not run. */
export class FernetKeysNotFound extends Error {
  constructor(directory: string) {
    super(`Fernet key repository ${directory} has no keys; initialize it first`);
    this.name = 'FernetKeysNotFound';
  }
}

export interface RotationResult {
  /** Index of the new primary key (the former staged key). */
  primary: number;
  /** Indexes of the secondaries deleted because they exceeded maxActiveKeys. */
  removed: number[];
}

/** How often keys() looks at the directory for a rotation made by another process. */
const RECHECK_MS = 1000;
const KEY_FILE = /^(0|[1-9]\d*)$/;

/**
 * A directory of Fernet keys laid out as `keystone-manage fernet_setup` / `fernet_rotate`
 * leave it: file `0` is the staged key (the next primary, already accepted so that every node
 * knows it before it starts sealing tokens with it), the highest number is the primary, the
 * numbers between are secondaries still accepted for tokens sealed before the last rotations.
 */
export class FernetKeyRepository implements FernetKeySource {
  private cached: FernetKey[] | undefined;
  private cachedStamp = '';
  private checkedAt = -Infinity;

  /**
   * @param maxActiveKeys keys kept: the staged key, the primary and the secondaries
   *   (identity.max_active_keys, Keystone's `[fernet_tokens] max_active_keys`)
   * @param clock milliseconds, for the once-a-second freshness check; injected by tests
   */
  constructor(
    readonly directory: string,
    private readonly maxActiveKeys: number,
    private readonly clock: () => number = Date.now,
  ) {
    if (!Number.isInteger(maxActiveKeys) || maxActiveKeys < 2) {
      throw new Error('max_active_keys must be at least 2 (a staged and a primary key)');
    }
  }

  /** Creates the directory (0700) with a staged key 0 and a primary key 1 unless it already has keys. */
  async initialize(): Promise<boolean> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    if (this.listKeyIndexes().length > 0) return false;
    await this.writeKey('1');
    await this.writeKey('0');
    return true;
  }

  /**
   * Promotes the staged key to primary (the next number), stages a fresh key 0, and deletes the
   * oldest secondaries so at most maxActiveKeys remain. A token sealed with the primary of
   * before the rotation stays valid for maxActiveKeys - 2 more rotations.
   */
  async rotate(): Promise<RotationResult> {
    const indexes = this.listKeyIndexes();
    if (indexes.length === 0) throw new FernetKeysNotFound(this.directory);
    if (!indexes.includes(0)) throw new Error(`Fernet key repository ${this.directory} has no staged key 0`);
    const primary = Math.max(...indexes) + 1;
    await rename(join(this.directory, '0'), join(this.directory, String(primary)));
    await this.writeKey('0');
    const active = [...indexes.filter((index) => index !== 0), primary].sort((a, b) => a - b);
    const removed = active.slice(0, Math.max(0, active.length - (this.maxActiveKeys - 1)));
    for (const index of removed) await unlink(join(this.directory, String(index)));
    return { primary, removed };
  }

  /** Reads the keys now, in the order to try them: primary, secondaries newest first, staged. */
  load(): FernetKey[] {
    return this.readKeys(this.listKeyIndexes());
  }

  /**
   * The keys to use now. The directory is looked at once a second at most and the key files are
   * read again only when its mtime or its list of keys changed, so a rotation by `stratus
   * identity rotate-keys` in another process is picked up within a second while a validation
   * costs no I/O. (The list guards against file systems whose mtime is too coarse to tell two
   * changes in the same tick apart; a rotation always adds a number.)
   */
  keys(): FernetKey[] {
    const now = this.clock();
    if (this.cached && now - this.checkedAt < RECHECK_MS) return this.cached;
    this.checkedAt = now;
    // The stamp is taken before reading: a rotation during the read shows as a new stamp next time.
    const mtime = statSync(this.directory, { bigint: true, throwIfNoEntry: false })?.mtimeNs;
    const indexes = this.listKeyIndexes();
    const stamp = `${mtime}:${indexes.join(',')}`;
    if (this.cached && stamp === this.cachedStamp) return this.cached;
    const keys = this.readKeys(indexes);
    if (keys.length === 0) throw new FernetKeysNotFound(this.directory);
    this.cached = keys;
    this.cachedStamp = stamp;
    return keys;
  }

  /** The numbers of the key files, highest first; none when the directory does not exist. */
  private listKeyIndexes(): number[] {
    let names: string[];
    try {
      names = readdirSync(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names
      .filter((name) => KEY_FILE.test(name))
      .map(Number)
      .sort((a, b) => b - a);
  }

  private readKeys(indexes: number[]): FernetKey[] {
    const keys: FernetKey[] = [];
    for (const index of indexes) {
      const path = join(this.directory, String(index));
      const text = readKeyFile(path);
      if (text === undefined) continue;
      try {
        keys.push(parseFernetKey(text));
      } catch {
        throw new Error(`Fernet key file ${path} does not hold a key`);
      }
    }
    return keys;
  }

  /** Writes a new key under `name` atomically: a reader sees no file or a whole key, never half. */
  private async writeKey(name: string): Promise<void> {
    const temporary = join(this.directory, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(generateFernetKey());
      await file.sync();
      await file.close();
      await rename(temporary, join(this.directory, name));
    } catch (error) {
      await file.close().catch(() => undefined);
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }
}

/** A key file's text, or undefined when a concurrent rotation removed it after the listing. */
function readKeyFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
