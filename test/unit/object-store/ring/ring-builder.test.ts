import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RingBuilder, RingBuilderError } from '../../../../src/object-store/ring/ring-builder.js';
import type { RingData } from '../../../../src/object-store/ring/ring-file.js';

/** [region, zone, weight] per device; a server per zone. */
type Layout = [number, number, number][];

function builderOf(layout: Layout, partPower = 10, minPartHours = 0): RingBuilder {
  const builder = RingBuilder.create(partPower, 3, minPartHours);
  layout.forEach(([region, zone, weight], i) =>
    builder.addDevice({ region, zone, ip: `10.${region}.${zone}.1`, port: 6200, device: `sd${i}`, weight }),
  );
  return builder;
}

function zonesOf(ring: RingData, partition: number): string[] {
  return ring.replica2part2dev.map((row) => {
    const device = ring.devices[row[partition]]!;
    return `${device.region}/${device.zone}`;
  });
}

/** Replica slots whose device changed between two rings. */
function moved(before: RingData, after: RingData): number {
  let count = 0;
  before.replica2part2dev.forEach((row, replica) =>
    row.forEach((deviceId, partition) => {
      if (after.replica2part2dev[replica][partition] !== deviceId) count += 1;
    }),
  );
  return count;
}

const sixDevicesInThreeZones: Layout = [
  [1, 1, 100],
  [1, 1, 100],
  [1, 2, 100],
  [1, 2, 100],
  [1, 3, 100],
  [1, 3, 100],
];

