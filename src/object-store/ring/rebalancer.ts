import { planReplicas, type ReplicaPlan, type Tier } from './replica-plan.js';
import type { RingDevice } from './ring-types.js';
import { TierCounter } from './tier-counter.js';

export interface RebalanceInput {
  partPower: number;
  replicas: number;
  /** Indexed by device id; null where an id is free. */
  devices: readonly (RingDevice | null)[];
  /** Devices whose replicas must leave now, whatever min_part_hours says (failed disks). */
  removing: ReadonlySet<number>;
  /** The current table (`[replica][partition]` device ids), or null before the first rebalance. */
  table: readonly (readonly number[])[] | null;
  /** Per partition, when one of its replicas last moved (Unix seconds). */
  partMovedAt: readonly number[];
  minPartHours: number;
  /** Unix seconds. */
  now: number;
  /** A number in [0, 1); seeded, so a rebalance can be repeated. */
  random: () => number;
}

export interface RebalanceOutcome {
  table: number[][];
  /** Part-replicas now on another device than before (Swift's `changed_parts`). */
  changedParts: number;
  partMovedAt: number[];
  plan: ReplicaPlan;
}

/** Balance passes over the partitions; each moves at most one replica of a partition. */
const BALANCE_PASSES = 4;
/** Chains of moves tried once direct moves are exhausted (each costs a scan of the ring). */
const MAX_CHAINS = 32;

/** A move of one replica of `partition` from device `from` to device `to`. */
interface Move {
  partition: number;
  from: number;
  to: number;
}

/**
 * One rebalance (the work of Swift's `RingBuilder.rebalance`, in our own way):
 *  1. replicas of a new ring, and those on removed devices (ignoring min_part_hours), wait
 *     for a device;
 *  2. replicas in a tier holding more of their partition than the plan allows (a device
 *     drained to weight 0 holds none) are taken off, when their partition may move;
 *  3. replicas taken off go, in a shuffled order, down the tier tree to the child that holds
 *     fewest of the partition for its plan, then has most room (parts wanted less held);
 *  4. while devices hold more than they want, a replica of theirs moves to a device with room
 *     when that keeps the partition as spread out: at most one replica of a partition per
 *     rebalance, so the others can serve it while the moved one is copied;
 *  5. when no such move is left, a chain of moves through devices holding what they want
 *     (overweight A gives to B, B gives to underweight C, in other partitions).
 * A partition moved less than min_part_hours ago stays put, except off removed devices.
 */
export class Rebalancer {
  private readonly parts: number;
  private readonly plan: ReplicaPlan;
  private readonly table: Int32Array[];
  private readonly counter: TierCounter;
  private readonly held: Int32Array;
  /** Per tier, part-replicas its devices still want (the sum of their positive room). */
  private readonly room: Float64Array;
  /** Breaks ties between tiers of equal room, differently for each rebalance seed. */
  private readonly tieKey: Float64Array;
  private readonly movedNow: Uint8Array;
  private readonly pending: [partition: number, replica: number][] = [];

  constructor(private readonly input: RebalanceInput) {
    this.parts = 2 ** input.partPower;
    const takesParts = (device: RingDevice) => device.weight > 0 && !input.removing.has(device.id);
    this.plan = planReplicas(input.devices, takesParts, input.replicas, this.parts);
    this.table = Array.from({ length: input.replicas }, (_, replica) =>
      input.table ? Int32Array.from(input.table[replica]) : new Int32Array(this.parts).fill(-1),
    );
    this.counter = new TierCounter(this.plan, this.table);
    this.held = new Int32Array(input.devices.length);
    for (const row of this.table) for (const deviceId of row) if (deviceId >= 0) this.held[deviceId] += 1;
    this.room = new Float64Array(this.plan.tiers.length);
    for (const device of input.devices) if (device) this.adjustRoom(device.id, this.roomOf(device.id));
    this.tieKey = Float64Array.from(this.plan.tiers, () => input.random());
    this.movedNow = new Uint8Array(this.parts);
  }

  run(): RebalanceOutcome {
    this.collectUnassigned();
    this.takeOffRemovedDevices();
    this.takeOffUndispersed();
    this.placePending();
    for (let pass = 0; pass < BALANCE_PASSES && this.anyDeviceOverweight(); pass++)
      if (this.balancePass() === 0) break;
    for (let chain = 0; chain < MAX_CHAINS && this.anyDeviceOverweight(); chain++)
      if (!this.moveAlongChain()) break;
    return this.outcome();
  }

  private wanted(deviceId: number): number {
    return this.plan.pathOf[deviceId].at(-1)?.partsWanted ?? 0;
  }

