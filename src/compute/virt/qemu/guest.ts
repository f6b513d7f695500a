import type { VifSpec } from '../types.js';
import type { GuestNic, GuestRecord } from './guest-record.js';
import type { InstanceFiles } from './instance-files.js';
import type { RunningGuest } from './running-guest.js';

/** A guest of this host: its files, what it was launched with, and its QEMU while it has one. */
export interface Guest {
  files: InstanceFiles;
  record: GuestRecord;
  running: RunningGuest | null;
}

/** Nova's TAP name for a port without one: `tap` and the port id's first 11 characters. */
export const tapNameOf = (vif: VifSpec) => vif.devName ?? `tap${vif.id.slice(0, 11)}`;

/** The guest NIC a port becomes. */
export const nicOf = (vif: VifSpec): GuestNic => ({
  portId: vif.id,
  macAddress: vif.macAddress,
  tapName: tapNameOf(vif),
});
