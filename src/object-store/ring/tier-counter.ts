import type { ReplicaPlan, Tier } from './replica-plan.js';

/**
 * Counts the replicas of one partition in each tier, reusing one array for every partition:
 * `load` a partition, read and adjust, then `clear` what was touched (not the whole array).
 */
export class TierCounter {
  private readonly counts: Int32Array;
  private readonly touched: number[] = [];

  constructor(
    private readonly plan: ReplicaPlan,
    private readonly table: readonly ArrayLike<number>[],
  ) {
    this.counts = new Int32Array(plan.tiers.length);
  }

  load(partition: number): void {
    for (const row of this.table) {
      const deviceId = row[partition];
      if (deviceId >= 0) this.add(deviceId, 1);
    }
  }

  add(deviceId: number, delta: number): void {
    for (const tier of this.plan.pathOf[deviceId]) {
      if (this.counts[tier.index] === 0) this.touched.push(tier.index);
      this.counts[tier.index] += delta;
    }
  }

  get(tier: Tier): number {
    return this.counts[tier.index];
  }

  /** The tiers that hold a replica of the loaded partition (possibly repeated). */
  tiersHeld(): Tier[] {
    return this.touched.filter((index) => this.counts[index] > 0).map((index) => this.plan.tiers[index]);
  }

  clear(): void {
    for (const index of this.touched) this.counts[index] = 0;
    this.touched.length = 0;
  }
}
