import type { RingDevice } from './ring-types.js';

/**
 * A failure domain (Swift's tier): the cluster, a region, a zone, a server (its ip) or one device.
 * The plan says how many replicas of each partition a tier should hold, so losing one tier loses
 * as few replicas of any partition as the devices allow.
 */
export interface Tier {
  /** A dense number, for per-partition counters. */
  index: number;
  /** 0 the cluster, 1 a region, 2 a zone, 3 a server, 4 a device. */
  depth: number;
  children: Tier[];
  /** The device of a device tier. */
  deviceId?: number;
  /** The summed weight of the tier's devices that take partitions. */
  weight: number;
  /** How many of its devices take partitions (weight above 0, not being removed). */
  devices: number;
  /** Replicas of each partition the tier should hold, on average (Swift's "replicanths"). */
  replicanths: number;
  /** The most replicas of one partition the tier should hold. */
  maxPerPart: number;
  /** Part-replicas the tier should hold in all (whole numbers that add up at every depth). */
  partsWanted: number;
}

export interface ReplicaPlan {
  root: Tier;
  tiers: Tier[];
  /** Per device id: its tiers from its region down to the device itself (empty for a free id). */
  pathOf: Tier[][];
}

const EPSILON = 1e-9;

function newTier(index: number, depth: number, deviceId?: number): Tier {
  return {
    index,
    depth,
    children: [],
    deviceId,
    weight: 0,
    devices: 0,
    replicanths: 0,
    maxPerPart: 0,
    partsWanted: 0,
  };
}

/** The most replicas of one partition a tier can hold at all: one per device. */
function capacity(tier: Tier): number {
  return tier.devices;
}

/**
 * Splits `total` among tiers in proportion to weight, each within [low, high]: finds by
 * bisection the scale at which the clamped shares add up (the sum grows with the scale).
 */
function fillByWeight(tiers: Tier[], low: number[], high: number[], total: number): number[] {
  const share = (scale: number) =>
    tiers.map((tier, i) => Math.min(high[i], Math.max(low[i], scale * tier.weight)));
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  let below = 0;
  let above = Math.max(...tiers.map((tier, i) => high[i] / tier.weight));
  for (let step = 0; step < 200 && above - below > EPSILON * above; step++) {
    const middle = (below + above) / 2;
    if (sum(share(middle)) < total) below = middle;
    else above = middle;
  }
  return share(above);
}

/**
 * Gives a tier's replicanths to its children: as evenly as the count of children asks
 * (between floor and ceil of replicanths/children: dispersion first, as Swift with enough
 * overload), by weight within that, and past it only where too few devices leave no choice.
 */
function placeReplicanths(tier: Tier, replicanths: number): void {
  tier.replicanths = replicanths;
  tier.maxPerPart = Math.min(Math.ceil(replicanths - EPSILON), capacity(tier));
  const children = tier.children.filter((child) => child.devices > 0);
  if (children.length === 0) return;
  const even = replicanths / children.length;
  const low = children.map((child) => Math.min(Math.floor(even + EPSILON), capacity(child)));
  let high = children.map((child) => Math.min(Math.ceil(even - EPSILON), capacity(child)));
  if (high.reduce((a, b) => a + b, 0) < replicanths - EPSILON) high = children.map(capacity);
  const shares = fillByWeight(children, low, high, replicanths);
  children.forEach((child, i) => placeReplicanths(child, shares[i]));
}

/**
 * Turns replicanths into whole part-replica counts, top down, so the children of a tier add up
 * to its count exactly: each child its floor, the rest to the largest fractions.
 */
function placeParts(tier: Tier, partsWanted: number, parts: number): void {
  tier.partsWanted = partsWanted;
  const children = tier.children.filter((child) => child.devices > 0);
  if (children.length === 0) return;
  const exact = children.map((child) => child.replicanths * parts);
  const counts = exact.map((value, i) =>
    Math.min(Math.floor(value + EPSILON), capacity(children[i]) * parts),
  );
  const byFraction = children
    .map((_, i) => i)
    .sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]) || a - b);
  let rest = partsWanted - counts.reduce((a, b) => a + b, 0);
  for (let turn = 0; rest !== 0 && turn < 4 * children.length; turn++) {
    const i =
      rest > 0
        ? byFraction[turn % children.length]
        : byFraction[children.length - 1 - (turn % children.length)];
    const next = counts[i] + Math.sign(rest);
    if (next < 0 || next > capacity(children[i]) * parts) continue;
    counts[i] = next;
    rest -= Math.sign(rest);
  }
  children.forEach((child, i) => placeParts(child, counts[i], parts));
}

/**
 * The replica plan of a ring's devices: the tier tree (region, zone, server, device) and what
 * each tier should hold. Devices for which `takesParts` is false (weight 0, being removed) stay
 * in the tree, wanting nothing, so their replicas can be counted while they drain.
 */
export function planReplicas(
  devices: readonly (RingDevice | null)[],
  takesParts: (device: RingDevice) => boolean,
  replicas: number,
  parts: number,
): ReplicaPlan {
  const root = newTier(0, 0);
  const tiers = [root];
  const byKey = new Map<string, Tier>();
  const pathOf: Tier[][] = devices.map(() => []);
  const child = (parent: Tier, key: string, deviceId?: number): Tier => {
    let tier = byKey.get(key);
    if (!tier) {
      tier = newTier(tiers.length, parent.depth + 1, deviceId);
      tiers.push(tier);
      byKey.set(key, tier);
      parent.children.push(tier);
    }
    return tier;
  };
  const ordered = devices
    .filter((device): device is RingDevice => device !== null)
    .sort((a, b) => a.region - b.region || a.zone - b.zone || a.ip.localeCompare(b.ip) || a.id - b.id);
  for (const device of ordered) {
    const region = child(root, `r${device.region}`);
    const zone = child(region, `r${device.region}z${device.zone}`);
    const server = child(zone, `r${device.region}z${device.zone}-${device.ip}`);
    const leaf = child(server, `d${device.id}`, device.id);
    pathOf[device.id] = [region, zone, server, leaf];
    if (!takesParts(device)) continue;
    for (const tier of [root, region, zone, server, leaf]) {
      tier.weight += device.weight;
      tier.devices += 1;
    }
  }
  placeReplicanths(root, replicas);
  placeParts(root, replicas * parts, parts);
  return { root, tiers, pathOf };
}
