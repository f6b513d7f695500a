import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse, RouteOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../src/common/auth/context.js';
import { defaultConfig } from '../../src/common/config/index.js';
import { connectMemory, migrate } from '../../src/common/db/index.js';
import { mountService } from './mount-service.js';
import { NotFound, Unauthorized } from '../../src/common/http/errors.js';
import { createLogger } from '../../src/common/logging.js';
import type { PolicyEnforcer } from '../../src/common/policy/types.js';
import { bootstrapIdentity } from '../../src/identity/bootstrap.js';
import { identityMigrations } from '../../src/identity/db/migrations/index.js';
import type { IdentitySchema } from '../../src/identity/db/schema.js';
import type { IdentityDeps } from '../../src/identity/deps.js';
import { buildIdentity } from '../../src/identity/service.js';
import type { RevocationFilter, Revocations } from '../../src/identity/tokens/revocations.js';
import { createTokenService } from '../../src/identity/auth/token-service.js';
import {
  createRevocationStore,
  FernetKeyRepository,
  TokenFormatter,
} from '../../src/identity/tokens/index.js';

export const BASE_URL = 'http://stratus.test/identity';

/** Revocations that only remember what they were asked, for route tests. */
export class RecordingRevocations implements Revocations {
  readonly events: RevocationFilter[] = [];
  async revoke(filter: RevocationFilter) {
    this.events.push(filter);
  }
  isRevoked() {
    return false;
  }
  async refresh() {}
}

export interface IdentityTestApp {
  app: FastifyInstance;
  /** Every route the identity plugin registered, for the schema meta-test. */
  routes: RouteOptions[];
  db: Kysely<IdentitySchema>;
  deps: IdentityDeps;
  /** Ids made by bootstrap: the Default domain, projects admin and demo, users admin and demo, roles. */
  ids: {
    adminProject: string;
    demoProject: string;
    adminUser: string;
    demoUser: string;
    roles: Record<string, string>;
  };
  /** Calls the identity API as one of the fixed callers ('admin', 'member', 'reader', or a name given to `as`). */
  request(method: string, url: string, caller?: string, body?: unknown): Promise<LightMyRequestResponse>;
  /** Registers a caller with its own context, e.g. a domain admin. */
  as(name: string, context: Partial<RequestContext>): void;
  close(): Promise<void>;
}

export interface IdentityTestOptions {
  policy?: PolicyEnforcer;
  revocations?: Revocations;
  now?: () => Date;
  /** Use the real Fernet token service (keys in a temp dir, revocations in the database). */
  realTokens?: boolean;
  configure?: (config: IdentityDeps['config']) => void;
}

/**
 * A bootstrapped identity service in memory, served through Fastify's inject. Callers are
 * fixed contexts ('admin': admin on project admin; 'member' and 'reader' on project demo), so
 * route tests don't depend on token issue; tests of tokens pass the real token service.
 */
