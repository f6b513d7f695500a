import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RingDevice, RingLookup, RingNode } from '../ring/ring-types.js';
import { looksAfter } from '../storage/device.js';
import type { NodeAddress } from '../storage/storage-protocol.js';

/** A device of this node as a ring names it, with its folder. */
export interface LocalDevice {
  ring: RingDevice;
  path: string;
}

export function sameDevice(a: RingDevice, b: RingDevice): boolean {
  return a.ip === b.ip && a.port === b.port && a.device === b.device;
}

/**
 * The ring's devices on this node whose folder is there (Swift's `mount_check`): a device gone is
 * skipped, not filled in again by mkdir; it is refilled by its peers once it is back.
 */
export function localDevices(
  ring: RingLookup,
  node: NodeAddress,
  devicesRoot: string,
  only?: readonly string[],
): LocalDevice[] {
  return ring
    .devices()
    .filter((device) => device.ip === node.ip && device.port === node.port)
    .filter((device) => looksAfter(device.device, only))
    .map((device) => ({ ring: device, path: join(devicesRoot, device.device) }))
    .filter((device) => statSync(device.path, { throwIfNoEntry: false })?.isDirectory() ?? false);
}

/** The names in a folder; none when it is not there (removed meanwhile). */
export async function listFolder(path: string): Promise<string[]> {
  return readdir(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
    throw error;
  });
}

/** The partitions a device holds in one of its data folders (`objects`, `containers`, `accounts`). */
export async function partitionsOn(device: LocalDevice, datadir: string): Promise<number[]> {
  const names = await listFolder(join(device.path, datadir));
  return names.filter((name) => /^\d+$/.test(name)).map(Number);
}

/** Where a partition's other copies belong: its primaries but this device; whether it is one. */
export function peersOf(
  ring: RingLookup,
  partition: number,
  device: RingDevice,
): { primary: boolean; peers: RingNode[] } {
  const primaries = ring.primaryNodes(partition);
  return {
    primary: primaries.some((node) => sameDevice(node, device)),
    peers: primaries.filter((node) => !sameDevice(node, device)),
  };
}
