import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RingLookup, RingNode } from '../../../../src/object-store/ring/ring-types.js';
import { ContainerUpdater } from '../../../../src/object-store/storage/container/container-updater.js';
import { ObjectUpdater } from '../../../../src/object-store/storage/object/object-updater.js';
import {
  containerHeaders,
  HOST,
  jsonOf,
  NODE,
  nextTimestamp,
  request,
  storageNode,
} from './storage-fixtures.js';

/** An account ring of one partition on d3 of the test node. */
const accountRing: RingLookup = {
  partPower: 0,
  replicas: 1,
  partitionOf: () => 1,
  primaryNodes: (): RingNode[] => [
    { id: 0, region: 1, zone: 1, ip: NODE.ip, port: NODE.port, device: 'd3', weight: 1, index: 0 },
  ],
  handoffNodes: function* () {},
  devices: () => [],
};

async function filesUnder(folder: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => [])) {
    if (entry.isFile()) found.push(entry.name);
  }
  return found;
}

describe('updates between servers', () => {
  let fixture: Awaited<ReturnType<typeof storageNode>>;
  before(async () => {
    fixture = await storageNode({ containerUpdateTimeoutMs: 1000 });
  });
  after(() => fixture.dispose());

  const handle = (...args: Parameters<typeof request>) => fixture.node.handle(request(...args));
  const listing = async (path: string) =>
    await jsonOf<{ name: string; bytes: number }[]>(await handle('GET', path));

  test('an object PUT and DELETE update the container listing on the container server named', async () => {
    await handle('PUT', 'd1/7/AUTH_u/docs', { 'x-timestamp': nextTimestamp().internal });
    const put = await handle(
      'PUT',
      'd2/3/AUTH_u/docs/readme.txt',
      { 'x-timestamp': nextTimestamp().internal, 'content-type': 'text/plain', ...containerHeaders(['d1']) },
      { body: Buffer.from('read me') },
    );
    assert.equal(put.status, 201);
    assert.deepEqual(
      (await listing('d1/7/AUTH_u/docs')).map(({ name, bytes }) => ({ name, bytes })),
      [{ name: 'readme.txt', bytes: 7 }],
    );
    const deleted = await handle('DELETE', 'd2/3/AUTH_u/docs/readme.txt', {
      'x-timestamp': nextTimestamp().internal,
      ...containerHeaders(['d1']),
    });
    assert.equal(deleted.status, 204);
    assert.deepEqual(await listing('d1/7/AUTH_u/docs'), []);
  });

  test('an update that fails is kept as an async pending, and the object updater sends it later', async () => {
    await handle('PUT', 'd1/7/AUTH_u/later', { 'x-timestamp': nextTimestamp().internal });
    const down = { ip: '127.0.0.11', port: 6201 };
    const headers = {
      'x-container-host': `${HOST},${down.ip}:${down.port}`,
      'x-container-device': 'd1,d1',
      'x-container-partition': '7',
    };
    for (const [name, body] of [
      ['o', 'first'],
      ['o', 'second'],
    ]) {
      const put = await handle(
        'PUT',
        'd2/3/AUTH_u/later/' + name,
        { 'x-timestamp': nextTimestamp().internal, 'content-type': 'text/plain', ...headers },
        { body: Buffer.from(body) },
      );
      assert.equal(put.status, 201, 'the write succeeds though one container server is down');
    }
    const pendings = await filesUnder(join(fixture.root, 'd2', 'async_pending'));
    assert.equal(pendings.length, 2);

    const updater = new ObjectUpdater({ devicesRoot: fixture.root, transport: fixture.transport });
    assert.deepEqual(
      await updater.sweep(),
      { sent: 0, kept: 1 },
      'only the newest pending of an object is kept',
    );
    assert.equal((await filesUnder(join(fixture.root, 'd2', 'async_pending'))).length, 1);

    // The down container server comes back (another node, its own devices).
    const other = await storageNode();
    try {
      fixture.transport.register(down, other.node);
      await other.node.handle(
        request('PUT', 'd1/7/AUTH_u/later', { 'x-timestamp': nextTimestamp().internal }),
      );
      assert.deepEqual(await updater.sweep(), { sent: 1, kept: 0 });
      assert.deepEqual(await filesUnder(join(fixture.root, 'd2', 'async_pending')), []);
      const rows = await jsonOf<{ name: string; bytes: number }[]>(
        await other.node.handle(request('GET', 'd1/7/AUTH_u/later')),
      );
      assert.deepEqual(
        rows.map(({ name, bytes }) => ({ name, bytes })),
        [{ name: 'o', bytes: 6 }],
      );
    } finally {
      fixture.transport.unregister(down);
      await other.dispose();
    }
  });

  test('a started object updater sweeps in the background until stopped', async () => {
    await handle('PUT', 'd1/7/AUTH_u/bg', { 'x-timestamp': nextTimestamp().internal });
    const down = { ip: '127.0.0.12', port: 6201 };
    const headers = {
      'x-container-host': `${down.ip}:${down.port}`,
      'x-container-device': 'd1',
      'x-container-partition': '7',
    };
    await handle(
      'PUT',
      'd3/3/AUTH_u/bg/o',
      { 'x-timestamp': nextTimestamp().internal, 'content-type': 'text/plain', ...headers },
      { body: Buffer.from('x') },
    );
    assert.equal((await filesUnder(join(fixture.root, 'd3', 'async_pending'))).length, 1);
    fixture.transport.register(down, fixture.node);
    const updater = new ObjectUpdater({
      devicesRoot: fixture.root,
      transport: fixture.transport,
      intervalMs: 20,
    });
    updater.start();
    try {
      for (
        let i = 0;
        i < 100 && (await filesUnder(join(fixture.root, 'd3', 'async_pending'))).length > 0;
        i += 1
      ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await updater.stop();
      fixture.transport.unregister(down);
    }
    assert.deepEqual(await filesUnder(join(fixture.root, 'd3', 'async_pending')), []);
    assert.deepEqual(
      (await listing('d1/7/AUTH_u/bg')).map((entry) => entry.name),
      ['o'],
    );
  });

  test('a container PUT and DELETE update the account; a missing account makes the container PUT 404', async () => {
    const accountHeaders = { 'x-account-host': HOST, 'x-account-device': 'd3', 'x-account-partition': '1' };
    const orphan = await handle('PUT', 'd1/7/AUTH_v/c1', {
      'x-timestamp': nextTimestamp().internal,
      ...accountHeaders,
    });
    assert.equal(orphan.status, 404);

    await handle('PUT', 'd3/1/AUTH_v', { 'x-timestamp': nextTimestamp().internal });
    // Swift made the database before the account said 404; the container exists now, so 202.
    assert.equal(
      (await handle('PUT', 'd1/7/AUTH_v/c1', { 'x-timestamp': nextTimestamp().internal, ...accountHeaders }))
        .status,
      202,
    );
    assert.equal(
      (await handle('PUT', 'd1/7/AUTH_v/c2', { 'x-timestamp': nextTimestamp().internal, ...accountHeaders }))
        .status,
      201,
    );
    assert.deepEqual(
      (await listing('d3/1/AUTH_v')).map((entry) => entry.name),
      ['c1', 'c2'],
    );
    assert.equal(
      (
        await handle('DELETE', 'd1/7/AUTH_v/c2', {
          'x-timestamp': nextTimestamp().internal,
          ...accountHeaders,
        })
      ).status,
      204,
    );
    assert.deepEqual(
      (await listing('d3/1/AUTH_v')).map((entry) => entry.name),
      ['c1'],
    );
  });

  test('the container updater reports object counts and bytes to the account, once per burst', async () => {
    await handle('PUT', 'd3/1/AUTH_w', { 'x-timestamp': nextTimestamp().internal });
    const accountHeaders = { 'x-account-host': HOST, 'x-account-device': 'd3', 'x-account-partition': '1' };
    await handle('PUT', 'd1/7/AUTH_w/pics', { 'x-timestamp': nextTimestamp().internal, ...accountHeaders });
    for (let i = 0; i < 5; i += 1) {
      await handle(
        'PUT',
        `d2/3/AUTH_w/pics/p${i}`,
        { 'x-timestamp': nextTimestamp().internal, 'content-type': 'image/png', ...containerHeaders(['d1']) },
        { body: Buffer.alloc(100 * (i + 1)) },
      );
    }
    const updater = new ContainerUpdater({
      containers: fixture.node.containers,
      devicesRoot: fixture.root,
      accountRing,
      transport: fixture.transport,
    });
    assert.equal(await updater.reportChanged(), 1);
    const head = await handle('HEAD', 'd3/1/AUTH_w');
    assert.equal(head.headers['x-account-object-count'], '5');
    assert.equal(head.headers['x-account-bytes-used'], '1500');
    assert.equal(await updater.reportChanged(), 0, 'nothing changed since');

    // Forgotten changes (a restart) are found by the sweep of the databases.
    await handle('DELETE', 'd2/3/AUTH_w/pics/p0', {
      'x-timestamp': nextTimestamp().internal,
      ...containerHeaders(['d1']),
    });
    fixture.node.containers.changed.clear();
    await updater.sweep();
    assert.equal(await updater.reportChanged(), 1);
    assert.equal((await handle('HEAD', 'd3/1/AUTH_w')).headers['x-account-object-count'], '4');
  });
});