export async function identityTestApp(options: IdentityTestOptions = {}): Promise<IdentityTestApp> {
  const { db } = connectMemory<IdentitySchema>();
  await migrate(db as Kysely<unknown>, 'identity', identityMigrations);
  const config = defaultConfig('/nonexistent');
  config.identity.password_hash_cost = 10;
  options.configure?.(config);
  const now = options.now ?? (() => new Date());
  await bootstrapIdentity(db, {
    region: 'RegionOne',
    adminPassword: 'admin-secret',
    demoPassword: 'demo-secret',
    passwordHashCost: 10,
    services: [{ type: 'identity', name: 'keystone', description: 'Identity', url: `${BASE_URL}/v3` }],
    now: now(),
  });
  const id = async (table: 'project' | 'user', name: string) =>
    (await db.selectFrom(table).select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const roleRows = await db.selectFrom('role').select(['id', 'name']).execute();
  const ids = {
    adminProject: await id('project', 'admin'),
    demoProject: await id('project', 'demo'),
    adminUser: await id('user', 'admin'),
    demoUser: await id('user', 'demo'),
    roles: Object.fromEntries(roleRows.map((r) => [r.name, r.id])),
  };
  const context = (overrides: Partial<RequestContext>): RequestContext => ({
    token: 'test',
    userId: ids.adminUser,
    userName: 'admin',
    userDomainId: 'default',
    userDomainName: 'Default',
    projectId: null,
    projectName: null,
    projectDomainId: null,
    projectDomainName: null,
    domainId: null,
    domainName: null,
    system: false,
    roles: [],
    roleIds: [],
    isAdminProject: false,
    applicationCredentialId: null,
    accessRules: null,
    trustId: null,
    methods: ['password'],
    auditIds: ['audit'],
    expiresAt: new Date(Date.now() + 3600_000),
    serviceRoles: [],
    ...overrides,
  });
  const project = (projectId: string, projectName: string) => ({
    projectId,
    projectName,
    projectDomainId: 'default',
    projectDomainName: 'Default',
    isAdminProject: true,
  });
  const callers = new Map<string, RequestContext>([
    ['admin', context({ ...project(ids.adminProject, 'admin'), roles: ['admin', 'member', 'reader'] })],
    [
      'member',
      context({
        ...project(ids.demoProject, 'demo'),
        userId: ids.demoUser,
        userName: 'demo',
        roles: ['member', 'reader'],
      }),
    ],
    [
      'reader',
      context({
        ...project(ids.demoProject, 'demo'),
        userId: ids.demoUser,
        userName: 'demo',
        roles: ['reader'],
      }),
    ],
  ]);
  for (const [name, ctx] of callers) {
    ctx.token = name;
    ctx.roleIds = ctx.roles.map((r) => ids.roles[r]);
  }
  // Route tests call as fixed callers; tests of issue and validation pass the real service.
  const fakeTokens: IdentityDeps['tokens'] = {
    async validate(token: string) {
      const found = callers.get(token);
      if (!found) throw new Unauthorized();
      return found;
    },
    async issue() {
      throw new Error('the fixed-caller token service issues no tokens; pass the real one');
    },
    async inspect() {
      throw new NotFound('Could not recognize Fernet token');
    },
    invalidate() {},
  };
  const deps: IdentityDeps = {
    db,
    config,
    logger: createLogger('silent'),
    baseUrl: BASE_URL,
    policy: options.policy ?? (await defaultPolicy(config.policy)),
    tokens: fakeTokens,
    revocations: options.revocations ?? new RecordingRevocations(),
    now,
  };
  if (options.realTokens) {
    const keys = new FernetKeyRepository(mkdtempSync(join(tmpdir(), 'stratus-keys-')), 3);
    await keys.initialize();
    deps.revocations = await createRevocationStore(db, { now, retentionSeconds: 7200 });
    deps.tokens = createTokenService({
      db,
      formatter: new TokenFormatter(keys, now),
      revocations: deps.revocations,
      now,
    });
  }
  const { app, routes } = await mountService(buildIdentity(deps), '/identity', 64 * 1024);
  return {
    app,
    db,
    deps,
    ids,
    routes,
    request: (method, url, caller = 'admin', body) =>
      app.inject({
        method: method as 'GET',
        url,
        headers: {
          'x-auth-token': caller,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    as(name, overrides) {
      const ctx = context({ ...overrides, token: name });
      ctx.roleIds = ctx.roles.map((r) => ids.roles[r]);
      callers.set(name, ctx);
    },
    close: async () => {
      await app.close();
      await db.destroy();
    },
  };
}

async function defaultPolicy(overrides: Record<string, string>): Promise<PolicyEnforcer> {
  const { createPolicyEnforcer } = await import('../../src/common/policy/index.js');
  const { identityPolicies } = await import('../../src/identity/policies.js');
  return createPolicyEnforcer(identityPolicies, overrides);
}
