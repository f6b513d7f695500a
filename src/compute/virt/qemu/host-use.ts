import { readdir, stat, statfs } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { FlavorSpec } from '../types.js';

const GiB = 1024 ** 3;

/** The host's first non-loopback IPv4 address (Nova's `my_ip`), or the loopback one. */
export function hostIpAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) return address.address;
    }
  }
  return '127.0.0.1';
}

/** Bytes the files of a folder tree really occupy (sparse and copy-on-write disks count what they hold). */
async function allocatedBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await allocatedBytes(path);
    else if (entry.isFile()) total += (await stat(path)).blocks * 512;
  }
  return total;
}

/**
 * The local disk the guests' flavors claim, and the disk left if every guest's disks grew to
 * their full size (Nova's `disk_available_least`: free space less the growth still to come).
 */
export async function localDiskUse(
  instancesDir: string,
  flavors: FlavorSpec[],
): Promise<{ usedGb: number; availableLeastGb: number }> {
  const usedGb = flavors.reduce(
    (sum, flavor) => sum + flavor.rootGb + flavor.ephemeralGb + Math.ceil(flavor.swapMb / 1024),
    0,
  );
  const fs = await statfs(instancesDir);
  const freeGb = (fs.bavail * fs.bsize) / GiB;
  const growthGb = Math.max(0, usedGb - (await allocatedBytes(instancesDir)) / GiB);
  return { usedGb, availableLeastGb: Math.floor(freeGb - growthGb) };
}
