import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import type { ServerExternalEvent } from '../../src/common/clients/compute-events-client.js';
import type { RequestContext } from '../../src/common/auth/context.js';
import { defaultConfig, type StratusConfig } from '../../src/common/config/index.js';
import { connect, connectMemory, migrate } from '../../src/common/db/index.js';
import { createLogger } from '../../src/common/logging.js';
import { createPolicyEnforcer } from '../../src/common/policy/index.js';
import { ChangeFeed } from '../../src/network/agent/change-feed.js';
import { networkMigrations } from '../../src/network/db/migrations/index.js';
import type { NetworkSchema } from '../../src/network/db/schema.js';
import type { NetworkDeps } from '../../src/network/deps.js';
import { networkServicePolicies } from '../../src/network/policies/index.js';
import { buildNetwork } from '../../src/network/service.js';
import { fixedCallers } from './fixed-callers.js';
import { mountService } from './mount-service.js';

export const NETWORK_URL = 'http://stratus.test/network/v2.0';

export interface NetworkRequest {
  /** A fixed caller ('admin', 'member', 'reader', 'other', 'service', or one given to `as`); default 'member'. */
  caller?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface NetworkTestApp {
  app: FastifyInstance;
  db: Kysely<NetworkSchema>;
  deps: NetworkDeps;
  /** Calls the API under `/network/v2.0`; bodies are sent as JSON. */
  request(method: string, path: string, options?: NetworkRequest): Promise<LightMyRequestResponse>;
  /** Calls the API and returns the parsed body, failing unless the status is the one expected. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are read field by field; a wrong field fails its assertion
  json<T = Record<string, any>>(
    method: string,
    path: string,
    status: number,
    options?: NetworkRequest,
  ): Promise<T>;
  as(name: string, context: Partial<RequestContext>): void;
  /** What the service told compute (Neutron's nova notifier events), in order. */
  sentToCompute: ServerExternalEvent[];
  close(): Promise<void>;
}

/**
 * An in-memory network service behind Fastify's inject, with the fixed callers of
 * fixed-callers.ts ('admin' is the cloud admin; 'member' and 'other' are in two projects).
 */
export async function networkTestApp(
  options: { databaseUrl?: string; configure?: (config: StratusConfig) => void } = {},
): Promise<NetworkTestApp> {
  const { db } = options.databaseUrl
    ? connect<NetworkSchema>(options.databaseUrl, '', 'network')
    : connectMemory<NetworkSchema>();
  await migrate(db as Kysely<unknown>, 'network', networkMigrations);
  const config = defaultConfig('/nonexistent');
  options.configure?.(config);
  const callers = fixedCallers();
  const sentToCompute: ServerExternalEvent[] = [];
  const deps: NetworkDeps = {
    db,
    config,
    logger: createLogger('silent'),
    apiUrl: NETWORK_URL,
    policy: createPolicyEnforcer(networkServicePolicies, config.policy),
    ruleNames: new Set(networkServicePolicies.map((rule) => rule.name)),
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
    changes: new ChangeFeed(),
    notifyCompute: (events) => {
      sentToCompute.push(...events);
    },
  };
  const { app } = await mountService(
    buildNetwork(deps, { validator: callers, identityUri: 'http://stratus.test/identity/v3' }),
    '/network',
  );
  const request: NetworkTestApp['request'] = (method, path, { caller = 'member', body, headers = {} } = {}) =>
    app.inject({
      method: method as 'GET',
      url: `/network/v2.0${path}`,
      headers: {
        'x-auth-token': caller,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  return {
    app,
    db,
    deps,
    request,
    async json(method, path, status, options) {
      const response = await request(method, path, options);
      if (response.statusCode !== status) {
        throw new Error(`${method} ${path}: ${response.statusCode} ${response.body}, expected ${status}`);
      }
      return (response.body ? response.json() : {}) as never;
    },
    as: (name, context) => callers.as(name, context),
    sentToCompute,
    close: async () => {
      await app.close();
      await db.destroy();
    },
  };
}