  private roomOf(deviceId: number): number {
    return Math.max(0, this.wanted(deviceId) - this.held[deviceId]);
  }

  private adjustRoom(deviceId: number, delta: number): void {
    if (delta === 0) return;
    this.room[this.plan.root.index] += delta;
    for (const tier of this.plan.pathOf[deviceId]) this.room[tier.index] += delta;
  }

  private changeHeld(deviceId: number, delta: number): void {
    const before = this.roomOf(deviceId);
    this.held[deviceId] += delta;
    this.adjustRoom(deviceId, this.roomOf(deviceId) - before);
  }

  private mayMove(partition: number): boolean {
    return (
      this.movedNow[partition] === 0 &&
      this.input.now - (this.input.partMovedAt[partition] ?? 0) >= this.input.minPartHours * 3600
    );
  }

  /** Takes a replica off its device (the counter must hold its partition) to place it again. */
  private takeOff(partition: number, replica: number): void {
    const deviceId = this.table[replica][partition];
    this.counter.add(deviceId, -1);
    this.changeHeld(deviceId, -1);
    this.table[replica][partition] = -1;
    this.pending.push([partition, replica]);
  }

  /** Every replica of a new ring waits for a device. */
  private collectUnassigned(): void {
    this.table.forEach((row, replica) =>
      row.forEach((deviceId, partition) => {
        if (deviceId < 0) this.pending.push([partition, replica]);
      }),
    );
  }

  private takeOffRemovedDevices(): void {
    if (this.input.removing.size === 0) return;
    for (let partition = 0; partition < this.parts; partition++) {
      this.counter.load(partition);
      for (let replica = 0; replica < this.table.length; replica++) {
        if (!this.input.removing.has(this.table[replica][partition])) continue;
        this.takeOff(partition, replica);
        this.movedNow[partition] = 1;
      }
      this.counter.clear();
    }
  }

  private undispersed(deviceId: number): boolean {
    return this.plan.pathOf[deviceId].some((tier) => this.counter.get(tier) > tier.maxPerPart);
  }

  private takeOffUndispersed(): void {
    for (let partition = 0; partition < this.parts; partition++) {
      const mayMove = this.mayMove(partition);
      this.counter.load(partition);
      for (;;) {
        let worst = -1;
        for (let replica = 0; replica < this.table.length; replica++) {
          const deviceId = this.table[replica][partition];
          if (deviceId < 0 || !this.undispersed(deviceId)) continue;
          // Two replicas on one device is a loss waiting to happen: fixed even inside min_part_hours.
          if (!mayMove && this.counter.get(this.plan.pathOf[deviceId][3]) <= 1) continue;
          if (worst < 0 || this.excess(deviceId) > this.excess(this.table[worst][partition])) worst = replica;
        }
        if (worst < 0) break;
        this.takeOff(partition, worst);
        this.movedNow[partition] = 1;
      }
      this.counter.clear();
    }
  }

  private excess(deviceId: number): number {
    return this.held[deviceId] - this.wanted(deviceId);
  }

  private placePending(): void {
    const pending = this.pending;
    for (let i = pending.length - 1; i > 0; i--) {
      const j = Math.floor(this.input.random() * (i + 1));
      [pending[i], pending[j]] = [pending[j], pending[i]];
    }
    for (const [partition, replica] of pending) {
      this.counter.load(partition);
      const deviceId = this.choose(this.plan.root, false);
      if (deviceId < 0) throw new Error(`no device left for partition ${partition} replica ${replica}`);
      this.table[replica][partition] = deviceId;
      this.changeHeld(deviceId, 1);
      this.counter.clear();
    }
    pending.length = 0;
  }

  /**
   * A device for another replica of the counter's partition, down the tier tree: first children
   * holding fewer of it than the plan allows, then those with most room. `strict` (a balance
   * move) takes only a device with room, in tiers under their limit.
   */
  private choose(tier: Tier, strict: boolean): number {
    if (tier.deviceId !== undefined)
      return this.counter.get(tier) === 0 && (!strict || this.room[tier.index] > 0) ? tier.deviceId : -1;
    const over = (child: Tier) => Math.max(0, this.counter.get(child) - child.maxPerPart + 1);
    const children = tier.children
      .filter((child) => child.devices > 0)
      .filter((child) => !strict || (this.room[child.index] > 0 && over(child) === 0))
      .sort(
        (a, b) =>
          over(a) - over(b) ||
          this.room[b.index] - this.room[a.index] ||
          this.tieKey[b.index] - this.tieKey[a.index],
      );
    for (const child of children) {
      const deviceId = this.choose(child, strict);
      if (deviceId >= 0) return deviceId;
    }
    return -1;
  }

  private anyDeviceOverweight(): boolean {
    return this.input.devices.some((device) => device !== null && this.excess(device.id) > 0);
  }

