import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseBindAddress } from '../../../../src/cli/object-store-node.js';
import {
  ensureHashPathSalt,
  HASH_PATH_SALT_FILE,
  RING_KINDS,
  RingBuilder,
} from '../../../../src/object-store/ring/index.js';
import {
  clusterRingPath,
  ClusterRingsError,
  readClusterRings,
} from '../../../../src/object-store/storage-node/cluster-rings.js';

const root = mkdtempSync(join(tmpdir(), 'stratus-cluster-rings-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('a rings folder without its salt or a ring is refused with what to do', async () => {
  const dir = join(root, 'incomplete');
  mkdirSync(dir);
  await assert.rejects(readClusterRings(dir), (error: Error) => {
    assert.ok(error instanceof ClusterRingsError);
    assert.match(error.message, /hash_path_salt is missing: make it once with "stratus object-store salt/);
    return true;
  });
  await ensureHashPathSalt(join(dir, HASH_PATH_SALT_FILE));
  await assert.rejects(
    readClusterRings(dir),
    /account\.ring\.json is missing: build it with "stratus object-store ring"/,
  );
});

test('the rings of a folder name the nodes they were built with', async () => {
  const dir = join(root, 'complete');
  mkdirSync(dir);
  await ensureHashPathSalt(join(dir, HASH_PATH_SALT_FILE));
  for (const kind of RING_KINDS) {
    const builder = RingBuilder.create(4, 2, 1);
    builder.addDevice({ region: 1, zone: 1, ip: '127.0.0.1', port: 6201, device: 'd1', weight: 1 });
    builder.addDevice({ region: 1, zone: 2, ip: '127.0.0.1', port: 6202, device: 'd2', weight: 1 });
    builder.rebalance({ seed: kind });
    await builder.save(clusterRingPath(dir, kind));
  }
  const { rings } = await readClusterRings(dir);
  for (const kind of RING_KINDS)
    assert.deepEqual(
      rings[kind]
        .devices()
        .map((device) => device.port)
        .sort(),
      [6201, 6202],
    );
});

test('a node binds to the address its rings name it by', () => {
  assert.deepEqual(parseBindAddress('127.0.0.1:6200'), { ip: '127.0.0.1', port: 6200 });
  assert.deepEqual(parseBindAddress('[::1]:6201'), { ip: '::1', port: 6201 });
  for (const bad of ['localhost:6200', '127.0.0.1', '127.0.0.1:0', '127.0.0.1:70000'])
    assert.throws(() => parseBindAddress(bad), /expected <ip>:<port>/, bad);
});
