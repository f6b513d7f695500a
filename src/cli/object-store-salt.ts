import { Command } from 'commander';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ensureHashPathSalt, HASH_PATH_SALT_FILE } from '../object-store/ring/index.js';

/**
 * `stratus object-store salt <rings-dir>`: makes the cluster's hash path salt beside its rings,
 * once (Swift's `swift_hash_path_suffix`); an existing salt is kept, since changing it would
 * lose every object. Copy the folder to every proxy and storage node.
 */
export function objectStoreSaltCommand(): Command {
  return new Command('salt')
    .description("make a split cluster's hash path salt in its rings folder (kept when it exists)")
    .argument('<rings-dir>', 'the folder of the rings (object_store.rings_dir)')
    .action(async (dir: string) => {
      await mkdir(resolve(dir), { recursive: true });
      const path = join(resolve(dir), HASH_PATH_SALT_FILE);
      await ensureHashPathSalt(path);
      console.log(path);
    });
}
