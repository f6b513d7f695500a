// bench/placement: GET /allocation_candidates against 1,000 compute nodes (with usage, traits
// and aggregates), asked sequentially over HTTP of a placement service on a SQLite file, as
// `stratus up` runs it; prints p50/p95 per request (target: under 50 ms).
// Run on demand: `npm run build && node dist/bench/placement/main.js` (BENCH_REQUESTS, BENCH_PROVIDERS).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { RequestContext, TokenValidator } from '../../src/common/auth/context.js';
import { defaultConfig } from '../../src/common/config/index.js';
import { connect, migrate } from '../../src/common/db/index.js';
import { createApp } from '../../src/common/http/app.js';
import { createLogger } from '../../src/common/logging.js';
import { createPolicyEnforcer } from '../../src/common/policy/index.js';
import { placementMigrations } from '../../src/placement/db/migrations/index.js';
import type { PlacementSchema } from '../../src/placement/db/schema.js';
import { placementPolicies } from '../../src/placement/policies.js';
import { buildPlacement } from '../../src/placement/service.js';
import { seedComputeNodes } from './seed-providers.js';

const PROVIDERS = Number(process.env.BENCH_PROVIDERS ?? 1000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const WARMUP = 20;

const QUERIES = [
  'resources=VCPU:1,MEMORY_MB:512,DISK_GB:10',
  'resources=VCPU:1,MEMORY_MB:512,DISK_GB:10&required=HW_CPU_X86_AVX2&limit=50',
  'resources=VCPU:4,MEMORY_MB:8192,DISK_GB:80&required=!COMPUTE_STATUS_DISABLED&root_required=!COMPUTE_STATUS_DISABLED',
];

/** Every token is the cloud admin's: the bench measures placement, not identity. */
const admin: TokenValidator = {
  async validate(token: string): Promise<RequestContext> {
    return {
      token,
      userId: 'admin',
      userName: 'admin',
      userDomainId: 'default',
      userDomainName: 'Default',
      projectId: 'admin',
      projectName: 'admin',
      projectDomainId: 'default',
      projectDomainName: 'Default',
      domainId: null,
      domainName: null,
      system: false,
      roles: ['admin', 'member', 'reader'],
      roleIds: [],
      isAdminProject: true,
      applicationCredentialId: null,
      accessRules: null,
      trustId: null,
      methods: ['password'],
      auditIds: [],
      expiresAt: new Date(Date.now() + 3600_000),
      serviceRoles: [],
    };
  },
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'stratus-bench-placement-'));
  const config = defaultConfig(dataDir);
  const { db } = connect<PlacementSchema>('sqlite', dataDir, 'placement');
  const logger = createLogger('silent');
  const app = createApp({ logger, bodyLimit: config.max_request_body_size });
  try {
    await migrate(db as Kysely<unknown>, 'placement', placementMigrations);
    const seeding = performance.now();
    await seedComputeNodes(db, PROVIDERS);
    console.log(`loaded ${PROVIDERS} providers in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

    const deps = {
      db,
      config,
      logger,
      baseUrl: 'http://127.0.0.1/placement',
      policy: createPolicyEnforcer(placementPolicies, config.policy),
      now: () => new Date(),
    };
    await app.register(
      buildPlacement(deps, { validator: admin, identityUri: 'http://127.0.0.1/identity/v3' }),
      {
        prefix: '/placement',
      },
    );
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const headers = { 'x-auth-token': 'admin', 'openstack-api-version': 'placement 1.39' };

    for (const query of QUERIES) {
      const url = `${base}/placement/allocation_candidates?${query}`;
      let candidates = 0;
      let bytes = 0;
      const times: number[] = [];
      for (let i = 0; i < WARMUP + REQUESTS; i++) {
        const started = performance.now();
        const response = await fetch(url, { headers });
        const text = await response.text();
        const elapsed = performance.now() - started;
        if (response.status !== 200) throw new Error(`${query}: ${response.status} ${text}`);
        if (i >= WARMUP) times.push(elapsed);
        candidates = (JSON.parse(text) as { allocation_requests: unknown[] }).allocation_requests.length;
        bytes = text.length;
      }
      times.sort((a, b) => a - b);
      console.log(
        `GET /allocation_candidates?${query}\n` +
          `  ${candidates} candidates, ${(bytes / 1024).toFixed(0)} KiB; ${REQUESTS} requests: ` +
          `p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms ` +
          `(target under 50 ms)`,
      );
    }
  } finally {
    await app.close();
    await db.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
