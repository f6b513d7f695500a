// 4 KiB objects at a fixed concurrency: PUTs of new objects for a while, then GETs of them, each
// an operations-per-second figure with its latency percentiles.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SwiftClient } from './swift-client.js';

export const SMALL_OBJECT_BYTES = 4096;

export interface Throughput {
  operations: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time (user and system, all threads) the cloud process spent per operation. */
  cloudCpuMs: number;
}

/** CPU seconds a process has used (utime + stime of /proc/<pid>/stat, in clock ticks of 10 ms). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

/** Runs `operation(index)` from `concurrency` workers until `seconds` have passed. */
async function forSeconds(
  cloudPid: number,
  seconds: number,
  concurrency: number,
  operation: (index: number) => Promise<void>,
): Promise<Throughput> {
  const latencies: number[] = [];
  let next = 0;
  const cpuBefore = cpuSeconds(cloudPid);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const begun = performance.now();
        await operation(next++);
        latencies.push(performance.now() - begun);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(cloudPid) - cpuBefore;
  latencies.sort((a, b) => a - b);
  return {
    operations: latencies.length,
    perSecond: latencies.length / elapsed,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    cloudCpuMs: (cpu * 1000) / latencies.length,
  };
}

/**
 * PUTs new 4 KiB objects into `container` for `seconds`, then GETs those (in a shuffled order)
 * for as long. A warm-up of `warmupSeconds` of both goes first, into a container of its own.
 */
export async function smallObjects(
  client: SwiftClient,
  container: string,
  options: { cloudPid: number; seconds: number; warmupSeconds: number; concurrency: number },
): Promise<{ put: Throughput; get: Throughput }> {
  const data = randomBytes(SMALL_OBJECT_BYTES);
  const headers = { 'content-type': 'application/octet-stream' };
  const run = async (name: string, seconds: number) => {
    await client.expect(201, 'PUT', name);
    const put = await forSeconds(options.cloudPid, seconds, options.concurrency, async (index) => {
      await client.expect(201, 'PUT', `${name}/o${index}`, data, headers);
    });
    // Reads spread over the objects written, not in the order they were written.
    const stride = 7919;
    const get = await forSeconds(options.cloudPid, seconds, options.concurrency, async (index) => {
      const answer = await client.expect(200, 'GET', `${name}/o${(index * stride) % put.operations}`);
      if (answer.bytes !== SMALL_OBJECT_BYTES) throw new Error(`GET: ${answer.bytes} bytes`);
    });
    return { put, get };
  };
  await run(`${container}-warmup`, options.warmupSeconds);
  return run(container, options.seconds);
}
