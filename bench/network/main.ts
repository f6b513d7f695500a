// bench/network: the network API of a cloud started in its own process (fake data plane):
//  1. port creates through the API, 10 requests at a time (target: at least 300 per second),
//     each port taking an address from one subnet (IPAM's uniqueness checks included);
//  2. GET /ports of a network with every port (the listing an agent or compute does);
// and the cloud process's peak resident memory through both. The time from port create to the
// instance's DHCP lease is measured by the data-plane test (test/e2e/network), which prints it.
// Run on demand: `npm run build && node dist/bench/network/main.js` (BENCH_PORTS, BENCH_CONCURRENCY).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { freePort } from '../../src/gateway/free-port.js';
import { adminToken, memoryOf, startCloudProcess, waitForCloud, withPeakRss } from '../cloud-process.js';

const PORTS = Number(process.env.BENCH_PORTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);

type Json = Record<string, unknown>;

async function send(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Json> {
  const response = await fetch(`${base}/network/v2.0${path}`, {
    method,
    headers: { 'x-auth-token': token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  return text ? (JSON.parse(text) as Json) : {};
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'stratus-bench-network-'));
  const port = await freePort('127.0.0.1');
  const cloud = startCloudProcess(dataDir, port, {});
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForCloud(base, 'network', '/network/');
    const token = await adminToken(base);
    const idleMb = memoryOf(cloud.pid!, 'VmRSS');
    const projects = (
      (await (
        await fetch(`${base}/identity/v3/auth/projects`, { headers: { 'x-auth-token': token } })
      ).json()) as {
        projects: Json[];
      }
    ).projects;
    const admin = String(projects.find((project) => project.name === 'admin')!.id);
    await send(base, token, 'PUT', `/quotas/${admin}`, { quota: { port: -1 } });
    const { network } = await send(base, token, 'POST', '/networks', { network: { name: 'bench' } });
    const networkId = String((network as Json).id);
    await send(base, token, 'POST', '/subnets', {
      subnet: { network_id: networkId, ip_version: 4, cidr: '10.128.0.0/16', enable_dhcp: false },
    });

    const limit = pLimit(CONCURRENCY);
    const creates = await withPeakRss(cloud.pid!, async () => {
      const started = performance.now();
      await Promise.all(
        Array.from({ length: PORTS }, (_, i) =>
          limit(() =>
            send(base, token, 'POST', '/ports', { port: { network_id: networkId, name: `p${i}` } }),
          ),
        ),
      );
      return (performance.now() - started) / 1000;
    });
    const listing = await withPeakRss(cloud.pid!, async () => {
      const times: number[] = [];
      for (let i = 0; i < 10; i++) {
        const started = performance.now();
        const { ports } = await send(base, token, 'GET', `/ports?network_id=${networkId}`);
        if ((ports as Json[]).length !== PORTS) throw new Error(`listed ${(ports as Json[]).length} ports`);
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[5];
    });
    console.log(`ports ${PORTS}, ${CONCURRENCY} requests at a time`);
    console.log(
      `port_creates_s ${creates.result.toFixed(2)} (${(PORTS / creates.result).toFixed(1)} ports/s; target >= 300)`,
    );
    console.log(`ports_list_of_${PORTS} p50 ${listing.result.toFixed(0)} ms`);
    console.log(`idle_rss_mb ${idleMb.toFixed(1)}`);
    console.log(`create_peak_rss_mb ${creates.peakMb.toFixed(1)}`);
    console.log(`listing_peak_rss_mb ${listing.peakMb.toFixed(1)}`);
  } finally {
    cloud.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