  /** Moves replicas off overweight devices, from a random partition on; returns how many moved. */
  private balancePass(): number {
    let moved = 0;
    const start = Math.floor(this.input.random() * this.parts);
    for (let offset = 0; offset < this.parts; offset++) {
      const partition = (start + offset) % this.parts;
      if (!this.mayMove(partition)) continue;
      const candidates = this.table
        .map((row, replica) => ({ replica, deviceId: row[partition] }))
        .filter(({ deviceId }) => deviceId >= 0 && this.excess(deviceId) > 0)
        .sort((a, b) => this.excess(b.deviceId) - this.excess(a.deviceId) || a.deviceId - b.deviceId);
      if (candidates.length === 0) continue;
      this.counter.load(partition);
      for (const { replica, deviceId } of candidates) {
        this.counter.add(deviceId, -1);
        const target = this.choose(this.plan.root, true);
        if (target >= 0) {
          this.table[replica][partition] = target;
          this.changeHeld(deviceId, -1);
          this.changeHeld(target, 1);
          this.movedNow[partition] = 1;
          moved += 1;
          break;
        }
        this.counter.add(deviceId, 1);
      }
      this.counter.clear();
    }
    return moved;
  }

  /**
   * Finds and makes the shortest chain of moves from an overweight device to one with room,
   * through devices holding exactly what they want: breadth first over "device X can hand a
   * replica of some movable partition to device Y" without making any partition less spread
   * out. Returns whether it moved anything.
   */
  private moveAlongChain(): boolean {
    const handOver = this.handOverMoves();
    const via = new Map<number, Move>();
    let queue = this.input.devices.filter((d) => d !== null && this.excess(d.id) > 0).map((d) => d!.id);
    const seen = new Set(queue);
    while (queue.length > 0) {
      const next: number[] = [];
      for (const from of queue)
        for (const [to, move] of handOver.get(from) ?? []) {
          if (seen.has(to)) continue;
          seen.add(to);
          via.set(to, move);
          if (this.excess(to) < 0) return this.makeChain(to, via);
          next.push(to);
        }
      queue = next;
    }
    return false;
  }

  /** Per device, one move to each device it could hand a replica to (that one is not overweight). */
  private handOverMoves(): Map<number, Map<number, Move>> {
    const moves = new Map<number, Map<number, Move>>();
    const receivers = this.input.devices.filter(
      (d) => d !== null && this.excess(d.id) <= 0 && this.wanted(d.id) > 0,
    );
    for (let partition = 0; partition < this.parts; partition++) {
      if (!this.mayMove(partition)) continue;
      this.counter.load(partition);
      for (const row of this.table) {
        const from = row[partition];
        if (this.excess(from) < 0) continue;
        const known = moves.get(from) ?? new Map<number, Move>();
        moves.set(from, known);
        this.counter.add(from, -1);
        for (const device of receivers)
          if (!known.has(device!.id) && this.accepts(device!.id))
            known.set(device!.id, { partition, from, to: device!.id });
        this.counter.add(from, 1);
      }
      this.counter.clear();
    }
    return moves;
  }

  /** Whether a device may take a replica of the counter's partition, keeping it spread out. */
  private accepts(deviceId: number): boolean {
    return this.plan.pathOf[deviceId].every((tier) => this.counter.get(tier) < tier.maxPerPart);
  }

  /** Makes the moves that lead to `end`, back to the overweight device they start from. */
  private makeChain(end: number, via: Map<number, Move>): boolean {
    const chain: Move[] = [];
    for (let move = via.get(end); move; move = via.get(move.from)) chain.push(move);
    if (new Set(chain.map((move) => move.partition)).size < chain.length) return false;
    for (const { partition, from, to } of chain) {
      const row = this.table.find((candidate) => candidate[partition] === from)!;
      row[partition] = to;
      this.changeHeld(from, -1);
      this.changeHeld(to, 1);
      this.movedNow[partition] = 1;
    }
    return true;
  }

  private outcome(): RebalanceOutcome {
    const before = this.input.table;
    const partMovedAt = Array.from(
      { length: this.parts },
      (_, partition) => this.input.partMovedAt[partition] ?? 0,
    );
    let changedParts = 0;
    for (let partition = 0; partition < this.parts; partition++) {
      let changed = 0;
      for (let replica = 0; replica < this.table.length; replica++)
        if (!before || before[replica][partition] !== this.table[replica][partition]) changed += 1;
      if (changed > 0) partMovedAt[partition] = this.input.now;
      changedParts += changed;
    }
    return { table: this.table.map((row) => Array.from(row)), changedParts, partMovedAt, plan: this.plan };
  }
}
