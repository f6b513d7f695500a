import { createHash } from 'node:crypto';
import { partitionOfDigest } from './hash-path.js';
import type { RingData } from './ring-file.js';
import type { RingDevice, RingNode } from './ring-types.js';

/** A device's place at each depth: region, zone, server. */
const domains = (device: RingDevice) => [
  `${device.region}`,
  `${device.region}/${device.zone}`,
  `${device.region}/${device.zone}/${device.ip}`,
];

/**
 * The handoff devices of a partition, best first (Swift's `get_more_nodes`): devices in regions
 * that hold no primary, then in zones that hold none, then on other servers, then any other
 * device; never a primary. Candidates come from the primaries of other partitions, walked from
 * a point that depends on the partition only, so they follow the devices' weights and stay the
 * same when the ring changes a little. Only devices holding partitions are handoffs;
 * `domainCounts` comes from `countAssignedDomains`.
 */
export function* handoffNodes(
  ring: RingData,
  domainCounts: readonly number[],
  primaries: readonly RingDevice[],
  partition: number,
): Generator<RingNode> {
  const parts = 2 ** ring.partPower;
  const used = new Set(primaries.map((device) => device.id));
  const taken = [new Set<string>(), new Set<string>(), new Set<string>()];
  const take = (device: RingDevice) => {
    used.add(device.id);
    domains(device).forEach((domain, depth) => taken[depth].add(domain));
  };
  primaries.forEach(take);

  const start = partitionOfDigest(createHash('md5').update(String(partition)).digest(), ring.partPower);
  // Swift strides through at most 65536 partitions of a large ring; every one of a small one.
  const stride = Math.max(1, Math.floor(parts / 65536));
  const walk = function* () {
    for (let part = start; part < parts; part += stride) yield part;
    for (let part = stride - ((parts - start) % stride); part < start; part += stride) yield part;
  };

  let index = 0;
  for (let depth = 0; depth <= 3; depth++) {
    const done = () => (depth < 3 ? taken[depth].size : used.size) >= domainCounts[depth];
    for (const part of walk()) {
      if (done()) break;
      for (const row of ring.replica2part2dev) {
        const device = ring.devices[row[part]]!;
        if (used.has(device.id) || (depth < 3 && taken[depth].has(domains(device)[depth]))) continue;
        take(device);
        yield { ...device, index: index++ };
        if (done()) break;
      }
    }
  }
}

/**
 * How many regions, zones, servers and devices hold partitions: once they are all used, the
 * search for handoffs at that depth stops (computed once per loaded ring).
 */
export function countAssignedDomains(ring: RingData): number[] {
  const ids = new Set<number>();
  for (const row of ring.replica2part2dev) for (const id of row) ids.add(id);
  const sets = [new Set<string>(), new Set<string>(), new Set<string>()];
  for (const id of ids) domains(ring.devices[id]!).forEach((domain, depth) => sets[depth].add(domain));
  return [...sets.map((set) => set.size), ids.size];
}
