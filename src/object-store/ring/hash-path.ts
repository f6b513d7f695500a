import { createHash } from 'node:crypto';

/**
 * Swift's `swift_hash_path_prefix` and `swift_hash_path_suffix`: secrets mixed into every path
 * hash so nobody outside the cluster can aim many names at one partition. Chosen once per
 * cluster and never changed: a new salt would move every account, container and object.
 */
export interface HashPathSalt {
  prefix: string;
  suffix: string;
}

/**
 * The md5 digest of `<prefix>/<account>[/<container>[/<object>]]<suffix>`, as Swift's
 * `hash_path(raw_digest=True)`. An empty container or object counts as absent (Swift tests them
 * for truth), and an object needs a container.
 */
export function hashPathDigest(
  salt: HashPathSalt,
  account: string,
  container?: string,
  object?: string,
): Buffer {
  if (object && !container) throw new Error('container is required if object is provided');
  let path = `/${account}`;
  if (container) path += `/${container}`;
  if (object) path += `/${object}`;
  return createHash('md5').update(salt.prefix).update(path).update(salt.suffix).digest();
}

/** The hex hash of a path (Swift's `hash_path`): the name of its folder on a storage device. */
export function hashPath(salt: HashPathSalt, account: string, container?: string, object?: string): string {
  return hashPathDigest(salt, account, container, object).toString('hex');
}

/**
 * The partition of a path digest: the top `partPower` bits of its first four bytes, read
 * big-endian (Swift's `struct.unpack_from('>I', digest)[0] >> part_shift`). Division rather than
 * `>>>`, which would shift by 32 mod 32 = 0 bits for a ring of power 0.
 */
export function partitionOfDigest(digest: Buffer, partPower: number): number {
  return Math.floor(digest.readUInt32BE(0) / 2 ** (32 - partPower));
}
