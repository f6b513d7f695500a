import type { FastifyInstance, LightMyRequestResponse, RouteOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../src/common/auth/context.js';
import { defaultConfig } from '../../src/common/config/index.js';
import { connect, connectMemory, migrate } from '../../src/common/db/index.js';
import { mountService } from './mount-service.js';
import { createLogger } from '../../src/common/logging.js';
import { createPolicyEnforcer } from '../../src/common/policy/index.js';
import { placementMigrations } from '../../src/placement/db/migrations/index.js';
import type { PlacementSchema } from '../../src/placement/db/schema.js';
import type { PlacementDeps } from '../../src/placement/deps.js';
import { placementPolicies } from '../../src/placement/policies.js';
import { buildPlacement } from '../../src/placement/service.js';
import { fixedCallers } from './fixed-callers.js';

export const PLACEMENT_URL = 'http://stratus.test/placement';

export interface PlacementRequest {
  /** The microversion to ask for (`OpenStack-API-Version: placement <version>`); none means 1.0. */
  version?: string;
  /** A fixed caller ('admin', 'member', 'reader', 'other', 'service', or one given to `as`); default 'admin'. */
  caller?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface PlacementTestApp {
  app: FastifyInstance;
  /** Every route the placement plugin registered, for the schema meta-test. */
  routes: RouteOptions[];
  db: Kysely<PlacementSchema>;
  deps: PlacementDeps;
  /** Calls the placement API under `/placement`; bodies are sent as JSON. */
  request(method: string, path: string, options?: PlacementRequest): Promise<LightMyRequestResponse>;
  /** Registers a caller with its own context. */
  as(name: string, context: Partial<RequestContext>): void;
  close(): Promise<void>;
}

/**
 * An in-memory placement service behind Fastify's inject, with the fixed callers of
 * fixed-callers.ts ('admin' is the cloud admin) and responses checked against their schemas.
 */
export async function placementTestApp(
  options: {
    now?: () => Date;
    /** A database other than in-memory SQLite, e.g. PostgreSQL. */ databaseUrl?: string;
  } = {},
): Promise<PlacementTestApp> {
  const { db } = options.databaseUrl
    ? connect<PlacementSchema>(options.databaseUrl, '', 'placement')
    : connectMemory<PlacementSchema>();
  await migrate(db as Kysely<unknown>, 'placement', placementMigrations);
  const config = defaultConfig('/nonexistent');
  const callers = fixedCallers();
  const deps: PlacementDeps = {
    db,
    config,
    logger: createLogger('silent'),
    baseUrl: PLACEMENT_URL,
    policy: createPolicyEnforcer(placementPolicies, config.policy),
    now: options.now ?? (() => new Date()),
  };
  const { app, routes } = await mountService(
    buildPlacement(deps, { validator: callers, identityUri: 'http://stratus.test/identity/v3' }),
    '/placement',
  );
  return {
    app,
    routes,
    db,
    deps,
    request(method, path, { version, caller = 'admin', body, headers = {} } = {}) {
      return app.inject({
        method: method as 'GET',
        url: `/placement${path}`,
        headers: {
          'x-auth-token': caller,
          ...(version ? { 'openstack-api-version': `placement ${version}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
    },
    as: (name, context) => callers.as(name, context),
    close: async () => {
      await app.close();
      await db.destroy();
    },
  };
}
