// One large object PUT and GET through the Swift API, streamed both ways, next to dd writing and
// reading the same number of bytes on the disk the cloud keeps its devices on.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { SwiftClient } from './swift-client.js';

const CHUNK = 1024 * 1024;

export interface Rates {
  writeMbPerS: number;
  readMbPerS: number;
}

/**
 * Empties the page cache so a read comes from the disk (root only); answers whether it did.
 * Without it both reads below come from memory, which the report says.
 */
export function dropCaches(): boolean {
  if (process.getuid?.() !== 0) return false;
  execFileSync('sync');
  writeFileSync('/proc/sys/vm/drop_caches', '3');
  return true;
}

/** `megabytes` MiB of one random MiB over and over, made as it is read. */
function body(megabytes: number): Readable {
  const chunk = randomBytes(CHUNK);
  let sent = 0;
  return new Readable({
    read() {
      this.push(sent++ < megabytes ? chunk : null);
    },
  });
}

const mbPerS = (megabytes: number, started: number) =>
  (megabytes * CHUNK) / 1e6 / ((performance.now() - started) / 1000);

/** PUT then GET of one object of `megabytes` MiB. */
export async function largeObject(
  client: SwiftClient,
  container: string,
  megabytes: number,
  drop: boolean,
): Promise<Rates> {
  await client.expect(201, 'PUT', container);
  const path = `${container}/large`;
  let started = performance.now();
  await client.expect(201, 'PUT', path, body(megabytes), {
    'content-length': String(megabytes * CHUNK),
    'content-type': 'application/octet-stream',
  });
  const writeMbPerS = mbPerS(megabytes, started);
  if (drop) dropCaches();
  started = performance.now();
  const answer = await client.expect(200, 'GET', path);
  const readMbPerS = mbPerS(megabytes, started);
  if (answer.bytes !== megabytes * CHUNK) throw new Error(`GET: ${answer.bytes} bytes`);
  await client.expect(204, 'DELETE', path);
  return { writeMbPerS, readMbPerS };
}

const ddRate = (output: string) => {
  const [, bytes, seconds] = /(\d+) bytes .* copied, ([\d.]+) s/.exec(output)!;
  return Number(bytes) / 1e6 / Number(seconds);
};

/** dd of `megabytes` MiB of zeros into `folder` (synced before it counts) and read back. */
export function ddRates(folder: string, megabytes: number, drop: boolean): Rates {
  const file = join(folder, 'dd-bench');
  try {
    const dd = (args: string[]) => {
      const run = spawnSync('dd', args, { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`dd ${args.join(' ')}: ${run.stderr}`);
      return run.stderr;
    };
    const writeMbPerS = ddRate(
      dd(['if=/dev/zero', `of=${file}`, 'bs=1M', `count=${megabytes}`, 'conv=fsync']),
    );
    if (drop) dropCaches();
    const readMbPerS = ddRate(dd([`if=${file}`, 'of=/dev/null', 'bs=1M']));
    return { writeMbPerS, readMbPerS };
  } finally {
    rmSync(file, { force: true });
  }
}
