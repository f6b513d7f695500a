import type { Logger } from '../../../common/logging.js';
import type { VirtCapabilities } from '../capabilities.js';
import type { InstanceSpec, VifSpec } from '../types.js';
import type { ImageSource } from './image-cache.js';

/** Which accelerator to run guests under: `auto` probes KVM once at `init` and falls back to TCG. */
export type AcceleratorChoice = 'auto' | 'kvm' | 'tcg';

/** Builds a config drive ISO for the instance at `isoPath` (another module's job; the driver attaches it). */
export type ConfigDriveBuilder = (
  isoPath: string,
  instance: InstanceSpec,
  networkInfo: VifSpec[],
) => Promise<void>;

export interface QemuDriverOptions {
  /** This host's instance folders, `<instancesDir>/<uuid>/` each. */
  instancesDir: string;
  /** Base images, shared by every driver on the machine. */
  imageCacheDir: string;
  /**
   * Where a resize or cold migration leaves the moved disks for the destination's driver: one
   * folder per machine, shared by the drivers of the host names that machine serves.
   */
  migrationDir: string;
  accel: AcceleratorChoice;
  images: ImageSource;
  configDrive?: ConfigDriveBuilder;
  logger: Logger;
  qemuBinary?: string;
  qemuImgBinary?: string;
  /** Host totals reported to placement; default the machine's CPUs, memory and the instances file system. */
  vcpus?: number;
  memoryMb?: number;
  localGb?: number;
  /** The address guests' VNC servers listen on (and the console proxy connects to). Default 127.0.0.1. */
  vncListen?: string;
  /** The host's address in the volume connector and the hypervisor record. Default 127.0.0.1. */
  hostIp?: string;
  /** How long the KVM probe guest may take before KVM is judged unusable. Default 5 s. */
  kvmProbeDeadlineMs?: number;
  /** How long a soft reboot waits for the guest OS to shut down before rebooting hard (Nova: 120 s). */
  softRebootTimeoutSec?: number;
  /** How long a guest has to acknowledge a device unplug. Default 10 s. */
  unplugTimeoutMs?: number;
}

/**
 * What this driver does, as Nova's libvirt driver claims it, less what a QEMU-only host cannot:
 * live migration (between QEMUs on different machines it would need a migration transport and
 * shared or copied storage), multi-attach and online volume extension (no volume service yet).
 */
export const qemuCapabilities: VirtCapabilities = {
  hasImagecache: true,
  supportsEvacuate: true,
  supportsMigrateToSameHost: true,
  supportsAttachInterface: true,
  supportsDeviceTagging: true,
  supportsTaggedAttachInterface: true,
  supportsTaggedAttachVolume: true,
  supportsExtendVolume: true,
  supportsMultiattach: false,
  supportsBfvRescue: false,
  supportsLiveMigration: false,
  imageTypes: ['raw', 'qcow2', 'vmdk', 'vdi', 'vhd', 'vhdx'],
};
