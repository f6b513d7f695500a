import type { FastifyInstance, LightMyRequestResponse, RouteOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../src/common/auth/context.js';
import { connectMemory, migrate } from '../../src/common/db/index.js';
import { mountService } from './mount-service.js';
import { createLogger } from '../../src/common/logging.js';
import { createPolicyEnforcer } from '../../src/common/policy/index.js';
import { computeMigrations } from '../../src/compute/db/migrations/index.js';
import type { ComputeSchema } from '../../src/compute/db/schema.js';
import {
  DEFAULT_COMPUTE_SETTINGS,
  type ComputeDeps,
  type ComputeSettings,
  type BlockStorageLinks,
  type NetworkLinks,
} from '../../src/compute/deps.js';
import { computePolicies } from '../../src/compute/policies.js';
import { buildCompute } from '../../src/compute/service.js';
import { fixedCallers } from './fixed-callers.js';
import { InProcessBus } from '../../src/common/bus/index.js';
import { InjectTransport } from '../../src/common/clients/http-transport.js';
import { ImageClient } from '../../src/common/clients/image-client.js';
import { PlacementClient } from '../../src/common/clients/placement-client.js';
import { imageTestApp, type ImageTestApp } from './image-app.js';
import { placementTestApp, type PlacementTestApp } from './placement-app.js';

export const COMPUTE_URL = 'http://stratus.test/compute';

export interface ComputeRequest {
  /** The microversion to ask for (`OpenStack-API-Version: compute <version>`); none means 2.1. */
  version?: string;
  /** A fixed caller ('admin', 'member', 'reader', 'other', 'service', or one given to `as`); default 'admin'. */
  caller?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ComputeTestApp {
  app: FastifyInstance;
  /** Every route the compute plugin registered, for the schema meta-test. */
  routes: RouteOptions[];
  db: Kysely<ComputeSchema>;
  deps: ComputeDeps;
  /** The in-memory image service compute talks to (same fixed callers). */
  image: ImageTestApp;
  /** The in-memory placement compute talks to, as the 'service' caller. */
  placement: PlacementTestApp;
  /** Calls the compute API: paths are under `/compute/v2.1` unless they start with `/compute`. */
  request(method: string, path: string, options?: ComputeRequest): Promise<LightMyRequestResponse>;
  as(name: string, context: Partial<RequestContext>): void;
  close(): Promise<void>;
}

/**
 * An in-memory compute API behind Fastify's inject, with the fixed callers of fixed-callers.ts
 * ('admin' is the cloud admin) and responses checked against their schemas.
 */
export async function computeTestApp(
  options: {
    settings?: Partial<ComputeSettings>;
    /** The network service compute reaches (compute-network-app.ts); none by default. */
    network?: NetworkLinks;
    /** The block storage service compute reaches (test/unit/compute/volumes); none by default. */
    volume?: BlockStorageLinks;
  } = {},
): Promise<ComputeTestApp> {
  const { db } = connectMemory<ComputeSchema>();
  await migrate(db as Kysely<unknown>, 'compute', computeMigrations);
  const callers = fixedCallers();
  const image = await imageTestApp();
  const placement = await placementTestApp();
  const bus = new InProcessBus();
  const deps: ComputeDeps = {
    db,
    logger: createLogger('silent'),
    baseUrl: COMPUTE_URL,
    policy: createPolicyEnforcer(computePolicies, {}),
    settings: { ...DEFAULT_COMPUTE_SETTINGS, ...options.settings },
    now: () => new Date(),
    bus,
    placement: new PlacementClient(
      new InjectTransport(placement.app, '/placement', {
        service: 'placement',
        token: async () => 'service',
      }),
    ),
    imagesFor: (token) =>
      new ImageClient(
        new InjectTransport(image.app, '/image', { service: 'image', token: async () => token }),
      ),
    ...(options.network ? { network: options.network } : {}),
    ...(options.volume ? { volume: options.volume } : {}),
  };
  const { app, routes } = await mountService(
    buildCompute(deps, { validator: callers, identityUri: 'http://stratus.test/identity/v3' }),
    '/compute',
  );
  return {
    app,
    routes,
    db,
    deps,
    image,
    placement,
    request(method, path, { version, caller = 'admin', body, headers = {} } = {}) {
      return app.inject({
        method: method as 'GET',
        url: path.startsWith('/compute') ? path : `/compute/v2.1${path}`,
        headers: {
          'x-auth-token': caller,
          ...(version ? { 'openstack-api-version': `compute ${version}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
    },
    as: (name, context) => callers.as(name, context),
    close: async () => {
      await app.close();
      await bus.close();
      await db.destroy();
      await image.close();
      await placement.close();
    },
  };
}
