import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The secret the network service's metadata proxy signs instance ids with and compute's
 * metadata service checks them with (Neutron's and Nova's `metadata_proxy_shared_secret`):
 * made once per data directory, readable by its owner only.
 */
export function metadataSharedSecret(dataDir: string): string {
  const file = join(dataDir, 'metadata_proxy_shared_secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    const secret = randomBytes(32).toString('hex');
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}
