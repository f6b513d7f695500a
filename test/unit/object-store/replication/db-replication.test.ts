import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { DbReplicator } from '../../../../src/object-store/replication/db-replicator.js';
import { hashPath, storageDirectory } from '../../../../src/object-store/storage/hash-path.js';
import {
  jsonOf,
  nextTimestamp,
  NODE,
  onePartitionRing,
  request,
  ringDevices,
  SALT,
  storageNode,
} from '../storage/storage-fixtures.js';

const PARTITION = 5;
const ring = onePartitionRing(PARTITION, ringDevices(['d1', 'd2', 'd3', 'd4'], NODE));

describe('container and account replicators', () => {
  let fixture: Awaited<ReturnType<typeof storageNode>>;
  let containers: DbReplicator;
  let accounts: DbReplicator;

  beforeEach(async () => {
    fixture = await storageNode();
    await mkdir(join(fixture.root, 'd4'));
    const where = { ring, node: NODE, devicesRoot: fixture.root, transport: fixture.transport };
    containers = new DbReplicator({ ...where, server: 'container' });
    accounts = new DbReplicator({ ...where, server: 'account' });
  });
  afterEach(() => fixture.dispose());

  const putContainer = (device: string, headers: Record<string, string> = {}) =>
    fixture.node.handle(
      request('PUT', `${device}/${PARTITION}/AUTH_a/c`, {
        'x-timestamp': nextTimestamp().internal,
        ...headers,
      }),
    );
  const putRow = (device: string, name: string, size: number) =>
    fixture.node.handle(
      request(
        'PUT',
        `${device}/${PARTITION}/AUTH_a/c/${name}`,
        {
          'x-timestamp': nextTimestamp().internal,
          'x-size': String(size),
          'x-content-type': 'text/plain',
          'x-etag': 'd41d8cd98f00b204e9800998ecf8427e',
        },
        { server: 'container' },
      ),
    );
  const listing = async (device: string) => {
    const answer = await fixture.node.handle(
      request('GET', `${device}/${PARTITION}/AUTH_a/c`, {}, { query: { format: 'json' } }),
    );
    if (answer.status !== 200)
      return { status: answer.status, names: [] as string[], headers: answer.headers };
    const rows = await jsonOf<{ name: string; bytes: number }[]>(answer);
    return { status: answer.status, names: rows.map((row) => row.name), headers: answer.headers };
  };
  const dbFolder = (device: string) =>
    storageDirectory(join(fixture.root, device), 'containers', PARTITION, hashPath(SALT, 'AUTH_a', 'c'));

  test('a device without the database gets a whole copy', async () => {
    await putContainer('d1', { 'x-container-meta-color': 'blue' });
    await putRow('d1', 'one', 3);
    const stats = await containers.replicateOnce();
    assert.equal(stats.pushed, 2);
    for (const device of ['d2', 'd3']) {
      const { names, headers } = await listing(device);
      assert.deepEqual(names, ['one']);
      assert.equal(headers['x-container-meta-color'], 'blue');
      assert.equal(headers['x-container-object-count'], '1');
    }
    assert.equal((await containers.replicateOnce()).pushed, 0, 'in sync: nothing sent');
  });

  test('replicas holding different rows merge them, newer winning', async () => {
    for (const device of ['d1', 'd2', 'd3']) await putContainer(device);
    await putRow('d1', 'one', 1);
    await putRow('d2', 'two', 2);
    await putRow('d3', 'one', 10);
    await fixture.node.handle(
      request(
        'DELETE',
        `d3/${PARTITION}/AUTH_a/c/two`,
        { 'x-timestamp': nextTimestamp().internal },
        { server: 'container' },
      ),
    );
    await containers.replicateOnce();
    for (const device of ['d1', 'd2', 'd3']) {
      const { names, headers } = await listing(device);
      assert.deepEqual(names, ['one'], device);
      assert.equal(headers['x-container-bytes-used'], '10', device);
    }
  });

  test('a handoff database goes to its primaries and is removed', async () => {
    await putContainer('d4');
    await putRow('d4', 'handed', 4);
    const stats = await containers.replicateOnce();
    assert.equal(stats.handoffsRemoved, 1);
    assert.equal(existsSync(dbFolder('d4')), false);
    for (const device of ['d1', 'd2', 'd3']) assert.deepEqual((await listing(device)).names, ['handed']);
  });

  test('a handoff is kept while a primary is gone', async () => {
    await putContainer('d4');
    await rm(join(fixture.root, 'd2'), { recursive: true });
    const stats = await containers.replicateOnce();
    assert.equal(stats.handoffsRemoved, 0);
    assert.ok(stats.failures > 0);
    assert.equal(existsSync(dbFolder('d4')), true);
    assert.equal(existsSync(join(fixture.root, 'd2')), false);
  });

  test('account databases replicate too', async () => {
    await fixture.node.handle(
      request('PUT', `d1/${PARTITION}/AUTH_a`, {
        'x-timestamp': nextTimestamp().internal,
        'x-account-meta-owner': 'me',
      }),
    );
    assert.equal((await accounts.replicateOnce()).pushed, 2);
    const head = await fixture.node.handle(request('HEAD', `d3/${PARTITION}/AUTH_a`));
    assert.equal(head.status, 204);
    assert.equal(head.headers['x-account-meta-owner'], 'me');
  });

  test('a pushed body that is no database is refused', async () => {
    const answer = await fixture.node.handle({
      method: 'REPLICATE',
      server: 'container',
      device: 'd1',
      partition: PARTITION,
      account: hashPath(SALT, 'AUTH_a', 'c'),
      headers: {},
      body: Buffer.from('not sqlite'),
    });
    assert.equal(answer.status, 422);
  });
});
