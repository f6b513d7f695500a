import type { ReplicaPlan } from './replica-plan.js';
import type { RingDevice } from './ring-types.js';
import { TierCounter } from './tier-counter.js';

/** What Swift shows for a device with partitions and no weight: its overage is "infinite". */
export const MAX_BALANCE = 999.99;

/**
 * Swift's balance of each device: how far, in %, the partitions it holds are from what its
 * weight asks (+ too many, - too few). `held[id]` is the part-replicas device `id` holds.
 */
export function balancePerDevice(
  devices: readonly (RingDevice | null)[],
  held: ArrayLike<number>,
  partReplicas: number,
): Map<number, number> {
  const present = devices.filter((device): device is RingDevice => device !== null);
  const totalWeight = present.reduce((sum, device) => sum + device.weight, 0);
  const balances = new Map<number, number>();
  for (const device of present) {
    const parts = held[device.id] ?? 0;
    if (device.weight === 0) balances.set(device.id, parts > 0 ? MAX_BALANCE : 0);
    else balances.set(device.id, (100 * parts * totalWeight) / (device.weight * partReplicas) - 100);
  }
  return balances;
}

/** Swift's ring balance: the worst device's balance, in absolute value. */
export function ringBalance(balances: Map<number, number>): number {
  let worst = 0;
  for (const balance of balances.values()) worst = Math.max(worst, Math.abs(balance));
  return worst;
}

/** The part-replicas each device id holds in a table. */
export function partsHeld(table: readonly ArrayLike<number>[], deviceSlots: number): Int32Array {
  const held = new Int32Array(deviceSlots);
  for (const row of table)
    for (let part = 0; part < row.length; part++) if (row[part] >= 0) held[row[part]] += 1;
  return held;
}

/**
 * Swift's dispersion: the % of part-replicas that sit in a tier already holding as many
 * replicas of their partition as the plan allows (each counted once, at its worst depth).
 * 0 means every partition is as spread out as the devices allow.
 */
export function ringDispersion(plan: ReplicaPlan, table: readonly ArrayLike<number>[]): number {
  if (table.length === 0) return 0;
  const parts = table[0].length;
  const counter = new TierCounter(plan, table);
  let atRisk = 0;
  for (let part = 0; part < parts; part++) {
    counter.load(part);
    const excessByDepth = [0, 0, 0, 0, 0];
    for (const tier of new Set(counter.tiersHeld()))
      excessByDepth[tier.depth] += Math.max(0, counter.get(tier) - tier.maxPerPart);
    atRisk += Math.max(...excessByDepth);
    counter.clear();
  }
  return (100 * atRisk) / (parts * table.length);
}
