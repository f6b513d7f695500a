import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createFileAtomically } from './atomic-file.js';
import type { HashPathSalt } from './hash-path.js';
import { ensureHashPathSalt, HASH_PATH_SALT_FILE } from './hash-path-salt.js';
import { RingBuilder } from './ring-builder.js';
import { serializeRingFile } from './ring-file.js';

/** Swift's three rings: where accounts, containers and objects live. */
export const RING_KINDS = ['account', 'container', 'object'] as const;
export type RingKind = (typeof RING_KINDS)[number];

/** The all-in-one ring: 2^10 partitions, 3 replicas, a partition moved at most once an hour. */
export const ALL_IN_ONE_PART_POWER = 10;
export const ALL_IN_ONE_REPLICAS = 3;
export const ALL_IN_ONE_MIN_PART_HOURS = 1;
/** Its devices, one per zone: `devices/d1` in zone 1... */
export const ALL_IN_ONE_DEVICES = ['d1', 'd2', 'd3'] as const;

/** The one storage node of the all-in-one cloud, as its rings name it. */
export interface AllInOneNode {
  ip: string;
  port: number;
}

export interface AllInOneRings {
  salt: HashPathSalt;
  paths: Record<RingKind, string>;
}

/** `<dir>/rings/<kind>.ring.json`. */
export function ringPath(dir: string, kind: RingKind): string {
  return join(dir, 'rings', `${kind}.ring.json`);
}

/**
 * Makes, at first start, the hash path salt (`<dir>/hash_path_salt`) and the account, container
 * and object rings of the all-in-one cloud: one node, devices d1..d3 in zones 1..3, 3 replicas,
 * part power 10, rebalanced with a fixed seed. Whatever already exists is kept as it is (an
 * operator may have changed the rings since), so calling it at every start is safe.
 */
export async function ensureAllInOneRings(dir: string, node: AllInOneNode): Promise<AllInOneRings> {
  await mkdir(join(dir, 'rings'), { recursive: true });
  const salt = await ensureHashPathSalt(join(dir, HASH_PATH_SALT_FILE));
  const paths = {} as Record<RingKind, string>;
  for (const kind of RING_KINDS) {
    paths[kind] = ringPath(dir, kind);
    const builder = RingBuilder.create(ALL_IN_ONE_PART_POWER, ALL_IN_ONE_REPLICAS, ALL_IN_ONE_MIN_PART_HOURS);
    ALL_IN_ONE_DEVICES.forEach((device, i) =>
      builder.addDevice({ region: 1, zone: i + 1, ip: node.ip, port: node.port, device, weight: 1 }),
    );
    builder.rebalance({ seed: kind });
    await createFileAtomically(paths[kind], serializeRingFile(builder.toFile()));
  }
  return { salt, paths };
}
