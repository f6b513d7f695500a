import type { VirtCapabilities } from '../capabilities.js';
import type { FakeHostOptions } from './fake-host.js';
import type { VirtOperation } from './fault-injector.js';

/** What Nova's fake driver claims, less what this one does not do (BFV rescue). */
export const fakeCapabilities: VirtCapabilities = {
  hasImagecache: true,
  supportsEvacuate: true,
  supportsMigrateToSameHost: false,
  supportsAttachInterface: true,
  supportsDeviceTagging: true,
  supportsTaggedAttachInterface: true,
  supportsTaggedAttachVolume: true,
  supportsExtendVolume: true,
  supportsMultiattach: true,
  supportsBfvRescue: false,
  supportsLiveMigration: true,
  imageTypes: ['raw', 'qcow2', 'iso', 'ami', 'aki', 'ari', 'vmdk', 'vdi', 'vhd', 'vhdx'],
};

export interface FakeDriverOptions extends FakeHostOptions {
  /** Milliseconds each operation takes; none by default. */
  delays?: Partial<Record<VirtOperation, number>>;
  /** Capabilities that differ from `fakeCapabilities` (e.g. same-host resize, as Nova's SameHostColdMigrateDriver). */
  capabilities?: Partial<VirtCapabilities>;
  /** Size of the disk image a snapshot produces. Default 64 KiB. */
  snapshotBytes?: number;
  /** The clock, for the uptime line. */
  now?: () => Date;
  /**
   * A JSON file that keeps the host's guests beyond this driver, as a real hypervisor's outlive
   * the compute agent; without one they live as long as the driver. Its folder must exist.
   */
  statePath?: string;
}
