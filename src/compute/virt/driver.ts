import type { Readable } from 'node:stream';
import type { VirtCapabilities } from './capabilities.js';
import type {
  BlockDeviceInfo,
  HostResources,
  ImageMeta,
  InstanceDiagnostics,
  InstanceInfo,
  InstanceSpec,
  LiveMigrationData,
  MigratedDisk,
  MigrationSpec,
  SnapshotImageFormat,
  SpawnOptions,
  VifSpec,
  VncConsole,
  VolumeConnection,
  VolumeConnector,
  VolumeMapping,
} from './types.js';

/** Nova's reboot types: SOFT asks the guest OS to restart, HARD resets the virtual machine. */
export type RebootType = 'SOFT' | 'HARD';

/** The guest's NICs and disks, which most operations need to rebuild or tear down devices. */
export interface GuestDevices {
  networkInfo: VifSpec[];
  blockDeviceInfo: BlockDeviceInfo;
}

/** What `destroy` tears down beside the guest. */
export interface DestroyOptions extends Partial<GuestDevices> {
  /** Delete the instance's local disks too. Default true; false keeps them for a later revert or evacuate cleanup. */
  destroyDisks?: boolean;
}

/** How `powerOff` stops the guest. */
export interface PowerOffOptions {
  /** Seconds to wait for a clean shutdown before pulling the plug; 0 (default) stops at once. */
  timeoutSec?: number;
  /** Seconds between shutdown requests to the guest while waiting. */
  retryIntervalSec?: number;
}

/** What `rescue` boots the guest from. */
export interface RescueOptions extends Partial<GuestDevices> {
  /** The rescue image; null means the instance's own image. */
  rescueImage: ImageMeta | null;
  /** The password for the rescue system, when the driver can inject one. */
  rescuePassword: string | null;
}

/** What the destination's `finishMigration` needs beside the instance (which carries the new flavor). */
export interface FinishMigrationOptions extends GuestDevices {
  /** True for a resize (the flavor changes), false for a cold migration. */
  resizeInstance: boolean;
  /** Start the guest at the end (it was running before); false leaves it SHUTDOWN. */
  powerOn: boolean;
}

/** Receives the snapshot's bytes and uploads them (to the image service); the driver awaits it. */
export type SnapshotUpload = (data: Readable, format: SnapshotImageFormat) => Promise<void>;

/**
 * A compute host's hypervisor, as the compute agent drives it (Nova's `ComputeDriver`). One
 * driver object serves one host. It knows guests, disks and devices only: no HTTP, no database,
 * no bus; the agent owns instance records and calls other services.
 *
 * Common rules:
 * - Every method is async and may reject with a {@link VirtError} subclass; an unexpected
 *   hypervisor failure is a {@link HypervisorError}. Methods that take an instance throw
 *   `InstanceNotFound` when the host has no guest for it, unless said otherwise.
 * - Operations refuse a power state that a real hypervisor could not act from with
 *   `InvalidPowerState`, leaving the guest as it was.
 * - A failed operation leaves the guest as it was before the call, so the agent can retry or put
 *   the instance in ERROR without cleaning up after the driver.
 * - Operations that are not supported throw `OperationNotSupported`; `capabilities` says which
 *   beforehand.
 */
export interface VirtDriver {
  /** What this driver can do; constant for the driver's life. */
  readonly capabilities: VirtCapabilities;

  /**
   * Prepares the driver to serve `host` (the agent's host name, which is also the hypervisor's
   * node name) and catches up with guests that already run there. Called once before any other
   * method; other methods before it may throw `DriverNotReady`.
   */
  init(host: string): Promise<void>;

  /**
   * The host's totals and current use, and what the hypervisor is: what the agent reports as
   * placement inventory and as the os-hypervisors record. Use counts every guest on the host.
   */
  hostResources(): Promise<HostResources>;

  /** The host's uptime line as `uptime` prints it (os-hypervisors `{id}/uptime`, before 2.88). */
  hostUptime(): Promise<string>;

  /** The uuids of every guest on this host, in no particular order. Never throws for an empty host. */
  listInstances(): Promise<string[]>;

  /** The guest's power state and devices. Throws `InstanceNotFound` for an unknown uuid. */
  instanceInfo(uuid: string): Promise<InstanceInfo>;

