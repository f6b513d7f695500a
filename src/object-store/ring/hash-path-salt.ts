import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createFileAtomically } from './atomic-file.js';
import type { HashPathSalt } from './hash-path.js';

/** The salt's file: `{"prefix": "", "suffix": "<hex>"}`, readable by its owner only. */
export const HASH_PATH_SALT_FILE = 'hash_path_salt';

function parseSalt(text: string, path: string): HashPathSalt {
  const value = JSON.parse(text) as Partial<HashPathSalt>;
  if (typeof value.prefix !== 'string' || typeof value.suffix !== 'string')
    throw new Error(`${path}: expected {"prefix": string, "suffix": string}`);
  if (!value.prefix && !value.suffix)
    throw new Error(`${path}: the hash path prefix and suffix are both empty`);
  return { prefix: value.prefix, suffix: value.suffix };
}

/** Reads the cluster's hash path salt; it must exist (every node of a cluster shares one file). */
export async function readHashPathSalt(path: string): Promise<HashPathSalt> {
  return parseSalt(await readFile(path, 'utf8'), path);
}

/**
 * The hash path salt at `path`, made at first start: a random suffix and an empty prefix, as
 * Swift's deployment guides set swift.conf. Kept for ever after; a second caller, even a
 * concurrent one, reads the first one's salt.
 */
export async function ensureHashPathSalt(path: string): Promise<HashPathSalt> {
  const fresh: HashPathSalt = { prefix: '', suffix: randomBytes(16).toString('hex') };
  await createFileAtomically(path, `${JSON.stringify(fresh)}\n`, 0o600);
  return readHashPathSalt(path);
}