describe('ring builder', () => {
  test('equal weights: every device holds its share, each partition in three zones', () => {
    const builder = builderOf(sixDevicesInThreeZones);
    const result = builder.rebalance({ seed: 1, now: 1_000_000 });
    assert.equal(result.changedParts, 3 * 1024, 'a new ring places every replica');
    assert.ok(result.balance <= 1, `balance ${result.balance}`);
    assert.equal(result.dispersion, 0);
    assert.deepEqual(Array.from(builder.partsPerDevice()), [512, 512, 512, 512, 512, 512]);
    const ring = builder.ringData()!;
    for (let partition = 0; partition < 1024; partition++)
      assert.equal(new Set(zonesOf(ring, partition)).size, 3, `partition ${partition}`);
  });

  test('five equal zones: within 1% of the share each', () => {
    const builder = builderOf([1, 2, 3, 4, 5].map((zone) => [1, zone, 100]));
    const result = builder.rebalance({ seed: 'five', now: 0 });
    assert.ok(result.balance < 1, `balance ${result.balance}`);
    const ring = builder.ringData()!;
    for (let partition = 0; partition < 1024; partition++)
      assert.equal(new Set(zonesOf(ring, partition)).size, 3);
  });

  test('weights are respected: a device of weight 200 holds twice one of weight 100', () => {
    const layout: Layout = [];
    for (const zone of [1, 2, 3, 4]) layout.push([1, zone, 100], [1, zone, 200]);
    const builder = builderOf(layout);
    const result = builder.rebalance({ seed: 2, now: 0 });
    assert.ok(result.balance <= 1, `balance ${result.balance}`);
    const held = builder.partsPerDevice();
    for (let i = 0; i < layout.length; i += 2) assert.equal(held[i + 1], 2 * held[i], `zone ${layout[i][1]}`);
    assert.equal(
      held.reduce((a, b) => a + b, 0),
      3 * 1024,
    );
  });

  test('two regions: every partition keeps a replica in each', () => {
    const builder = builderOf([
      [1, 1, 100],
      [1, 2, 100],
      [2, 1, 100],
      [2, 2, 100],
    ]);
    builder.rebalance({ seed: 3, now: 0 });
    const ring = builder.ringData()!;
    for (let partition = 0; partition < 1024; partition++) {
      const regions = zonesOf(ring, partition).map((zone) => zone.split('/')[0]);
      assert.equal(new Set(regions).size, 2);
      assert.equal(new Set(zonesOf(ring, partition)).size, 3);
    }
  });

  test('too few zones: replicas share a zone but never a device', () => {
    const builder = builderOf([
      [1, 1, 100],
      [1, 1, 100],
      [1, 2, 100],
    ]);
    const result = builder.rebalance({ seed: 4, now: 0 });
    assert.equal(result.dispersion, 0, 'as dispersed as the devices allow');
    const ring = builder.ringData()!;
    for (let partition = 0; partition < 1024; partition++) {
      const devices = ring.replica2part2dev.map((row) => row[partition]);
      assert.equal(new Set(devices).size, 3);
    }
  });

  test('a device added in a new zone takes its share, and only that much moves', () => {
    const builder = builderOf(sixDevicesInThreeZones);
    builder.rebalance({ seed: 5, now: 0 });
    const before = builder.ringData()!;
    builder.addDevice({ region: 1, zone: 4, ip: '10.1.4.1', port: 6200, device: 'sd6', weight: 100 });
    const result = builder.rebalance({ seed: 6, now: 0 });
    const after = builder.ringData()!;
    const share = (3 * 1024) / 7;
    assert.equal(result.changedParts, moved(before, after));
    assert.ok(result.changedParts <= share * 1.02, `moved ${result.changedParts}, share ${share}`);
    assert.ok(Math.abs(builder.partsPerDevice()[6] - share) <= 1);
    assert.ok(result.balance < 1, `balance ${result.balance}`);
    for (let partition = 0; partition < 1024; partition++) {
      assert.equal(new Set(zonesOf(after, partition)).size, 3);
      const changed = before.replica2part2dev.filter(
        (row, r) => row[partition] !== after.replica2part2dev[r][partition],
      );
      assert.ok(changed.length <= 1, 'one replica of a partition moves per rebalance');
    }
  });

  test('a device added to an existing zone takes its share from its zone', () => {
    const builder = builderOf(sixDevicesInThreeZones);
    builder.rebalance({ seed: 7, now: 0 });
    const before = builder.ringData()!;
    builder.addDevice({ region: 1, zone: 1, ip: '10.1.1.1', port: 6200, device: 'sd6', weight: 100 });
    const result = builder.rebalance({ seed: 8, now: 0 });
    const held = builder.partsPerDevice();
    // Zone 1 still holds one replica of every partition, now over three devices.
    assert.deepEqual([held[0], held[1], held[6]].sort(), [341, 341, 342]);
    assert.equal(result.changedParts, moved(before, builder.ringData()!));
    assert.ok(result.changedParts <= 342, `moved ${result.changedParts}`);
  });

  test('min_part_hours: a partition moved recently stays, until the hours pass', () => {
    const builder = builderOf(sixDevicesInThreeZones, 10, 1);
    builder.rebalance({ seed: 9, now: 10_000 });
    builder.addDevice({ region: 1, zone: 4, ip: '10.1.4.1', port: 6200, device: 'sd6', weight: 100 });
    assert.equal(builder.minPartSecondsLeft(10_000 + 600), 3000);
    const early = builder.rebalance({ seed: 10, now: 10_000 + 600 });
    assert.equal(early.changedParts, 0);
    assert.equal(builder.partsPerDevice()[6], 0);
    const beforeLater = builder.ringData()!;
    const later = builder.rebalance({ seed: 10, now: 10_000 + 3600 });
    assert.ok(later.changedParts > 400, `moved ${later.changedParts}`);
    const justMoved = new Set<number>();
    const afterLater = builder.ringData()!;
    afterLater.replica2part2dev.forEach((row, replica) =>
      row.forEach((deviceId, partition) => {
        if (beforeLater.replica2part2dev[replica][partition] !== deviceId) justMoved.add(partition);
      }),
    );
    builder.removeDevice(5);
    builder.rebalance({ seed: 11, now: 10_000 + 3700 });
    const afterRemoval = builder.ringData()!;
    for (const partition of justMoved) {
      const stayed = afterLater.replica2part2dev.filter(
        (row, replica) => row[partition] === afterRemoval.replica2part2dev[replica][partition],
      ).length;
      const onRemoved = afterLater.replica2part2dev.filter((row) => row[partition] === 5).length;
      assert.equal(stayed, 3 - onRemoved, `partition ${partition} moved again only off the removed device`);
    }
  });

  test('a removed device empties at once, even inside min_part_hours, and leaves the ring', () => {
    const builder = builderOf(sixDevicesInThreeZones, 10, 24);
    builder.rebalance({ seed: 12, now: 0 });
    builder.removeDevice(2);
    assert.equal(builder.balancePerDevice().get(2), 999.99, 'weight 0 with partitions');
    const result = builder.rebalance({ seed: 13, now: 60 });
    assert.equal(result.removedDevices, 1);
    assert.equal(result.changedParts, 512, 'exactly the replicas it held');
    const ring = builder.ringData()!;
    assert.equal(ring.devices[2], null);
    assert.equal(builder.partsPerDevice()[3], 1024, 'zone 2 keeps one replica of each partition');
    for (let partition = 0; partition < 1024; partition++)
      assert.equal(new Set(zonesOf(ring, partition)).size, 3);
    assert.equal(
      builder.addDevice({ region: 1, zone: 2, ip: '10.1.2.1', port: 6201, device: 'sd9', weight: 1 }),
      2,
    );
  });

  test('weight 0 drains a device over rebalances', () => {
    const builder = builderOf(sixDevicesInThreeZones.concat([[1, 4, 100]]));
    builder.rebalance({ seed: 14, now: 0 });
    builder.setWeight(0, 0);
    builder.rebalance({ seed: 15, now: 0 });
    builder.rebalance({ seed: 16, now: 0 });
    assert.equal(builder.partsPerDevice()[0], 0);
    assert.ok(builder.balance() < 1, `balance ${builder.balance()}`);
  });

  test('the same seed makes the same ring', () => {
    const rings = [1, 2].map(() => {
      const builder = builderOf(sixDevicesInThreeZones);
      builder.rebalance({ seed: 'same', now: 0 });
      return builder.ringData()!.replica2part2dev;
    });
    assert.deepEqual(rings[0], rings[1]);
  });

  test('refusals: bad shapes, duplicate devices, too few devices for the replicas', () => {
    assert.throws(() => RingBuilder.create(21, 3, 1), RingBuilderError);
    assert.throws(() => RingBuilder.create(10, 0, 1), RingBuilderError);
    const builder = RingBuilder.create(4, 3, 1);
    const device = { region: 1, zone: 1, ip: '10.0.0.1', port: 6200, device: 'sdb', weight: 1 };
    builder.addDevice(device);
    assert.throws(() => builder.addDevice(device), /Device 0 already uses 10.0.0.1:6200\/sdb/);
    assert.throws(() => builder.addDevice({ ...device, device: 'a/b' }), /folder name/);
    assert.throws(() => builder.addDevice({ ...device, device: 'sdc', id: 0 }), /Duplicate device id: 0/);
    assert.throws(() => builder.addDevice({ ...device, device: 'sdc', weight: -1 }), /weight/);
    assert.throws(() => builder.setWeight(7, 1), /no device with id 7/);
    builder.addDevice({ ...device, device: 'sdc' });
    assert.throws(() => builder.rebalance(), /Replica count of 3 requires more than 2 devices/);
  });
});
