import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../src/common/auth/context.js';
import { InProcessBus, serveRpc, type Listening } from '../../src/common/bus/index.js';
import type { ServerExternalEvent } from '../../src/common/clients/compute-events-client.js';
import type { ImageClient } from '../../src/common/clients/image-client.js';
import { defaultConfig, type StratusConfig } from '../../src/common/config/index.js';
import { connect, connectMemory, migrate } from '../../src/common/db/index.js';
import { createLogger } from '../../src/common/logging.js';
import { createPolicyEnforcer } from '../../src/common/policy/index.js';
import { ensureDefaultVolumeType } from '../../src/block-storage/bootstrap/default-volume-type.js';
import { blockStorageMigrations } from '../../src/block-storage/db/migrations/index.js';
import type { BlockStorageSchema } from '../../src/block-storage/db/schema.js';
import type { BlockStorageDeps } from '../../src/block-storage/deps.js';
import { blockStoragePolicies } from '../../src/block-storage/policies/index.js';
import { SCHEDULER_TOPIC } from '../../src/block-storage/rpc/topics.js';
import { VolumeScheduler } from '../../src/block-storage/scheduler/volume-scheduler.js';
import { buildBlockStorage } from '../../src/block-storage/service.js';
import { ServiceRegistry } from '../../src/block-storage/services/service-registry.js';
import { startVolumeServices } from '../../src/block-storage/volume/start-volume-services.js';
import { fixedCallers, PROJECTS } from './fixed-callers.js';
import { mountService } from './mount-service.js';

export const VOLUME_URL = 'http://stratus.test/volume';

export interface VolumeRequest {
  /** A fixed caller ('admin', 'member', 'reader', 'other', 'service', or one given to `as`); default 'member'. */
  caller?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** `OpenStack-API-Version: volume <microversion>`; none sent by default (3.0). */
  microversion?: string;
}

export interface BlockStorageTestApp {
  app: FastifyInstance;
  db: Kysely<BlockStorageSchema>;
  deps: BlockStorageDeps;
  /** Calls `/volume/v3/<caller's project><path>`; bodies are sent as JSON. */
  request(method: string, path: string, options?: VolumeRequest): Promise<LightMyRequestResponse>;
  /** Calls the API and returns the parsed body, failing unless the status is the one expected. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are read field by field; a wrong field fails its assertion
  json<T = Record<string, any>>(
    method: string,
    path: string,
    status: number,
    options?: VolumeRequest,
  ): Promise<T>;
  /** Polls `GET path` (as `caller`) until `body[key].status` is `status`; fails after 5 s. */
  waitForStatus(path: string, key: string, status: string, options?: VolumeRequest): Promise<void>;
  as(name: string, context: Partial<RequestContext>): void;
  /** What the service told compute (`volume-extended`), in order. */
  sentToCompute: ServerExternalEvent[];
  close(): Promise<void>;
}

/** The project each fixed caller's token is scoped to, for the URL. */
function projectOf(callers: ReturnType<typeof fixedCallers>, caller: string): Promise<string> {
  return callers.validate(caller).then((context) => context.projectId ?? PROJECTS.one);
}

/**
 * An in-memory block storage service behind Fastify's inject, with its scheduler and one volume
 * service on the `fake` driver over an in-process bus, so volumes really go from `creating` to
 * `available`. The fixed callers of fixed-callers.ts ('admin' is the cloud admin; 'member' and
 * 'other' are in two projects).
 */
export async function blockStorageTestApp(
  options: {
    databaseUrl?: string;
    configure?: (config: StratusConfig) => void;
    /** The image service as a caller; without it any image is not found. */
    imagesFor?: (token: string) => ImageClient;
  } = {},
): Promise<BlockStorageTestApp> {
  const { db } = options.databaseUrl
    ? connect<BlockStorageSchema>(options.databaseUrl, '', 'volume')
    : connectMemory<BlockStorageSchema>();
  await migrate(db as Kysely<unknown>, 'volume', blockStorageMigrations);
  const config = defaultConfig('/nonexistent');
  config.volume.host = 'testhost';
  config.volume.backends = [{ name: 'fake', driver: 'fake' }];
  options.configure?.(config);
  await ensureDefaultVolumeType(db, config.volume.default_volume_type, () => crypto.randomUUID(), new Date());
  const callers = fixedCallers();
  const sentToCompute: ServerExternalEvent[] = [];
  const bus = new InProcessBus();
  const logger = createLogger('silent');
  const imagesFor =
    options.imagesFor ??
    ((): ImageClient => {
      throw new Error('this test app has no image service');
    });
  const deps: BlockStorageDeps = {
    db,
    logger,
    baseUrl: VOLUME_URL,
    policy: createPolicyEnforcer(blockStoragePolicies, config.policy),
    settings: config.volume,
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
    bus,
    imagesFor,
  };
  const registry = new ServiceRegistry(db);
  const scheduler = new VolumeScheduler({
    db,
    bus,
    registry,
    logger,
    now: deps.now,
    serviceDownTime: config.volume.service_down_time,
  });
  const schedulerListening: Listening = await serveRpc(bus, SCHEDULER_TOPIC, scheduler);
  await registry.register('testhost', 'cinder-scheduler', config.volume.availability_zone, new Date());
  const volumeServices = await startVolumeServices({
    db,
    bus,
    registry,
    settings: config.volume,
    host: 'testhost',
    dataDir: '/nonexistent',
    logger,
    now: deps.now,
    imagesFor,
    notifyCompute: (events) => {
      sentToCompute.push(...events);
    },
  });
  const { app } = await mountService(
    buildBlockStorage(deps, { validator: callers, identityUri: 'http://stratus.test/identity/v3' }),
    '/volume',
  );
  const request: BlockStorageTestApp['request'] = async (
    method,
    path,
    { caller = 'member', body, headers = {}, microversion } = {},
  ) =>
    app.inject({
      method: method as 'GET',
      url: `/volume/v3/${await projectOf(callers, caller)}${path}`,
      headers: {
        'x-auth-token': caller,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(microversion ? { 'openstack-api-version': `volume ${microversion}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  const json: BlockStorageTestApp['json'] = async (method, path, status, requestOptions) => {
    const response = await request(method, path, requestOptions);
    if (response.statusCode !== status) {
      throw new Error(`${method} ${path}: ${response.statusCode} ${response.body}, expected ${status}`);
    }
    return (response.body ? response.json() : {}) as never;
  };
  return {
    app,
    db,
    deps,
    request,
    json,
    async waitForStatus(path, key, status, requestOptions) {
      const deadline = Date.now() + 5000;
      let last = '';
      while (Date.now() < deadline) {
        const body = await json('GET', path, 200, requestOptions);
        last = body[key]?.status;
        if (last === status) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`${path}: status ${last}, expected ${status}`);
    },
    as: (name, context) => callers.as(name, context),
    sentToCompute,
    close: async () => {
      await app.close();
      await volumeServices.stop();
      await schedulerListening.stop();
      await bus.close();
      await db.destroy();
    },
  };
}
