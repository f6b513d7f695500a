// bench/image: upload and download of a 1 GiB raw image through the Glance v2 API of a cloud
// started in its own process, next to what dd gets writing and reading 1 GiB on the same disk
// (target: 80% of it), and the cloud's peak resident memory while the bytes go through (it must
// stay flat: they stream, they are never held whole).
// Run on demand: `npm run build && node dist/bench/image/main.js`. BENCH_DIR chooses the disk
// (a directory on it; the system's temporary directory by default).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { freePort } from '../../src/gateway/free-port.js';
import { adminToken, memoryOf, startCloudProcess, waitForCloud, withPeakRss } from '../cloud-process.js';

const GIB = 1024 ** 3;
const CHUNK = 1024 ** 2;
/** dd reports decimal megabytes per second; so does this bench. */
const MB = 1e6;
/** A transfer slower than this (under 2 MB/s) is a hang, not a figure. */
const TRANSFER_TIMEOUT_MS = 600_000;

/** 1 GiB of incompressible bytes, a 1 MiB block at a time; made, never read from a file or held. */
function* imageBytes(): Generator<Buffer> {
  const block = Buffer.alloc(CHUNK);
  for (let offset = 0; offset < CHUNK; offset += 4)
    block.writeUInt32LE((Math.random() * 2 ** 32) >>> 0, offset);
  // A zero first sector, so the content is plain raw (random bytes could look like an MBR).
  block.fill(0, 0, 512);
  for (let sent = 0; sent < GIB; sent += CHUNK) yield block;
}

/** Empties the page cache (root only), so reads come from the disk; false when not allowed. */
function dropCaches(): boolean {
  try {
    execFileSync('sync');
    writeFileSync('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch {
    return false;
  }
}

/** Seconds dd takes for `args`. */
function timedDd(args: string[]): number {
  const started = performance.now();
  execFileSync('dd', [...args, 'bs=1M', 'count=1024', 'status=none']);
  return (performance.now() - started) / 1000;
}

function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: Readable,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method, headers, signal: AbortSignal.timeout(TRANSFER_TIMEOUT_MS) },
      resolve,
    );
    outgoing.on('error', reject);
    if (body) pipeline(body, outgoing).catch(reject);
    else outgoing.end();
  });
}

async function text(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function expect(response: IncomingMessage, status: number, what: string): Promise<string> {
  const body = await text(response);
  if (response.statusCode !== status) throw new Error(`${what}: HTTP ${response.statusCode} ${body}`);
  return body;
}

const rate = (bytes: number, seconds: number) => bytes / MB / seconds;
const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)}%`;

async function main() {
  const dataDir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'stratus-bench-image-'));
  const port = await freePort('127.0.0.1');
  const cloud = startCloudProcess(dataDir, port);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForCloud(base, 'image', '/image/versions');
    const auth = { 'x-auth-token': await adminToken(base) };
    const idleMb = memoryOf(cloud.pid!, 'VmRSS');

    const creation = await send(
      `${base}/image/v2/images`,
      'POST',
      { ...auth, 'content-type': 'application/json' },
      Readable.from([JSON.stringify({ name: 'bench', disk_format: 'raw', container_format: 'bare' })]),
    );
    const image = JSON.parse(await expect(creation, 201, 'create the image')) as { id: string };
    const file = `${base}/image/v2/images/${image.id}/file`;

    const upload = await withPeakRss(cloud.pid!, async () => {
      const started = performance.now();
      const response = await send(
        file,
        'PUT',
        { ...auth, 'content-type': 'application/octet-stream' },
        Readable.from(imageBytes()),
      );
      await expect(response, 204, 'upload');
      return (performance.now() - started) / 1000;
    });

    const downloadFromDisk = dropCaches();
    // curl receives: a Node client counting a gigabyte in JavaScript would itself take most of
    // a core of this two-core machine, and measure itself rather than the cloud.
    const download = await withPeakRss(cloud.pid!, async () => {
      const output = execFileSync(
        'curl',
        [
          '-sS',
          '-o',
          '/dev/null',
          '-w',
          '%{http_code} %{size_download} %{time_total}',
          '-H',
          `x-auth-token: ${auth['x-auth-token']}`,
          file,
        ],
        { encoding: 'utf8' },
      );
      const [status, size, seconds] = output.trim().split(' ');
      if (status !== '200' || Number(size) !== GIB)
        throw new Error(`download: HTTP ${status}, ${size} bytes`);
      return Number(seconds);
    });
    (await send(`${base}/image/v2/images/${image.id}`, 'DELETE', auth)).resume();

    const ddFile = join(dataDir, 'dd.bin');
    const ddWrite = timedDd(['if=/dev/zero', `of=${ddFile}`, 'conv=fdatasync']);
    // Reads bypass the page cache (O_DIRECT), as a cold read of the image does.
    dropCaches();
    const ddRead = timedDd([`if=${ddFile}`, 'of=/dev/null', 'iflag=direct']);
    rmSync(ddFile);

    const uploadRate = rate(GIB, upload.result);
    const downloadRate = rate(GIB, download.result);
    console.log(`disk: ${dataDir} (MB = 10^6 bytes, as dd reports)`);
    console.log(`dd_write_mb_per_s ${rate(GIB, ddWrite).toFixed(0)} (conv=fdatasync)`);
    console.log(`dd_read_mb_per_s ${rate(GIB, ddRead).toFixed(0)} (iflag=direct)`);
    console.log(
      `upload_mb_per_s ${uploadRate.toFixed(0)} (${percent(uploadRate, rate(GIB, ddWrite))} of dd; target 80%)`,
    );
    console.log(
      `download_mb_per_s ${downloadRate.toFixed(0)} (${percent(downloadRate, rate(GIB, ddRead))} of dd; target 80%)` +
        (downloadFromDisk ? '' : ' [page cache not dropped: not root]'),
    );
    console.log(`idle_rss_mb ${idleMb.toFixed(1)}`);
    console.log(`upload_peak_rss_mb ${upload.peakMb.toFixed(1)} (flat: close to idle, far below 1024)`);
    console.log(`download_peak_rss_mb ${download.peakMb.toFixed(1)} (flat: close to idle, far below 1024)`);
  } finally {
    cloud.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
