import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createLogger } from '../../../../../src/common/logging.js';
import { EXPIRING_OBJECTS_ACCOUNT } from '../../../../../src/object-store/middleware/expirer/expiring-objects-queue.js';
import { ObjectExpirer } from '../../../../../src/object-store/middleware/expirer/object-expirer.js';
import { Replicas } from '../../../../../src/object-store/proxy/replicas.js';
import { ALL_IN_ONE_DEVICES, ensureAllInOneRings, Ring } from '../../../../../src/object-store/ring/index.js';
import { buildObjectStore } from '../../../../../src/object-store/service.js';
import { InProcessTransport } from '../../../../../src/object-store/storage/in-process-transport.js';
import { LocalStorageNode } from '../../../../../src/object-store/storage/local-storage-node.js';
import { fixedCallers, PROJECTS } from '../../../../helpers/fixed-callers.js';
import { mountService } from '../../../../helpers/mount-service.js';

const ACCOUNT = `AUTH_${PROJECTS.one}`;
const NODE = { ip: '127.0.0.1', port: 6200 };

/** The Swift API and, beside it, the replicas the expirer works on: the same rings and storage node. */
async function expiryCluster() {
  const dataDir = mkdtempSync(join(tmpdir(), 'stratus-expirer-'));
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
  const logger = createLogger('silent');
  const plugin = buildObjectStore(
    { rings, transport, logger, now: Date.now },
    { validator: fixedCallers(), identityUri: 'http://stratus.test/identity/v3' },
  );
  const { app } = await mountService(plugin, '/object-store');
  return {
    app,
    replicas: new Replicas(rings, transport),
    logger,
    async close() {
      await app.close();
      node.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const call = (
  app: FastifyInstance,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  payload?: string,
) =>
  app.inject({
    method: method as 'GET',
    url: `/object-store/v1/${ACCOUNT}${path}`,
    headers: { 'x-auth-token': 'member', ...headers },
    ...(payload === undefined ? {} : { payload }),
  });

const names = async (app: FastifyInstance, container: string) =>
  ((await call(app, 'GET', `/${container}?format=json`)).json() as { name: string }[]).map((o) => o.name);

describe('object expirer', () => {
  let cluster: Awaited<ReturnType<typeof expiryCluster>>;

  before(async () => {
    cluster = await expiryCluster();
    await call(cluster.app, 'PUT', '/box');
  });
  after(() => cluster.close());

  const expirerAt = (offsetSeconds: number) =>
    new ObjectExpirer({
      replicas: cluster.replicas,
      logger: cluster.logger,
      now: () => Date.now() + offsetSeconds * 1000,
    });

  it('queues an object given X-Delete-After and deletes it once its time has passed', async () => {
    const put = await call(cluster.app, 'PUT', '/box/short-lived', { 'x-delete-after': '30' }, 'bye');
    assert.equal(put.statusCode, 201);
    const queue = await cluster.replicas.read(
      { account: EXPIRING_OBJECTS_ACCOUNT },
      { method: 'GET', headers: {}, query: { format: 'json' } },
    );
    assert.equal(queue.status, 200);
    assert.equal((JSON.parse(String(queue.body)) as unknown[]).length, 1);

    assert.deepEqual(await expirerAt(0).runOnce(), { deleted: 0, stale: 0, failed: 0 });
    assert.deepEqual(await names(cluster.app, 'box'), ['short-lived']);

    assert.deepEqual(await expirerAt(60).runOnce(), { deleted: 1, stale: 0, failed: 0 });
    assert.deepEqual(await names(cluster.app, 'box'), []);
    assert.equal((await call(cluster.app, 'GET', '/box/short-lived')).statusCode, 404);
    // The queue is empty again: a further pass has nothing to do.
    assert.deepEqual(await expirerAt(60).runOnce(), { deleted: 0, stale: 0, failed: 0 });
  });

  it('queues a POST that sets X-Delete-At', async () => {
    await call(cluster.app, 'PUT', '/box/posted', {}, 'data');
    const at = Math.floor(Date.now() / 1000) + 30;
    const post = await call(cluster.app, 'POST', '/box/posted', { 'x-delete-at': String(at) });
    assert.equal(post.statusCode, 202);
    assert.deepEqual(await expirerAt(60).runOnce(), { deleted: 1, stale: 0, failed: 0 });
    assert.equal((await call(cluster.app, 'GET', '/box/posted')).statusCode, 404);
  });

  it('leaves an object overwritten since without an expiry, and drops its entry', async () => {
    await call(cluster.app, 'PUT', '/box/kept', { 'x-delete-after': '30' }, 'old');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await call(cluster.app, 'PUT', '/box/kept', {}, 'new');
    assert.deepEqual(await expirerAt(60).runOnce(), { deleted: 0, stale: 1, failed: 0 });
    const kept = await call(cluster.app, 'GET', '/box/kept');
    assert.equal(kept.statusCode, 200);
    assert.equal(kept.body, 'new');
  });
});
