import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from '../run-command.js';

/** What a debootstrapped tree is made from. */
export interface RootfsRecipe {
  suite: string;
  mirror: string;
  packages: readonly string[];
  /** The mirror's signed release file for the suite: it changes with each point release. */
  release: string;
}

/** The cache key of a tree: a digest of its recipe, so a new point release or package list makes a new tree. */
export function rootfsKey(recipe: RootfsRecipe): string {
  const digest = createHash('sha256');
  digest.update(JSON.stringify([recipe.suite, recipe.mirror, [...recipe.packages].sort()]));
  digest.update(recipe.release);
  return digest.digest('hex').slice(0, 16);
}

/** The suite's InRelease from the mirror, as debootstrap will read it. */
export async function mirrorRelease(mirror: string, suite: string): Promise<string> {
  const url = `${mirror}/dists/${suite}/InRelease`;
  const response = await fetch(url).catch((error: Error) => {
    throw new Error(`cannot reach the Debian mirror (${url}): ${error.message}`, { cause: error });
  });
  if (!response.ok) throw new Error(`the Debian mirror answered ${response.status} for ${url}`);
  return response.text();
}

// Owners by number and every extended attribute (file capabilities, ACLs): the guest's, not the host's.
const tarOptions = ['--numeric-owner', '--xattrs', '--xattrs-include=*', '--acls'];

const tarballOf = (cacheDir: string, key: string) => join(cacheDir, `rootfs-${key}.tar`);

/** Unpacks the cached tree of `key` into `root`; false when there is none. */
export async function restoreRootfs(cacheDir: string, key: string, root: string): Promise<boolean> {
  const tarball = tarballOf(cacheDir, key);
  if (!(await stat(tarball).catch(() => null))) return false;
  await mkdir(root, { recursive: true });
  await runCommand(['tar', '--extract', '--file', tarball, '--directory', root, ...tarOptions]);
  return true;
}

/**
 * Keeps `root` as the cached tree of `key`, replacing older trees: written under a temporary
 * name and renamed, so a build that stops half-way never leaves a partial tree to be reused.
 */
export async function saveRootfs(cacheDir: string, key: string, root: string): Promise<void> {
  const tarball = tarballOf(cacheDir, key);
  const partial = `${tarball}.partial-${process.pid}`;
  try {
    await runCommand(['tar', '--create', '--file', partial, '--directory', root, ...tarOptions, '.']);
    await rename(partial, tarball);
  } finally {
    await rm(partial, { force: true });
  }
  for (const name of await readdir(cacheDir))
    if (/^rootfs-[0-9a-f]{16}\.tar$/.test(name) && name !== `rootfs-${key}.tar`)
      await rm(join(cacheDir, name), { force: true });
}