  /**
   * Creates and starts the guest: disks from the image or volumes in `blockDeviceInfo`, NICs from
   * `networkInfo`, a config drive when asked. On success the guest is RUNNING (SHUTDOWN when
   * `powerOn` is false). On failure nothing of it is left on the host. Throws
   * `InstanceAlreadyExists` when the host has a guest with this uuid; not idempotent.
   */
  spawn(instance: InstanceSpec, options: SpawnOptions): Promise<void>;

  /**
   * Stops the guest in any power state and removes it with its local disks (unless
   * `destroyDisks` is false), detaching its volumes and NICs. Idempotent: a guest the host does
   * not have is not an error (Nova: destroy must succeed when the instance is not found).
   */
  destroy(instance: InstanceSpec, options?: DestroyOptions): Promise<void>;

  /**
   * Restarts the guest; afterwards it is RUNNING whatever it was (paused, suspended, shut down or
   * crashed), as Nova requires. A SOFT reboot of a guest that is not running is done hard.
   */
  reboot(instance: InstanceSpec, type: RebootType, devices?: Partial<GuestDevices>): Promise<void>;

  /**
   * Stops the guest (SHUTDOWN), cleanly within `timeoutSec` if given, else at once. Works from
   * every power state (a suspended guest's saved memory is discarded). Idempotent for a guest
   * already SHUTDOWN.
   */
  powerOff(instance: InstanceSpec, options?: PowerOffOptions): Promise<void>;

  /**
   * Starts a SHUTDOWN or CRASHED guest (RUNNING). Idempotent for a RUNNING guest; a PAUSED or
   * SUSPENDED one throws `InvalidPowerState` (unpause or resume it instead).
   */
  powerOn(instance: InstanceSpec, devices?: Partial<GuestDevices>): Promise<void>;

  /** Freezes a RUNNING guest in memory (PAUSED). Other states throw `InvalidPowerState`. */
  pause(instance: InstanceSpec): Promise<void>;

  /** Lets a PAUSED guest run again (RUNNING). Other states throw `InvalidPowerState`. */
  unpause(instance: InstanceSpec): Promise<void>;

  /** Saves a RUNNING guest's memory to disk and stops it (SUSPENDED). Other states throw `InvalidPowerState`. */
  suspend(instance: InstanceSpec): Promise<void>;

  /** Restores a SUSPENDED guest from its saved memory (RUNNING). Other states throw `InvalidPowerState`. */
  resume(instance: InstanceSpec, devices?: Partial<GuestDevices>): Promise<void>;

  /**
   * Boots the guest from a rescue image with its own root disk attached as a second disk; it is
   * RUNNING and `rescued` afterwards. From RUNNING, SHUTDOWN or CRASHED; PAUSED or SUSPENDED throw
   * `InvalidPowerState`; an already rescued guest throws `InstanceNotRescuable`.
   */
  rescue(instance: InstanceSpec, options: RescueOptions): Promise<void>;

  /**
   * Boots the guest from its own disk again (RUNNING, not rescued). Throws
   * `InstanceNotInRescueMode` when it is not rescued.
   */
  unrescue(instance: InstanceSpec): Promise<void>;

  /**
   * Captures the guest's root disk, in any power state, and hands the bytes to `upload` with their
   * format; resolves once `upload` has resolved. The caller creates and finishes the image; a
   * rejected upload rejects the snapshot with the same error. The guest's power state is unchanged.
   */
  snapshot(instance: InstanceSpec, upload: SnapshotUpload): Promise<void>;

  /**
   * What the hypervisor measures of the guest (CPU time, disk and NIC counters, memory), in any
   * power state; the agent asks only for a RUNNING guest, as Nova's does.
   */
  getDiagnostics(instance: InstanceSpec): Promise<InstanceDiagnostics>;

  /** The guest's serial console log as text (may be empty, never null), in any power state. */
  getConsoleOutput(instance: InstanceSpec): Promise<string>;

  /**
   * Where the guest's VNC server listens. Only a RUNNING or PAUSED guest has one; other states
   * throw `InvalidPowerState`.
   */
  getVncConsole(instance: InstanceSpec): Promise<VncConsole>;

  /** The connector the volume service needs to export volumes to this host (`initialize_connection`). */
  volumeConnector(instance: InstanceSpec): Promise<VolumeConnector>;

  /**
   * Attaches a volume at `mapping.mountpoint`, live for a running guest and persistently for any.
   * Throws `DeviceInUse` when the mountpoint or the volume is already attached to this guest, and
   * `InvalidPowerState` for a SUSPENDED guest.
   */
  attachVolume(instance: InstanceSpec, mapping: VolumeMapping): Promise<void>;

