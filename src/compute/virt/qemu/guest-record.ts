import { readFile, rename, writeFile } from 'node:fs/promises';
import type { InstanceSpec } from '../types.js';

/** A disk of the guest: a local file of the instance, or a volume's device on this host. */
export interface GuestDisk {
  /** The guest device it is, as Nova names it (`vda`, `vdb`, `hdd` for the config drive). */
  device: string;
  path: string;
  format: 'qcow2' | 'raw';
  /** `root`, `ephemeral` and `swap` are the instance's local disks; a volume carries its id. */
  role: 'root' | 'ephemeral' | 'swap' | 'config' | 'rescue' | 'volume';
  readOnly: boolean;
  volumeId?: string;
  /** A volume exported over NBD (its `path` is then the export's `nbd://` URL, for people to read). */
  nbd?: { host: string; port: number; name: string };
}

/** A NIC of the guest and the TAP device QEMU opens for it on the host. */
export interface GuestNic {
  portId: string;
  macAddress: string;
  tapName: string;
}

/**
 * Everything needed to start the guest's QEMU again: the instance as it was given, its disks
 * and NICs. Kept as `guest.json` in the instance folder, so a restarted agent finds guests, and a
 * guest whose QEMU is gone can be started again (Nova keeps the same in libvirt's domain XML).
 */
export interface GuestRecord {
  instance: InstanceSpec;
  disks: GuestDisk[];
  nics: GuestNic[];
  /** The device the guest boots from when not rescued (`vda`; a boot volume's device when it has no image). */
  rootDevice: string;
  /** True while the guest boots from `disk.rescue` with its own disk as the second. */
  rescued: boolean;
  /** When the current QEMU process started (ISO time), for the uptime in diagnostics. */
  launchedAt: string | null;
}

/** The disk the guest boots from: the rescue disk while rescued, else its root disk or boot volume. */
export function bootDisk(record: GuestRecord): GuestDisk | undefined {
  if (record.rescued) return record.disks.find((disk) => disk.role === 'rescue');
  return record.disks.find((disk) => disk.device === record.rootDevice && disk.role !== 'rescue');
}

/** The disks the guest boots with, the boot disk first; the rescue disk only while rescued. */
export function disksInBootOrder(record: GuestRecord): GuestDisk[] {
  const boot = bootDisk(record);
  const others = record.disks.filter((disk) => disk !== boot && (record.rescued || disk.role !== 'rescue'));
  return boot ? [boot, ...others] : others;
}

export async function readGuestRecord(path: string): Promise<GuestRecord> {
  return JSON.parse(await readFile(path, 'utf8')) as GuestRecord;
}

/** Writes the record atomically (a reader never sees half a file). */
export async function writeGuestRecord(path: string, record: GuestRecord): Promise<void> {
  await writeFile(`${path}.tmp`, JSON.stringify(record, null, 2));
  await rename(`${path}.tmp`, path);
}
