import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureAllInOneRings, RING_KINDS } from '../../../../src/object-store/ring/all-in-one-rings.js';
import { readHashPathSalt } from '../../../../src/object-store/ring/hash-path-salt.js';
import { Ring } from '../../../../src/object-store/ring/ring.js';

describe('all-in-one rings', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stratus-aio-rings-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('first start: a salt and three rings of d1..d3 in zones 1..3, every partition on all three', async () => {
    const made = await ensureAllInOneRings(dir, { ip: '127.0.0.1', port: 6200 });
    assert.match(made.salt.suffix, /^[0-9a-f]{32}$/);
    assert.equal(made.salt.prefix, '');
    assert.equal((await stat(join(dir, 'hash_path_salt'))).mode & 0o777, 0o600);
    for (const kind of RING_KINDS) {
      assert.equal(made.paths[kind], join(dir, 'rings', `${kind}.ring.json`));
      const ring = new Ring(made.paths[kind], made.salt);
      assert.equal(ring.partPower, 10);
      assert.equal(ring.replicas, 3);
      assert.deepEqual(
        ring.devices().map(({ device, zone, ip, port }) => ({ device, zone, ip, port })),
        [1, 2, 3].map((n) => ({ device: `d${n}`, zone: n, ip: '127.0.0.1', port: 6200 })),
      );
      for (const partition of [0, 511, 1023]) {
        assert.deepEqual(
          ring
            .primaryNodes(partition)
            .map((node) => node.device)
            .sort(),
          ['d1', 'd2', 'd3'],
        );
        assert.deepEqual([...ring.handoffNodes(partition)], [], 'no device is left for handoffs');
      }
    }
  });

  test('idempotent: a second start keeps the salt and the rings as they are', async () => {
    const salt = await readHashPathSalt(join(dir, 'hash_path_salt'));
    const before = await readFile(join(dir, 'rings', 'object.ring.json'), 'utf8');
    const again = await ensureAllInOneRings(dir, { ip: '127.0.0.2', port: 7000 });
    assert.deepEqual(again.salt, salt);
    assert.equal(await readFile(join(dir, 'rings', 'object.ring.json'), 'utf8'), before);
  });
});