  /** Detaches a volume. Idempotent: a volume not attached at `mountpoint` is not an error. */
  detachVolume(instance: InstanceSpec, connection: VolumeConnection, mountpoint: string): Promise<void>;

  /**
   * Grows an attached volume the volume service has grown to `newSizeBytes` (capability
   * `supportsExtendVolume`; Nova's `extend_volume`): a running guest sees the new size at once.
   * Throws `HypervisorError` when the guest has no such volume, `OperationNotSupported` without
   * the capability.
   */
  extendVolume(instance: InstanceSpec, connection: VolumeConnection, newSizeBytes: number): Promise<void>;

  /**
   * Hot-plugs a NIC for `vif` (capability `supportsAttachInterface`). Throws
   * `InterfaceAttachFailed` when the port is already plugged on this host, and `InvalidPowerState`
   * for a SUSPENDED guest.
   */
  attachInterface(instance: InstanceSpec, vif: VifSpec): Promise<void>;

  /** Unplugs the NIC of `vif`. Idempotent: a port the guest does not have is not an error. */
  detachInterface(instance: InstanceSpec, vif: VifSpec): Promise<void>;

  /**
   * Resize and cold migration, step 1, on the source host: stops the guest (SHUTDOWN, from any
   * power state) and sets its disks aside so `finishRevertMigration` can bring it back. The guest
   * stays listed on the source until `confirmMigration`. Returns the disks the destination
   * receives.
   */
  migrateDiskAndPowerOff(
    instance: InstanceSpec,
    migration: MigrationSpec,
    options?: PowerOffOptions & Partial<GuestDevices>,
  ): Promise<MigratedDisk[]>;

  /**
   * Step 2, on the destination host (which may be the source for a resize): creates the guest
   * from the migrated disks with the instance's new flavor, RUNNING if `powerOn`, else SHUTDOWN.
   * Throws `InstanceAlreadyExists` when this host has an unrelated guest with the uuid.
   */
  finishMigration(
    instance: InstanceSpec,
    migration: MigrationSpec,
    disks: MigratedDisk[],
    options: FinishMigrationOptions,
  ): Promise<void>;

  /**
   * Step 3a, on the source host: the user kept the new size, so the set-aside disks go, and so
   * does the source guest when the destination is another host. Idempotent.
   */
  confirmMigration(instance: InstanceSpec, migration: MigrationSpec): Promise<void>;

  /**
   * Step 3b, on the source host, after the caller destroyed the destination's guest: brings the
   * set-aside guest back with its old flavor, RUNNING if `powerOn`, else SHUTDOWN. Idempotent when
   * the guest is already back; `InstanceNotFound` when there is nothing to bring back.
   */
  finishRevertMigration(
    instance: InstanceSpec,
    migration: MigrationSpec,
    options: Partial<GuestDevices> & { powerOn: boolean },
  ): Promise<void>;

  /**
   * Live migration, step 1, on the destination host: prepares to receive the guest (an incoming
   * guest, PAUSED, that `instanceInfo` and `listInstances` show). Throws `InstanceAlreadyExists`
   * when this host already has it. Returns the data to pass to the source.
   */
  preLiveMigration(
    instance: InstanceSpec,
    data: LiveMigrationData,
    devices: GuestDevices,
  ): Promise<LiveMigrationData>;

  /**
   * Step 2, on the source host: copies the guest's memory (and disks for a block migration) to
   * the destination; on success the guest is gone from the source and the returned data carries
   * the power state to resume it in. A RUNNING or PAUSED guest only; others throw
   * `InvalidPowerState`. On failure the guest keeps running on the source.
   */
  liveMigration(instance: InstanceSpec, data: LiveMigrationData): Promise<LiveMigrationData>;

  /** Step 3, on the destination host: the incoming guest takes over in the migrated power state. */
  postLiveMigrationAtDestination(
    instance: InstanceSpec,
    data: LiveMigrationData,
    devices?: Partial<GuestDevices>,
  ): Promise<void>;

  /**
   * After a failed step 2, on the destination host: removes what `preLiveMigration` prepared.
   * Idempotent; never touches a guest that already took over.
   */
  rollbackLiveMigrationAtDestination(instance: InstanceSpec, data: LiveMigrationData): Promise<void>;

  /**
   * Fetches `image` into the host's image cache ahead of boots (capability `hasImagecache`).
   * Resolves true when it was fetched now, false when it was already cached.
   */
  cacheImage(image: ImageMeta): Promise<boolean>;
}
