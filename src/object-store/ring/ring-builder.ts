import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { replaceFileAtomically } from './atomic-file.js';
import { Rebalancer } from './rebalancer.js';
import {
  MAX_PART_POWER,
  RING_FILE_FORMAT,
  parseRingFile,
  serializeRingFile,
  type BuilderState,
  type RingData,
  type RingFile,
} from './ring-file.js';
import { balancePerDevice, partsHeld, ringBalance, ringDispersion } from './ring-stats.js';
import type { RingDevice } from './ring-types.js';
import { seededRandom } from './seeded-random.js';

/** A device to add; without an id it gets the lowest free one, as in Swift. */
export type NewRingDevice = Omit<RingDevice, 'id'> & { id?: number };

export interface RebalanceOptions {
  /** The same seed and the same builder give the same ring (random when absent). */
  seed?: number | string;
  /** Unix seconds (for min_part_hours); now when absent. */
  now?: number;
}

export interface RebalanceResult {
  /** Part-replicas that moved to another device. */
  changedParts: number;
  balance: number;
  dispersion: number;
  /** Devices marked for removal and now gone. */
  removedDevices: number;
}

/** A request the builder refuses (bad device, too few devices for the replicas...). */
export class RingBuilderError extends Error {
  override name = 'RingBuilderError';
}

const nowInSeconds = () => Math.floor(Date.now() / 1000);

function checkWeight(weight: number): void {
  if (!Number.isFinite(weight) || weight < 0)
    throw new RingBuilderError(`weight must be a number >= 0 (was ${weight})`);
}

function checkDevice(device: NewRingDevice): void {
  for (const key of ['region', 'zone'] as const)
    if (!Number.isInteger(device[key]) || device[key] < 0)
      throw new RingBuilderError(`${key} must be an integer >= 0 (was ${device[key]})`);
  if (!Number.isInteger(device.port) || device.port < 0 || device.port > 65535)
    throw new RingBuilderError(`port must be an integer from 0 to 65535 (was ${device.port})`);
  if (!device.ip) throw new RingBuilderError('ip is required');
  if (!device.device || device.device.includes('/'))
    throw new RingBuilderError(`device must be a folder name (was "${device.device}")`);
  if (device.id !== undefined && (!Number.isInteger(device.id) || device.id < 0))
    throw new RingBuilderError(`id must be an integer >= 0 (was ${device.id})`);
  checkWeight(device.weight);
}

/**
 * Swift's ring builder: a ring's shape (part power, replicas, min_part_hours), its devices, and
 * the rebalance that places every partition's replicas on them. It keeps the ring of the last
 * rebalance apart from pending device changes; both live in one file (`load`, `save`).
 */
export class RingBuilder {
  private constructor(
    private readonly state: BuilderState,
    private ring: RingData | null,
  ) {}

  static create(partPower: number, replicas: number, minPartHours: number): RingBuilder {
    if (!Number.isInteger(partPower) || partPower < 0 || partPower > MAX_PART_POWER)
      throw new RingBuilderError(
        `part_power must be an integer from 0 to ${MAX_PART_POWER} (was ${partPower})`,
      );
    if (!Number.isInteger(replicas) || replicas < 1)
      throw new RingBuilderError(`replicas must be an integer of at least 1 (was ${replicas})`);
    if (!Number.isInteger(minPartHours) || minPartHours < 0)
      throw new RingBuilderError(`min_part_hours must be a non-negative integer (was ${minPartHours})`);
    const state: BuilderState = {
      partPower,
      replicas,
      minPartHours,
      version: 0,
      devices: [],
      removing: [],
      partMovedAt: new Array<number>(2 ** partPower).fill(0),
      lastMoveAt: 0,
      dispersion: 0,
    };
    return new RingBuilder(state, null);
  }

  static fromFile(file: RingFile): RingBuilder {
    return new RingBuilder(structuredClone(file.builder), file.ring && structuredClone(file.ring));
  }

  static async load(path: string): Promise<RingBuilder> {
    return RingBuilder.fromFile(parseRingFile(await readFile(path, 'utf8'), path));
  }

  toFile(): RingFile {
    return {
      format: RING_FILE_FORMAT,
      builder: structuredClone(this.state),
      ring: structuredClone(this.ring),
    };
  }

  /** Writes builder and ring atomically: a proxy reloading the file never sees half of it. */
  save(path: string): Promise<void> {
    return replaceFileAtomically(path, serializeRingFile(this.toFile()));
  }

  get partPower(): number {
    return this.state.partPower;
  }

  get replicas(): number {
    return this.state.replicas;
  }

  get minPartHours(): number {
    return this.state.minPartHours;
  }

  get version(): number {
    return this.state.version;
  }

  get dispersion(): number {
    return this.state.dispersion;
  }

  get parts(): number {
    return 2 ** this.state.partPower;
  }

  /** The builder's devices, pending changes included. */
  devices(): RingDevice[] {
    return this.state.devices
      .filter((device): device is RingDevice => device !== null)
      .map((d) => ({ ...d }));
  }

