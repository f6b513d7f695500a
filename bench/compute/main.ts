// bench/compute: the compute control plane (API, conductor, scheduler, agents with the fake
// driver) of a cloud started in its own process with 10 fake hosts:
//  1. 200 servers created 20 requests at a time, the time until all are ACTIVE (target: at
//     least 50 boots per second), then deleted, the time until all are gone;
//  2. GET /servers/detail?limit=1000 with 5,000 servers (target: under 200 ms);
// and the cloud process's peak resident memory through both.
// Run on demand: `npm run build && node dist/bench/compute/main.js` (BENCH_SERVERS,
// BENCH_CONCURRENCY, BENCH_LISTED, BENCH_HOSTS).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { freePort } from '../../src/gateway/free-port.js';
import { adminToken, memoryOf, startCloudProcess, waitForCloud, withPeakRss } from '../cloud-process.js';

const SERVERS = Number(process.env.BENCH_SERVERS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const LISTED = Number(process.env.BENCH_LISTED ?? 5000);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 10);
const LIST_REQUESTS = 20;
/** Servers a create request makes when filling the listing (min_count = max_count). */
const FILL_BATCH = 100;

type Json = Record<string, unknown>;

class Api {
  constructor(
    private readonly base: string,
    readonly token: string,
  ) {}

  async send(method: string, path: string, body?: unknown, expected = [200, 202, 204]): Promise<Json> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        'x-auth-token': this.token,
        'openstack-api-version': 'compute 2.79',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!expected.includes(response.status))
      throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
    return text ? (JSON.parse(text) as Json) : {};
  }
}

