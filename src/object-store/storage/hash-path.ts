import { join } from 'node:path';

export { hashPath, type HashPathSalt } from '../ring/hash-path.js';

/** The folder of one name on a device: `<device>/<datadir>/<partition>/<last 3 hex of hash>/<hash>`. */
export function storageDirectory(
  devicePath: string,
  datadir: string,
  partition: number,
  hash: string,
): string {
  return join(devicePath, datadir, String(partition), hash.slice(-3), hash);
}