  isMarkedForRemoval(id: number): boolean {
    return this.state.removing.includes(id);
  }

  /** The ring of the last rebalance, null before the first. */
  ringData(): RingData | null {
    return structuredClone(this.ring);
  }

  /** Whether the ring reflects every device change made since (Swift's "up-to-date"). */
  ringUpToDate(): boolean {
    return this.ring !== null && this.ring.version === this.state.version;
  }

  private existing(id: number): RingDevice {
    const device = this.state.devices[id];
    if (!device) throw new RingBuilderError(`no device with id ${id}`);
    return device;
  }

  /** Adds a device; partitions come to it at the next rebalance. Returns its id. */
  addDevice(device: NewRingDevice): number {
    checkDevice(device);
    const devices = this.state.devices;
    for (const other of devices)
      if (other && other.ip === device.ip && other.port === device.port && other.device === device.device)
        throw new RingBuilderError(
          `Device ${other.id} already uses ${other.ip}:${other.port}/${other.device}.`,
        );
    let id = device.id;
    if (id === undefined) {
      id = devices.indexOf(null);
      if (id < 0) id = devices.length;
    } else if (devices[id]) throw new RingBuilderError(`Duplicate device id: ${id}`);
    while (devices.length <= id) devices.push(null);
    const { region, zone, ip, port, device: name, weight } = device;
    devices[id] = { id, region, zone, ip, port, device: name, weight };
    this.state.version += 1;
    return id;
  }

  /**
   * Marks a device for removal: at the next rebalance its replicas go elsewhere at once,
   * whatever min_part_hours says (it is taken to have failed), and the device leaves the ring.
   */
  removeDevice(id: number): void {
    const device = this.existing(id);
    if (this.isMarkedForRemoval(id)) return;
    device.weight = 0;
    this.state.removing.push(id);
    this.state.version += 1;
  }

  /** Changes a device's weight; partitions follow at the next rebalance. Weight 0 drains it. */
  setWeight(id: number, weight: number): void {
    const device = this.existing(id);
    if (this.isMarkedForRemoval(id))
      throw new RingBuilderError(`Can not set weight of dev_id ${id} because it is marked for removal`);
    checkWeight(weight);
    device.weight = weight;
    this.state.version += 1;
  }

  /** Lets the next rebalance move any partition, as if min_part_hours had passed. */
  pretendMinPartHoursPassed(): void {
    this.state.partMovedAt.fill(0);
    this.state.lastMoveAt = 0;
  }

  /** Seconds until min_part_hours have passed since the last rebalance that moved anything. */
  minPartSecondsLeft(now = nowInSeconds()): number {
    return Math.max(0, this.state.minPartHours * 3600 - (now - this.state.lastMoveAt));
  }

  /** The part-replicas each device id holds in the ring. */
  partsPerDevice(): Int32Array {
    return partsHeld(this.ring?.replica2part2dev ?? [], this.state.devices.length);
  }

  /** Swift's balance of each device, against the builder's current weights. */
  balancePerDevice(): Map<number, number> {
    return balancePerDevice(this.state.devices, this.partsPerDevice(), this.parts * this.replicas);
  }

  /** Swift's ring balance: the worst device's balance, in %. */
  balance(): number {
    return ringBalance(this.balancePerDevice());
  }

  /**
   * Places the replicas of every partition on the devices, moving as few as it can (see
   * `Rebalancer`), drops the devices marked for removal and makes the new ring.
   */
  rebalance(options: RebalanceOptions = {}): RebalanceResult {
    const now = options.now ?? nowInSeconds();
    const state = this.state;
    const removing = new Set(state.removing);
    const takers = this.devices().filter((device) => device.weight > 0 && !removing.has(device.id));
    if (takers.length < state.replicas)
      throw new RingBuilderError(
        `Replica count of ${state.replicas} requires more than ${takers.length} devices`,
      );
    const outcome = new Rebalancer({
      partPower: state.partPower,
      replicas: state.replicas,
      devices: state.devices,
      removing,
      table: this.ring?.replica2part2dev ?? null,
      partMovedAt: state.partMovedAt,
      minPartHours: state.minPartHours,
      now,
      random: seededRandom(options.seed ?? randomInt(2 ** 32)),
    }).run();
    for (const id of removing) state.devices[id] = null;
    while (state.devices.length > 0 && state.devices.at(-1) === null) state.devices.pop();
    state.removing = [];
    state.partMovedAt = outcome.partMovedAt;
    if (outcome.changedParts > 0) state.lastMoveAt = now;
    state.dispersion = ringDispersion(outcome.plan, outcome.table);
    state.version += 1;
    this.ring = {
      partPower: state.partPower,
      replicas: state.replicas,
      version: state.version,
      devices: structuredClone(state.devices),
      replica2part2dev: outcome.table,
    };
    return {
      changedParts: outcome.changedParts,
      balance: this.balance(),
      dispersion: state.dispersion,
      removedDevices: removing.size,
    };
  }
}