/** Polls the server list until `done` says every listed server is where it should be. */
async function waitFor(api: Api, done: (servers: Json[]) => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    const { servers } = await api.send('GET', '/compute/v2.1/servers/detail?limit=1000');
    if (done(servers as Json[])) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const failed = (servers: Json[]) => servers.filter((server) => server.status === 'ERROR');

async function bootAndDelete(api: Api, flavorId: string, imageId: string) {
  const limit = pLimit(CONCURRENCY);
  const started = performance.now();
  const ids = await Promise.all(
    Array.from({ length: SERVERS }, (_, i) =>
      limit(async () => {
        const { server } = await api.send('POST', '/compute/v2.1/servers', {
          server: { name: `bench-${i}`, flavorRef: flavorId, imageRef: imageId, networks: 'none' },
        });
        return String((server as Json).id);
      }),
    ),
  );
  const accepted = performance.now();
  await waitFor(
    api,
    (servers) => {
      if (failed(servers).length > 0)
        throw new Error(`servers went to ERROR: ${JSON.stringify(failed(servers)[0])}`);
      return servers.filter((server) => server.status === 'ACTIVE').length === SERVERS;
    },
    `${SERVERS} servers are ACTIVE`,
  );
  const active = performance.now();
  await Promise.all(ids.map((id) => limit(() => api.send('DELETE', `/compute/v2.1/servers/${id}`))));
  await waitFor(api, (servers) => servers.length === 0, 'every server is deleted');
  const deleted = performance.now();
  return {
    acceptSeconds: (accepted - started) / 1000,
    activeSeconds: (active - started) / 1000,
    deleteSeconds: (deleted - active) / 1000,
  };
}

async function fillAndList(api: Api, flavorId: string, imageId: string) {
  const limit = pLimit(4);
  await Promise.all(
    Array.from({ length: Math.ceil(LISTED / FILL_BATCH) }, (_, i) =>
      limit(() =>
        api.send('POST', '/compute/v2.1/servers', {
          server: {
            name: `listed-${i}`,
            flavorRef: flavorId,
            imageRef: imageId,
            networks: 'none',
            min_count: FILL_BATCH,
            max_count: FILL_BATCH,
          },
        }),
      ),
    ),
  );
  await waitFor(
    api,
    (servers) => {
      if (failed(servers).length > 0)
        throw new Error(`servers went to ERROR: ${JSON.stringify(failed(servers)[0])}`);
      return servers.length === 1000 && servers.every((server) => server.status === 'ACTIVE');
    },
    'the first 1,000 listed servers are ACTIVE',
  );
  const times: number[] = [];
  for (let i = 0; i < LIST_REQUESTS + 3; i++) {
    const started = performance.now();
    const { servers } = await api.send('GET', '/compute/v2.1/servers/detail?limit=1000');
    const elapsed = performance.now() - started;
    if ((servers as Json[]).length !== 1000) throw new Error('the listing did not give 1,000 servers');
    if (i >= 3) times.push(elapsed);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)], p95: times[Math.ceil(times.length * 0.95) - 1] };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'stratus-bench-compute-'));
  const port = await freePort('127.0.0.1');
  // Hosts big enough for the 5,000 servers of the listing (1 vCPU, 64 MB each, 500 a host).
  const cloud = startCloudProcess(dataDir, port, {
    STRATUS_COMPUTE__FAKE_HOSTS: String(HOSTS),
    STRATUS_COMPUTE__FAKE_HOST__VCPUS: '64',
    STRATUS_COMPUTE__FAKE_HOST__MEMORY_MB: '65536',
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForCloud(base, 'compute', '/compute/');
    const api = new Api(base, await adminToken(base));
    const idleMb = memoryOf(cloud.pid!, 'VmRSS');
    const projects = (await api.send('GET', '/identity/v3/auth/projects')).projects as Json[];
    const admin = String(projects.find((project) => project.name === 'admin')!.id);
    await api.send('PUT', `/compute/v2.1/os-quota-sets/${admin}`, {
      quota_set: { instances: -1, cores: -1, ram: -1 },
    });
    const { flavor } = await api.send('POST', '/compute/v2.1/flavors', {
      flavor: { name: 'bench.tiny', ram: 64, vcpus: 1, disk: 0 },
    });
    const image = await api.send(
      'POST',
      '/image/v2/images',
      {
        name: 'bench',
        disk_format: 'raw',
        container_format: 'bare',
      },
      [201],
    );
    const upload = await fetch(`${base}/image/v2/images/${String(image.id)}/file`, {
      method: 'PUT',
      headers: { 'x-auth-token': api.token, 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(64 * 1024),
    });
    if (upload.status !== 204) throw new Error(`image upload: HTTP ${upload.status}`);
    const flavorId = String((flavor as Json).id);
    const imageId = String(image.id);

    const boots = await withPeakRss(cloud.pid!, () => bootAndDelete(api, flavorId, imageId));
    console.log(
      `boots done: ${(SERVERS / boots.result.activeSeconds).toFixed(1)} boots/s; filling ${LISTED} servers`,
    );
    const listing = await withPeakRss(cloud.pid!, () => fillAndList(api, flavorId, imageId));

    const { acceptSeconds, activeSeconds, deleteSeconds } = boots.result;
    console.log(`hosts ${HOSTS}, servers ${SERVERS}, ${CONCURRENCY} requests at a time`);
    console.log(`create_accepted_s ${acceptSeconds.toFixed(2)}`);
    console.log(
      `all_active_s ${activeSeconds.toFixed(2)} (${(SERVERS / activeSeconds).toFixed(1)} boots/s; target >= 50)`,
    );
    console.log(
      `all_deleted_s ${deleteSeconds.toFixed(2)} (${(SERVERS / deleteSeconds).toFixed(1)} deletes/s)`,
    );
    console.log(
      `servers_detail_limit_1000_of_${LISTED} p50 ${listing.result.p50.toFixed(0)} ms, p95 ${listing.result.p95.toFixed(0)} ms (target < 200 ms)`,
    );
    console.log(`idle_rss_mb ${idleMb.toFixed(1)}`);
    console.log(`boot_peak_rss_mb ${boots.peakMb.toFixed(1)}`);
    console.log(`listing_peak_rss_mb ${listing.peakMb.toFixed(1)}`);
  } finally {
    cloud.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
