import type { FastifyInstance, InjectOptions, LightMyRequestResponse, RouteOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { RequestContext, TokenValidator } from '../../src/common/auth/context.js';
import { defaultConfig } from '../../src/common/config/index.js';
import { connect, connectMemory, migrate } from '../../src/common/db/index.js';
import { mountService } from './mount-service.js';
import { createLogger } from '../../src/common/logging.js';
import { createPolicyEnforcer } from '../../src/common/policy/index.js';
import { imageMigrations } from '../../src/image/db/migrations/index.js';
import type { ImageSchema } from '../../src/image/db/schema.js';
import type { ImageDeps } from '../../src/image/deps.js';
import { BackgroundWork } from '../../src/image/import/background-work.js';
import { imagePolicies } from '../../src/image/policies.js';
import { buildImage } from '../../src/image/service.js';
import type { ImageStore } from '../../src/image/stores/image-store.js';
import { MemoryStore } from '../../src/image/stores/memory-store.js';
import { fixedCallers, PROJECTS } from './fixed-callers.js';

export { PROJECTS };

export const IMAGE_BASE_URL = 'http://stratus.test/image';

export interface ImageTestApp {
  app: FastifyInstance;
  /** Every route the image plugin registered, for the schema meta-test. */
  routes: RouteOptions[];
  db: Kysely<ImageSchema>;
  deps: ImageDeps;
  store: ImageStore;
  staging: ImageStore;
  /**
   * Calls the image API as a fixed caller ('admin', 'member', 'reader', 'other', 'service', or a
   * name given to `as`); an object or array body is sent as JSON unless headers say otherwise.
   */
  request(
    method: string,
    url: string,
    caller?: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  /** Creates an image as `caller` and returns its JSON. */
  createImage(caller: string, fields?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Uploads data to an image as `caller`. */
  upload(caller: string, id: string, data: Buffer | string): Promise<LightMyRequestResponse>;
  /** PATCHes an image with a 2.1 JSON patch. */
  patch(caller: string, id: string, changes: unknown): Promise<LightMyRequestResponse>;
  as(name: string, context: Partial<RequestContext>): void;
  /** Waits for background imports to finish. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface ImageTestOptions {
  configure?: (config: ImageDeps['config']) => void;
  now?: () => Date;
  store?: ImageStore;
  staging?: ImageStore;
  webDownload?: ImageDeps['webDownload'];
  /** A database other than in-memory SQLite, e.g. a PostgreSQL URL. */
  databaseUrl?: string;
  /** Validates tokens instead of the fixed callers, e.g. identity's real token service. */
  validator?: TokenValidator;
}

/**
 * The image service over an in-memory database and in-memory stores, served through Fastify's
 * inject, with fixed callers ('admin' on project admin, 'member' and 'reader' on project one,
 * 'other' on project two) and every response checked against its route's schema.
 */
export async function imageTestApp(options: ImageTestOptions = {}): Promise<ImageTestApp> {
  const { db } = options.databaseUrl
    ? connect<ImageSchema>(options.databaseUrl, '', 'image')
    : connectMemory<ImageSchema>();
  await migrate(db as Kysely<unknown>, 'image', imageMigrations);
  const config = defaultConfig('/nonexistent');
  options.configure?.(config);
  const logger = createLogger('silent');
  const store = options.store ?? new MemoryStore();
  const staging = options.staging ?? new MemoryStore('os_glance_staging_store');
  const deps: ImageDeps = {
    db,
    config,
    logger,
    baseUrl: IMAGE_BASE_URL,
    policy: createPolicyEnforcer(imagePolicies, config.policy),
    now: options.now ?? (() => new Date()),
    store,
    staging,
    background: new BackgroundWork(logger),
    ...(options.webDownload ? { webDownload: options.webDownload } : {}),
  };
  const validator = fixedCallers();
  const auth = { validator: options.validator ?? validator, identityUri: 'http://stratus.test/identity/v3' };
  const { app, routes } = await mountService(buildImage(deps, auth), '/image', 64 * 1024);

  const request: ImageTestApp['request'] = (method, url, caller = 'admin', body, headers = {}) => {
    const options: InjectOptions = {
      method: method as 'GET',
      url: `/image${url}`,
      headers: { 'x-auth-token': caller, accept: 'application/json', ...headers },
    };
    if (body !== undefined) {
      const raw = typeof body === 'string' || Buffer.isBuffer(body);
      options.payload = raw ? (body as string | Buffer) : JSON.stringify(body);
      if (!('content-type' in headers)) options.headers!['content-type'] = 'application/json';
    }
    return app.inject(options);
  };
  return {
    app,
    routes,
    db,
    deps,
    store,
    staging,
    request,
    async createImage(caller, fields = {}) {
      const response = await request('POST', '/v2/images', caller, {
        disk_format: 'raw',
        container_format: 'bare',
        ...fields,
      });
      if (response.statusCode !== 201)
        throw new Error(`create failed: ${response.statusCode} ${response.body}`);
      return response.json();
    },
    upload: (caller, id, data) =>
      request('PUT', `/v2/images/${id}/file`, caller, Buffer.from(data), {
        'content-type': 'application/octet-stream',
      }),
    patch: (caller, id, changes) =>
      request('PATCH', `/v2/images/${id}`, caller, JSON.stringify(changes), {
        'content-type': 'application/openstack-images-v2.1-json-patch',
      }),
    as: (name, context) => validator.as(name, context),
    idle: () => deps.background.idle(),
    close: async () => {
      await deps.background.idle();
      await app.close();
      await db.destroy();
    },
  };
}
