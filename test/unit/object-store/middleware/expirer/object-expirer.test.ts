import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../../../../src/common/logging.js';
import { EXPIRING_OBJECTS_ACCOUNT } from '../../../../../src/object-store/middleware/expirer/expiring-objects-queue.js';
import { ObjectExpirer } from '../../../../../src/object-store/middleware/expirer/object-expirer.js';
import { Replicas } from '../../../../../src/object-store/proxy/replicas.js';
import { objectStoreTestApp, type ObjectStoreTestApp } from '../../../../helpers/object-store-app.js';

const call = (
  store: ObjectStoreTestApp,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
) => store.request(method, path, { headers, body });

const names = async (store: ObjectStoreTestApp, container: string) =>
  ((await call(store, 'GET', `/${container}?format=json`)).json() as { name: string }[]).map((o) => o.name);

describe('object expirer', () => {
  /** The Swift API and, beside it, the replicas the expirer works on: the same rings and storage node. */
  let cluster: ObjectStoreTestApp;
  let replicas: Replicas;
  const logger = createLogger('silent');

  before(async () => {
    cluster = await objectStoreTestApp();
    replicas = new Replicas(cluster.rings, cluster.transport);
    await call(cluster, 'PUT', '/box');
  });
  after(() => cluster.close());

  const expirerAt = (offsetSeconds: number) =>
    new ObjectExpirer({
      replicas,
      logger,
      now: () => Date.now() + offsetSeconds * 1000,
    });

  it('queues an object given X-Delete-After and deletes it once its time has passed', async () => {
    const put = await call(cluster, 'PUT', '/box/short-lived', { 'x-delete-after': '30' }, 'bye');
    assert.equal(put.statusCode, 201);
    const queue = await replicas.read(
      { account: EXPIRING_OBJECTS_ACCOUNT },
      { method: 'GET', headers: {}, query: { format: 'json' } },
    );
    assert.equal(queue.status, 200);
    assert.equal((JSON.parse(String(queue.body)) as unknown[]).length, 1);

    assert.deepEqual(await expirerAt(0).runOnce(), { deleted: 0, stale: 0, failed: 0 });
    assert.deepEqual(await names(cluster, 'box'), ['short-lived']);

    assert.deepEqual(await expirerAt(60).runOnce(), { deleted: 1, stale: 0, failed: 0 });
    assert.deepEqual(await names(cluster, 'box'), []);
    assert.equal((await call(cluster, 'GET', '/box/short-lived')).statusCode, 404);
    // The queue is empty again: a further pass has nothing to do.
    assert.deepEqual(await expirerAt(60).runOnce(), { deleted: 0, stale: 0, failed: 0 });
  });

  it('queues a POST that sets X-Delete-At', async () => {
    await call(cluster, 'PUT', '/box/posted', {}, 'data');
    const at = Math.floor(Date.now() / 1000) + 30;
    const post = await call(cluster, 'POST', '/box/posted', { 'x-delete-at': String(at) });
    assert.equal(post.statusCode, 202);
    assert.deepEqual(await expirerAt(60).runOnce(), { deleted: 1, stale: 0, failed: 0 });
    assert.equal((await call(cluster, 'GET', '/box/posted')).statusCode, 404);
  });

  it('leaves an object overwritten since without an expiry, and drops its entry', async () => {
    await call(cluster, 'PUT', '/box/kept', { 'x-delete-after': '30' }, 'old');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await call(cluster, 'PUT', '/box/kept', {}, 'new');
    assert.deepEqual(await expirerAt(60).runOnce(), { deleted: 0, stale: 1, failed: 0 });
    const kept = await call(cluster, 'GET', '/box/kept');
    assert.equal(kept.statusCode, 200);
    assert.equal(kept.body, 'new');
  });
});
