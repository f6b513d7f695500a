import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createLogger } from '../../src/common/logging.js';
import { ALL_IN_ONE_DEVICES, ensureAllInOneRings, Ring } from '../../src/object-store/ring/index.js';
import { S3Error } from '../../src/object-store/s3/s3-error.js';
import { buildObjectStore } from '../../src/object-store/service.js';
import { InProcessTransport } from '../../src/object-store/storage/in-process-transport.js';
import { LocalStorageNode } from '../../src/object-store/storage/local-storage-node.js';
import type { NodeAddress } from '../../src/object-store/storage/storage-protocol.js';
import { fixedCallers, PROJECTS } from './fixed-callers.js';
import { mountService } from './mount-service.js';

export interface SwiftRequest {
  /** A fixed caller ('member' by default; null for an anonymous request). */
  caller?: string | null;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The account; that of project one (the member's) by default. */
  account?: string;
}

export interface ObjectStoreTestApp {
  app: FastifyInstance;
  dataDir: string;
  /** The storage node's devices folder (`d1`..`d3`), for tests that take a device away. */
  devicesRoot: string;
  /** The storage node, its address on the rings, the rings and the transport (for the replicators). */
  node: LocalStorageNode;
  nodeAddress: NodeAddress;
  rings: { account: Ring; container: Ring; object: Ring };
  transport: InProcessTransport;
  /** Calls `/object-store/v1/<account><path>`. */
  request(method: string, path: string, options?: SwiftRequest): Promise<LightMyRequestResponse>;
  as: ReturnType<typeof fixedCallers>['as'];
  close(): Promise<void>;
}

export const MEMBER_ACCOUNT = `AUTH_${PROJECTS.one}`;
export const OTHER_ACCOUNT = `AUTH_${PROJECTS.two}`;

const NODE = { ip: '127.0.0.1', port: 6200 };

/**
 * The Swift API over the all-in-one rings (three devices, three replicas) and a storage node in
 * a temporary folder, behind Fastify's inject, with the fixed callers of fixed-callers.ts.
 */
export async function objectStoreTestApp(): Promise<ObjectStoreTestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stratus-object-store-'));
  const { salt, paths } = await ensureAllInOneRings(dataDir, NODE);
  const devicesRoot = join(dataDir, 'devices');
  for (const device of ALL_IN_ONE_DEVICES) mkdirSync(join(devicesRoot, device), { recursive: true });
  const transport = new InProcessTransport();
  const node = new LocalStorageNode({ devicesRoot, salt, transport });
  transport.register(NODE, node);
  const rings = {
    account: new Ring(paths.account, salt),
    container: new Ring(paths.container, salt),
    object: new Ring(paths.object, salt),
  };
  const callers = fixedCallers();
  const plugin = buildObjectStore(
    { rings, transport, logger: createLogger('silent'), now: Date.now },
    {
      validator: callers,
      identityUri: 'http://stratus.test/identity/v3',
      s3Credentials: {
        check: async () => {
          throw new S3Error(403, 'InvalidAccessKeyId', 'No S3 credentials in this test app.');
        },
      },
    },
  );
  const { app } = await mountService(plugin, '/object-store');
  return {
    app,
    dataDir,
    devicesRoot,
    node,
    nodeAddress: NODE,
    rings,
    transport,
    request: (method, path, { caller = 'member', headers = {}, body, account = MEMBER_ACCOUNT } = {}) =>
      app.inject({
        method: method as 'GET',
        url: `/object-store/v1/${account}${path}`,
        headers: { ...(caller === null ? {} : { 'x-auth-token': caller }), ...headers },
        ...(body === undefined ? {} : { payload: body }),
      }),
    as: (name, context) => callers.as(name, context),
    async close() {
      await app.close();
      node.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
