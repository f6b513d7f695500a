// bench/volume: the block storage service of a cloud started in its own process, file backend:
//  1. creates: BENCH_VOLUMES 1 GiB empty volumes through the API, BENCH_CONCURRENCY (10) requests
//     at a time, until all are `available` (target: at least 100 per second), then deleted; and
//     the cloud process's peak resident memory through it (volume-creates.ts);
//  2. guest-write: sequential write inside a real guest to an attached volume next to the same
//     write on the host (dd, BENCH_WRITE_MB, oflag=direct), the ratio of the two (guest-write.ts;
//     as root with QEMU, in a second cloud with real guests; it fails with the reason, never a
//     made-up figure, when the machine or the cloud cannot do it).
// Run on demand: `npm run build && node dist/bench/volume/main.js` (BENCH_PARTS=creates,guest-write,
// BENCH_VOLUMES, BENCH_CONCURRENCY, BENCH_WRITE_MB, BENCH_ROUNDS).
import { spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../src/gateway/free-port.js';
import {
  killLeftoverGuests,
  realGuestsEnv,
  realGuestsSkipReason,
} from '../../test/conformance/real-guests.js';
import { BENCH_PASSWORD, memoryOf, startCloudProcess, waitForCloud, withPeakRss } from '../cloud-process.js';
import { measureWrites } from './guest-write.js';
import { createAndDelete } from './volume-creates.js';
import { CloudApi } from './volume-api.js';

const PARTS = (process.env.BENCH_PARTS ?? 'creates,guest-write').split(',');
const VOLUMES = Number(process.env.BENCH_VOLUMES ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const WRITE_MB = Number(process.env.BENCH_WRITE_MB ?? 256);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/** Quotas out of the way: the bench measures the service, not its limits. */
const UNLIMITED_VOLUMES = {
  STRATUS_VOLUME__QUOTA__VOLUMES: '-1',
  STRATUS_VOLUME__QUOTA__GIGABYTES: '-1',
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** A cloud in its own process with its own data dir; `work` gets its URL and data dir. */
async function withCloud<T>(
  name: string,
  env: Record<string, string>,
  work: (base: string, dataDir: string, cloud: ChildProcess) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), `stratus-bench-volume-${name}-`));
  chmodSync(dataDir, 0o755); // dnsmasq reads its hosts files as nobody (real guests)
  const port = await freePort('127.0.0.1');
  const cloud = startCloudProcess(dataDir, port, { ...UNLIMITED_VOLUMES, ...env });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForCloud(base, 'block storage', '/volume/');
    return await work(base, dataDir, cloud);
  } finally {
    // Ctrl-C's path: a cloud with real guests takes its data plane down before it exits.
    const exited = new Promise((resolve) => cloud.once('exit', resolve));
    cloud.kill('SIGTERM');
    await Promise.race([exited, sleep(60_000)]);
    if (cloud.exitCode === null && cloud.signalCode === null) cloud.kill('SIGKILL');
    killLeftoverGuests(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function creates(): Promise<void> {
  await withCloud('creates', {}, async (base, _dataDir, cloud) => {
    const api = await CloudApi.login(base, 'admin', BENCH_PASSWORD);
    const idleMb = memoryOf(cloud.pid!, 'VmRSS');
    const { result, peakMb } = await withPeakRss(cloud.pid!, () =>
      createAndDelete(api, VOLUMES, CONCURRENCY),
    );
    console.log(`volumes ${VOLUMES} of 1 GiB (file backend), ${CONCURRENCY} requests at a time`);
    console.log(
      `volume_creates_s ${result.createSeconds.toFixed(2)} (${(VOLUMES / result.createSeconds).toFixed(1)} volumes/s to available; target >= 100)`,
    );
    console.log(`volume_create_requests_s ${result.acceptSeconds.toFixed(2)} (all 202s answered)`);
    console.log(
      `volume_deletes_s ${result.deleteSeconds.toFixed(2)} (${(VOLUMES / result.deleteSeconds).toFixed(1)} volumes/s until gone)`,
    );
    console.log(`idle_rss_mb ${idleMb.toFixed(1)}`);
    console.log(`create_peak_rss_mb ${peakMb.toFixed(1)}`);
  });
}

async function guestWrite(): Promise<void> {
  const reason = realGuestsSkipReason();
  if (reason) throw new Error(`guest-write: a cloud with real guests cannot run here: it ${reason}`);
  await withCloud('guests', realGuestsEnv(), async (base, dataDir) => {
    const api = await CloudApi.login(base, 'demo', BENCH_PASSWORD);
    const keyFile = join(dataDir, 'bench-key');
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile], { stdio: 'ignore' });
    // Beside the file backend's volume files (<data dir>/volumes/<backend>), on the same file system.
    const volumesDir = join(dataDir, 'volumes');
    mkdirSync(volumesDir, { recursive: true });
    const figures = await measureWrites(api, { keyFile, volumesDir, megabytes: WRITE_MB, rounds: ROUNDS });
    const guest = median(figures.guestMbPerS);
    const host = median(figures.hostMbPerS);
    console.log(
      `dd if=/dev/zero bs=1M count=${WRITE_MB} oflag=direct, ${ROUNDS} rounds (guest /dev/${figures.device}, TCG; noisy on a shared machine)`,
    );
    console.log(
      `guest_volume_write_mb_s median ${guest.toFixed(1)} (${figures.guestMbPerS.map((v) => v.toFixed(1)).join(', ')})`,
    );
    console.log(
      `host_file_write_mb_s median ${host.toFixed(1)} (${figures.hostMbPerS.map((v) => v.toFixed(1)).join(', ')})`,
    );
    console.log(`guest_to_host_write_ratio ${(guest / host).toFixed(2)}`);
  });
}

async function main() {
  for (const part of PARTS) {
    if (part === 'creates') await creates();
    else if (part === 'guest-write') await guestWrite();
    else throw new Error(`BENCH_PARTS: unknown part "${part}" (creates, guest-write)`);
  }
}

await main();
