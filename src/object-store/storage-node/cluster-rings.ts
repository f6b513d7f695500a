import { access } from 'node:fs/promises';
import { join } from 'node:path';
import {
  HASH_PATH_SALT_FILE,
  readHashPathSalt,
  Ring,
  RING_KINDS,
  type HashPathSalt,
  type RingKind,
} from '../ring/index.js';

/** The account, container and object rings of a cluster. */
export type ClusterRingSet = Record<RingKind, Ring>;

export interface ClusterRings {
  salt: HashPathSalt;
  rings: ClusterRingSet;
}

/** Raised when a rings folder lacks what every proxy and storage node of a cluster must share. */
export class ClusterRingsError extends Error {}

/** The rings of `salt` at `paths`, as the proxy, the replicators and the auditor read them. */
export function openRings(paths: Record<RingKind, string>, salt: HashPathSalt): ClusterRingSet {
  return {
    account: new Ring(paths.account, salt),
    container: new Ring(paths.container, salt),
    object: new Ring(paths.object, salt),
  };
}

/** `<dir>/<kind>.ring.json`, as Swift keeps `/etc/swift/<kind>.ring.gz`. */
export function clusterRingPath(dir: string, kind: RingKind): string {
  return join(dir, `${kind}.ring.json`);
}

/**
 * A split cluster's shared files, from one folder copied to every host (Swift's `/etc/swift`):
 * `hash_path_salt` and `account.ring.json`, `container.ring.json`, `object.ring.json` as
 * `stratus object-store ring` made them.
 */
export async function readClusterRings(dir: string): Promise<ClusterRings> {
  const saltPath = join(dir, HASH_PATH_SALT_FILE);
  const salt = await readHashPathSalt(saltPath).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    throw new ClusterRingsError(
      `${saltPath} is missing: make it once with "stratus object-store salt ${dir}" and copy it with the rings`,
    );
  });
  const paths = {} as Record<RingKind, string>;
  for (const kind of RING_KINDS) {
    paths[kind] = clusterRingPath(dir, kind);
    await access(paths[kind]).catch(() => {
      throw new ClusterRingsError(`${paths[kind]} is missing: build it with "stratus object-store ring"`);
    });
  }
  return { salt, rings: openRings(paths, salt) };
}
