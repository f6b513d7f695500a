import type { RingDevice } from './ring-types.js';

/**
 * One JSON file per ring (`account.ring.json`...) holds what Swift keeps in two: the builder's
 * state (`.builder`) and the ring the proxies read (`.ring.gz`). Changing a device rewrites the
 * builder part only, so proxies keep the same placement until a rebalance writes a new ring.
 */
export const RING_FILE_FORMAT = 1;

/** 2^20 partitions of 3 replicas are 3M table entries: the most a JSON ring carries well. */
export const MAX_PART_POWER = 20;

/** What lookups read: the devices and the replica table of the last rebalance (Swift's RingData). */
export interface RingData {
  partPower: number;
  replicas: number;
  /** The builder version this ring was made from. */
  version: number;
  /** Indexed by device id; null where an id is free. */
  devices: (RingDevice | null)[];
  /** `replica2part2dev[replica][partition]` is a device id (Swift's `_replica2part2dev_id`). */
  replica2part2dev: number[][];
}

/** The builder's state between commands (Swift's `.builder` file). */
export interface BuilderState {
  partPower: number;
  replicas: number;
  minPartHours: number;
  /** Counts every change; the ring records the version it was made from. */
  version: number;
  /** Indexed by device id; null where an id is free. */
  devices: (RingDevice | null)[];
  /** Devices marked for removal: gone at the next rebalance. */
  removing: number[];
  /** Per partition, when one of its replicas last moved (Unix seconds, 0 for never). */
  partMovedAt: number[];
  /** When the last rebalance moved something (Unix seconds, 0 for never). */
  lastMoveAt: number;
  /** Swift's dispersion after the last rebalance: % of part-replicas less spread than they could be. */
  dispersion: number;
}

export interface RingFile {
  format: typeof RING_FILE_FORMAT;
  builder: BuilderState;
  /** Null until the first rebalance. */
  ring: RingData | null;
}

export class RingFileError extends Error {
  override name = 'RingFileError';
}

function isCount(value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): value is number {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

function checkDevices(value: unknown, where: string): (RingDevice | null)[] {
  if (!Array.isArray(value)) throw new RingFileError(`${where}: devices is not a list`);
  value.forEach((device: Partial<RingDevice> | null, id) => {
    if (device === null) return;
    const valid =
      device.id === id &&
      isCount(device.region, 0) &&
      isCount(device.zone, 0) &&
      typeof device.ip === 'string' &&
      isCount(device.port, 0, 65535) &&
      typeof device.device === 'string' &&
      typeof device.weight === 'number' &&
      device.weight >= 0;
    if (!valid) throw new RingFileError(`${where}: device ${id} is malformed`);
  });
  return value as (RingDevice | null)[];
}

function checkShape(partPower: unknown, replicas: unknown, where: string): void {
  if (!isCount(partPower, 0, MAX_PART_POWER))
    throw new RingFileError(`${where}: part power must be an integer from 0 to ${MAX_PART_POWER}`);
  if (!isCount(replicas, 1)) throw new RingFileError(`${where}: replicas must be a positive integer`);
}

/** Checks that a ring's table names only its devices and has one row of 2^partPower per replica. */
function checkRing(value: Partial<RingData>, where: string): RingData {
  checkShape(value.partPower, value.replicas, where);
  const devices = checkDevices(value.devices, where);
  const table = value.replica2part2dev;
  const parts = 2 ** value.partPower!;
  if (!Array.isArray(table) || table.length !== value.replicas)
    throw new RingFileError(`${where}: replica2part2dev must have one row per replica`);
  for (const row of table) {
    if (!Array.isArray(row) || row.length !== parts)
      throw new RingFileError(`${where}: each replica row must have ${parts} partitions`);
    for (const id of row)
      if (!isCount(id, 0, devices.length - 1) || devices[id] === null)
        throw new RingFileError(`${where}: replica2part2dev names device ${id}, which the ring lacks`);
  }
  return value as RingData;
}

function checkBuilder(value: Partial<BuilderState>, where: string): BuilderState {
  checkShape(value.partPower, value.replicas, where);
  checkDevices(value.devices, where);
  const valid =
    isCount(value.minPartHours, 0) &&
    isCount(value.version, 0) &&
    Array.isArray(value.removing) &&
    Array.isArray(value.partMovedAt) &&
    value.partMovedAt.length === 2 ** value.partPower! &&
    typeof value.lastMoveAt === 'number' &&
    typeof value.dispersion === 'number';
  if (!valid) throw new RingFileError(`${where}: the builder state is malformed`);
  return value as BuilderState;
}

/** Parses and checks a ring file; `where` names it in errors. */
export function parseRingFile(text: string, where: string): RingFile {
  let value: Partial<RingFile>;
  try {
    value = JSON.parse(text) as Partial<RingFile>;
  } catch (error) {
    throw new RingFileError(`${where}: not JSON (${(error as Error).message})`);
  }
  if (value?.format !== RING_FILE_FORMAT) throw new RingFileError(`${where}: not a ring file of format 1`);
  const builder = checkBuilder(value.builder ?? {}, where);
  const ring = value.ring === null || value.ring === undefined ? null : checkRing(value.ring, where);
  return { format: RING_FILE_FORMAT, builder, ring };
}

/** The file's text: indented, except that lists of numbers (the table) stay on one line each. */
export function serializeRingFile(file: RingFile): string {
  const text = JSON.stringify(file, null, 2).replace(
    /\[\s+([-\d.e+,\s]+?)\s+\]/g,
    (_, numbers: string) => `[${numbers.replace(/\s+/g, '')}]`,
  );
  return `${text}\n`;
}
