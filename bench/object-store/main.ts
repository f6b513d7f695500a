// bench/object-store: the Swift API of a cloud started in its own process, all-in-one storage (one
// node, devices d1..d3, three replicas of everything), as a user reaches it over HTTP:
//  1. small: 4 KiB object PUTs, then GETs of them, 32 requests at a time on keep-alive
//     connections, BENCH_SECONDS each after a warm-up (targets: 2,000 PUT/s and 5,000 GET/s on
//     2 cores), with p50 and p99 latency, BENCH_ROUNDS rounds;
//  2. large: one BENCH_LARGE_MB (1024) MiB object PUT and GET, streamed, next to dd writing
//     (conv=fsync) and reading the same size on the same disk (target: 70% of dd's write, with
//     three replicas written). As root the page cache is dropped before each read
//     (BENCH_DROP_CACHES=0 keeps it; the report says which);
// and the cloud process's resident memory: idle, and its peak through each part. On a machine
// shared with other work the rates move with its load; the cloud's CPU time per operation (from
// /proc/<pid>/stat) moves much less and is the figure to compare changes by.
// Run on demand: `npm run build && node dist/bench/object-store/main.js` (BENCH_PARTS=small,large,
// BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_ROUNDS, BENCH_CONCURRENCY, BENCH_LARGE_MB).
// Results on the 2-core development machine: README.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../src/gateway/free-port.js';
import { BENCH_PASSWORD, memoryOf, startCloudProcess, waitForCloud, withPeakRss } from '../cloud-process.js';
import { ddRates, dropCaches, largeObject, type Rates } from './large-object.js';
import { smallObjects, type Throughput } from './small-objects.js';
import { SwiftClient } from './swift-client.js';

const PARTS = (process.env.BENCH_PARTS ?? 'small,large').split(',');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const LARGE_MB = Number(process.env.BENCH_LARGE_MB ?? 1024);
const DROP_CACHES = process.env.BENCH_DROP_CACHES !== '0';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const spread = (values: number[], digits = 0) =>
  `median ${median(values).toFixed(digits)} (${values.map((value) => value.toFixed(digits)).join(', ')})`;

async function small(client: SwiftClient, pid: number): Promise<void> {
  const rounds: { put: Throughput; get: Throughput }[] = [];
  const { peakMb } = await withPeakRss(pid, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      rounds.push(
        await smallObjects(client, `small${round}`, {
          cloudPid: pid,
          seconds: SECONDS,
          warmupSeconds: WARMUP_SECONDS,
          concurrency: CONCURRENCY,
        }),
      );
    }
  });
  console.log(
    `4 KiB objects, ${CONCURRENCY} requests at a time, ${SECONDS} s each after ${WARMUP_SECONDS} s of warm-up, ${ROUNDS} rounds`,
  );
  for (const op of ['put', 'get'] as const) {
    const target = op === 'put' ? 2000 : 5000;
    const figures = (figure: keyof Throughput) => rounds.map((round) => round[op][figure]);
    console.log(`${op}_4k_per_s ${spread(figures('perSecond'))} (target >= ${target})`);
    console.log(`${op}_4k_p50_ms ${spread(figures('p50Ms'), 1)}`);
    console.log(`${op}_4k_p99_ms ${spread(figures('p99Ms'), 1)}`);
    console.log(`${op}_4k_cloud_cpu_ms ${spread(figures('cloudCpuMs'), 2)} (per operation, all threads)`);
  }
  console.log(`small_peak_rss_mb ${peakMb.toFixed(1)}`);
}

async function large(client: SwiftClient, pid: number, dataDir: string): Promise<void> {
  const drop = DROP_CACHES && dropCaches();
  const swift: Rates[] = [];
  const dd: Rates[] = [];
  const { peakMb } = await withPeakRss(pid, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      dd.push(ddRates(dataDir, LARGE_MB, drop));
      swift.push(await largeObject(client, `large${round}`, LARGE_MB, drop));
    }
  });
  const reads = drop ? 'reads from disk (page cache dropped first)' : 'reads from the page cache';
  console.log(`one ${LARGE_MB} MiB object, streamed, three replicas written; ${reads}; ${ROUNDS} rounds`);
  console.log(`swift_put_mb_s ${spread(swift.map((r) => r.writeMbPerS))}`);
  console.log(`dd_write_mb_s ${spread(dd.map((r) => r.writeMbPerS))} (bs=1M conv=fsync, same disk)`);
  console.log(
    `put_to_dd_ratio ${(median(swift.map((r) => r.writeMbPerS)) / median(dd.map((r) => r.writeMbPerS))).toFixed(2)} (target >= 0.70)`,
  );
  console.log(`swift_get_mb_s ${spread(swift.map((r) => r.readMbPerS))}`);
  console.log(`dd_read_mb_s ${spread(dd.map((r) => r.readMbPerS))}`);
  console.log(
    `get_to_dd_ratio ${(median(swift.map((r) => r.readMbPerS)) / median(dd.map((r) => r.readMbPerS))).toFixed(2)}`,
  );
  console.log(`large_peak_rss_mb ${peakMb.toFixed(1)}`);
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'stratus-bench-object-store-'));
  const port = await freePort('127.0.0.1');
  const cloud = startCloudProcess(dataDir, port);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForCloud(base, 'object storage', '/object-store/info');
    const client = await SwiftClient.login(base, 'admin', BENCH_PASSWORD, CONCURRENCY);
    try {
      console.log(`idle_rss_mb ${memoryOf(cloud.pid!, 'VmRSS').toFixed(1)}`);
      for (const part of PARTS) {
        if (part === 'small') await small(client, cloud.pid!);
        else if (part === 'large') await large(client, cloud.pid!, dataDir);
        else throw new Error(`BENCH_PARTS: unknown part "${part}" (small, large)`);
      }
    } finally {
      client.close();
    }
  } finally {
    const exited = new Promise((resolve) => cloud.once('exit', resolve));
    cloud.kill('SIGTERM');
    await Promise.race([exited, sleep(30_000)]);
    if (cloud.exitCode === null && cloud.signalCode === null) cloud.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
