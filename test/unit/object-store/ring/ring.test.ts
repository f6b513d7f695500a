import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { hashPathDigest, partitionOfDigest } from '../../../../src/object-store/ring/hash-path.js';
import { RingBuilder } from '../../../../src/object-store/ring/ring-builder.js';
import { RingFileError } from '../../../../src/object-store/ring/ring-file.js';
import { Ring } from '../../../../src/object-store/ring/ring.js';

const salt = { prefix: '', suffix: 'changeme' };

/** Two devices (two servers) in each of `zones` zones of region 1. */
function builderOf(zones: number, partPower = 8): RingBuilder {
  const builder = RingBuilder.create(partPower, 3, 0);
  for (let zone = 1; zone <= zones; zone++)
    for (const server of [1, 2])
      builder.addDevice({
        region: 1,
        zone,
        ip: `10.0.${zone}.${server}`,
        port: 6200,
        device: 'sdb',
        weight: 100,
      });
  return builder;
}

describe('ring lookups', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stratus-ring-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('partitionOf hashes with the salt; primaries are the table row, one per zone', async () => {
    const path = join(dir, 'object.ring.json');
    const builder = builderOf(3, 10);
    builder.rebalance({ seed: 1, now: 0 });
    await builder.save(path);
    const ring = new Ring(path, salt);
    assert.equal(ring.partPower, 10);
    assert.equal(ring.replicas, 3);
    assert.equal(ring.partitionOf('AUTH_test', 'c', 'o'), 461);
    assert.equal(ring.partitionOf('a'), 739);
    const table = builder.ringData()!.replica2part2dev;
    const nodes = ring.primaryNodes(461);
    assert.deepEqual(
      nodes.map((node) => node.id),
      table.map((row) => row[461]),
    );
    assert.deepEqual(
      nodes.map((node) => node.index),
      [0, 1, 2],
    );
    assert.equal(new Set(nodes.map((node) => node.zone)).size, 3);
    assert.equal(ring.devices().length, 6);
    assert.throws(() => ring.primaryNodes(1024), RangeError);
    assert.equal(
      partitionOfDigest(hashPathDigest(salt, 'AUTH_test', 'c', 'o'), ring.partPower),
      ring.partitionOf('AUTH_test', 'c', 'o'),
    );
  });

  test('handoffs: never a primary, other zones first, then every other device once', async () => {
    const path = join(dir, 'handoffs.ring.json');
    const builder = builderOf(4);
    builder.rebalance({ seed: 2, now: 0 });
    await builder.save(path);
    const ring = new Ring(path, salt);
    for (let partition = 0; partition < 256; partition++) {
      const primaries = ring.primaryNodes(partition);
      const handoffs = [...ring.handoffNodes(partition)];
      const primaryIds = new Set(primaries.map((node) => node.id));
      assert.ok(
        handoffs.every((node) => !primaryIds.has(node.id)),
        `partition ${partition}`,
      );
      assert.equal(handoffs.length, 8 - 3, 'every other device, once');
      assert.equal(new Set(handoffs.map((node) => node.id)).size, handoffs.length);
      const primaryZones = new Set(primaries.map((node) => node.zone));
      assert.ok(!primaryZones.has(handoffs[0].zone), 'the first handoff is in the zone without a primary');
      assert.deepEqual(
        handoffs.map((node) => node.index),
        [0, 1, 2, 3, 4],
      );
    }
    const again = [...ring.handoffNodes(17)].map((node) => node.id);
    assert.deepEqual(
      [...ring.handoffNodes(17)].map((node) => node.id),
      again,
      'the same order every time',
    );
  });

  test('handoffs across regions: a region without a primary comes first', async () => {
    const path = join(dir, 'regions.ring.json');
    const builder = RingBuilder.create(8, 3, 0);
    const layout = [
      [1, 1],
      [1, 2],
      [1, 3],
      [2, 1],
      [2, 2],
      [3, 1],
    ];
    layout.forEach(([region, zone], i) =>
      builder.addDevice({
        region,
        zone,
        ip: `10.${region}.${zone}.1`,
        port: 6200,
        device: `sd${i}`,
        weight: 100,
      }),
    );
    builder.rebalance({ seed: 3, now: 0 });
    await builder.save(path);
    const ring = new Ring(path, salt);
    for (let partition = 0; partition < 256; partition++) {
      const regions = new Set(ring.primaryNodes(partition).map((node) => node.region));
      const [first] = ring.handoffNodes(partition);
      if (regions.size < 3) assert.ok(!regions.has(first.region), `partition ${partition}`);
    }
  });

  test('the file round trip keeps builder and ring; a rebalance reaches a running ring', async () => {
    const path = join(dir, 'reload.ring.json');
    const builder = builderOf(3);
    builder.rebalance({ seed: 4, now: 0 });
    await builder.save(path);
    const loaded = await RingBuilder.load(path);
    assert.deepEqual(loaded.toFile(), builder.toFile());

    let clock = 0;
    const ring = new Ring(path, salt, { reloadIntervalMs: 15_000, now: () => clock });
    const firstVersion = ring.version;
    loaded.addDevice({ region: 1, zone: 4, ip: '10.0.4.1', port: 6200, device: 'sdb', weight: 100 });
    await loaded.save(path);
    clock = 20_000;
    assert.equal(ring.devices().length, 6, 'a device change alone leaves the ring as it was');
    assert.equal(ring.version, firstVersion);
    loaded.rebalance({ seed: 5, now: 0 });
    await loaded.save(path);
    clock = 30_000;
    assert.equal(ring.devices().length, 6, 'not looked at before the interval passes');
    clock = 40_000;
    assert.equal(ring.devices().length, 7);
    assert.ok(ring.version > firstVersion);
    assert.deepEqual(
      ring.primaryNodes(9).map((node) => node.id),
      loaded.ringData()!.replica2part2dev.map((row) => row[9]),
    );

    await writeFile(path, '{"format": 1, "broken');
    clock = 60_000;
    assert.equal(ring.devices().length, 7, 'a broken file is ignored');
  });

  test('a ring file never rebalanced, or broken, is refused at start', async () => {
    const path = join(dir, 'empty.ring.json');
    await RingBuilder.create(4, 3, 1).save(path);
    assert.throws(() => new Ring(path, salt), /not been rebalanced/);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace('"partPower": 4', '"partPower": 40'));
    assert.throws(() => new Ring(path, salt), RingFileError);
  });
});
