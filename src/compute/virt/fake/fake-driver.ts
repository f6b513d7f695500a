import { Readable } from 'node:stream';
import type { VirtCapabilities } from '../capabilities.js';
import type {
  DestroyOptions,
  FinishMigrationOptions,
  GuestDevices,
  RebootType,
  RescueOptions,
  SnapshotUpload,
  VirtDriver,
} from '../driver.js';
import {
  DeviceInUse,
  DriverNotReady,
  HypervisorError,
  InstanceAlreadyExists,
  InstanceNotFound,
  InstanceNotInRescueMode,
  InstanceNotRescuable,
} from '../errors.js';
import { PowerState } from '../power-state.js';
import { requirePowerState } from '../power-transitions.js';
import type {
  HostResources,
  ImageMeta,
  InstanceDiagnostics,
  InstanceInfo,
  InstanceSpec,
  LiveMigrationData,
  MigratedDisk,
  MigrationSpec,
  SpawnOptions,
  VifSpec,
  VncConsole,
  VolumeConnection,
  VolumeConnector,
  VolumeMapping,
} from '../types.js';
import { appendConsole, bootLines } from './console-log.js';
import { guestDiagnostics } from './diagnostics.js';
import { FaultInjector, type VirtOperation } from './fault-injector.js';
import { checkPortsFree, copyGuest, diskImage, guestInfo, newGuest, type FakeGuest } from './fake-guest.js';
import { fakeCapabilities, type FakeDriverOptions } from './fake-options.js';
import { defaultFakeHost, hostReport, uptimeLine, type FakeHostOptions } from './fake-host.js';
import { decodeState, encodeState } from './fake-state.js';
import { readIfExists, StateFile } from './state-file.js';

/** The first VNC display port, as QEMU numbers displays from 5900. */
const firstVncPort = 5900;

/**
 * An in-memory hypervisor for one host (Nova's `nova/virt/fake.py`): guests with power states
 * that move as a real hypervisor's do, devices, consoles, snapshots and the resize and live
 * migration protocols. Several drivers, one per host name, make a multi-host cloud in one
 * process. Delays and failures can be injected per operation through `faults`.
 *
 * With a `statePath` the host outlives the driver, as a real hypervisor's guests outlive the
 * compute agent: the guests (running ones still running), resize backups, image cache and VNC
 * ports are kept in that file and are there again for the next driver's `init`.
 */
export class FakeDriver implements VirtDriver {
  readonly capabilities: VirtCapabilities;
  /** Delays and injected failures of this host's operations. */
  readonly faults: FaultInjector;
  private readonly host: Required<FakeHostOptions>;
  private readonly snapshotBytes: number;
  private readonly now: () => Date;
  private bootedAt: Date;
  private hostname: string | null = null;
  private guests = new Map<string, FakeGuest>();
  /** Guests set aside by `migrateDiskAndPowerOff`, for a revert (libvirt's `_resize` directory). */
  private resizeBackups = new Map<string, FakeGuest>();
  private cachedImages = new Set<string>();
  private nextVncPort = firstVncPort;
  private readonly stateFile: StateFile | null;

  constructor(options: FakeDriverOptions = {}) {
    this.capabilities = { ...fakeCapabilities, ...options.capabilities };
    this.faults = new FaultInjector(options.delays);
    this.host = {
      vcpus: options.vcpus ?? defaultFakeHost.vcpus,
      memoryMb: options.memoryMb ?? defaultFakeHost.memoryMb,
      localGb: options.localGb ?? defaultFakeHost.localGb,
      hostIp: options.hostIp ?? defaultFakeHost.hostIp,
      vncHost: options.vncHost ?? defaultFakeHost.vncHost,
      cpuInfo: options.cpuInfo ?? defaultFakeHost.cpuInfo,
    };
    this.snapshotBytes = options.snapshotBytes ?? 64 * 1024;
    this.now = options.now ?? (() => new Date());
    this.bootedAt = this.now();
    this.stateFile = options.statePath
      ? new StateFile(options.statePath, () =>
          encodeState({
            guests: this.guests,
            resizeBackups: this.resizeBackups,
            nextVncPort: this.nextVncPort,
            cachedImages: this.cachedImages,
            bootedAt: this.bootedAt,
          }),
        )
      : null;
  }

  /** The host name given to `init`, or null before it. */
  get hostName(): string | null {
    return this.hostname;
  }

  async init(host: string): Promise<void> {
    await this.faults.enter('init', null);
    if (this.stateFile) await this.loadState(this.stateFile.path);
    this.hostname = host;
  }

  /** Resolves once every change so far is in the state file (at once without one). */
  async flush(): Promise<void> {
    await this.stateFile?.flush();
  }

  async hostResources(): Promise<HostResources> {
    await this.enter('hostResources', null);
    return hostReport(this.hostname!, this.host, this.guests.values());
  }

  async hostUptime(): Promise<string> {
    await this.enter('hostUptime', null);
    return uptimeLine(this.now(), this.bootedAt);
  }

  async listInstances(): Promise<string[]> {
    await this.enter('listInstances', null);
    return [...this.guests.keys()];
  }

  async instanceInfo(uuid: string): Promise<InstanceInfo> {
    await this.enter('instanceInfo', uuid);
    return guestInfo(this.guest(uuid));
  }

  async spawn(instance: InstanceSpec, options: SpawnOptions): Promise<void> {
    await this.enter('spawn', instance.uuid);
    if (this.guests.has(instance.uuid)) throw new InstanceAlreadyExists(instance.uuid);
    checkPortsFree(this.guests.values(), instance.uuid, options.networkInfo);
    const guest = newGuest(instance, options, this.nextVncPort++, this.now());
    guest.powerState = options.powerOn === false ? PowerState.SHUTDOWN : PowerState.RUNNING;
    if (guest.powerState === PowerState.RUNNING) appendConsole(guest.console, bootLines(instance));
    this.guests.set(instance.uuid, guest);
    this.changed();
  }

  async destroy(instance: InstanceSpec, _options?: DestroyOptions): Promise<void> {
    await this.enter('destroy', instance.uuid);
    this.guests.delete(instance.uuid);
    this.changed();
  }

  async reboot(instance: InstanceSpec, type: RebootType, _devices?: Partial<GuestDevices>): Promise<void> {
    await this.enter('reboot', instance.uuid);
    const guest = this.guest(instance.uuid);
    // A soft reboot is the guest OS restarting itself, so only a running guest can print it.
    const soft = type === 'SOFT' && guest.powerState === PowerState.RUNNING;
    appendConsole(
      guest.console,
      soft ? ['reboot: Restarting system', ...bootLines(guest.spec)] : bootLines(guest.spec),
    );
    guest.powerState = PowerState.RUNNING;
    this.changed();
  }

  async powerOff(instance: InstanceSpec): Promise<void> {
    await this.enter('powerOff', instance.uuid);
    const guest = this.guest(instance.uuid);
    if (guest.powerState === PowerState.RUNNING) appendConsole(guest.console, ['reboot: Power down']);
    guest.powerState = PowerState.SHUTDOWN;
    this.changed();
  }

  async powerOn(instance: InstanceSpec): Promise<void> {
    await this.enter('powerOn', instance.uuid);
    const guest = this.guest(instance.uuid);
    requirePowerState(instance.uuid, 'powerOn', guest.powerState);
    if (guest.powerState !== PowerState.RUNNING) appendConsole(guest.console, bootLines(guest.spec));
    guest.powerState = PowerState.RUNNING;
    this.changed();
  }

  async pause(instance: InstanceSpec): Promise<void> {
    await this.transition('pause', instance, PowerState.PAUSED);
  }

  async unpause(instance: InstanceSpec): Promise<void> {
    await this.transition('unpause', instance, PowerState.RUNNING);
  }

  async suspend(instance: InstanceSpec): Promise<void> {
    await this.transition('suspend', instance, PowerState.SUSPENDED);
  }

  async resume(instance: InstanceSpec): Promise<void> {
    await this.transition('resume', instance, PowerState.RUNNING);
  }

  async rescue(instance: InstanceSpec, options: RescueOptions): Promise<void> {
    await this.enter('rescue', instance.uuid);
    const guest = this.guest(instance.uuid);
    if (guest.rescued) throw new InstanceNotRescuable(instance.uuid, 'it is already rescued');
    requirePowerState(instance.uuid, 'rescue', guest.powerState);
    const from = options.rescueImage?.name ?? options.rescueImage?.id ?? 'its own image';
    appendConsole(guest.console, [`rescue: booting from ${from}`, ...bootLines(guest.spec)]);
    guest.rescued = true;
    guest.powerState = PowerState.RUNNING;
    this.changed();
  }

  async unrescue(instance: InstanceSpec): Promise<void> {
    await this.enter('unrescue', instance.uuid);
    const guest = this.guest(instance.uuid);
    if (!guest.rescued) throw new InstanceNotInRescueMode(instance.uuid);
    appendConsole(guest.console, bootLines(guest.spec));
    guest.rescued = false;
    guest.powerState = PowerState.RUNNING;
    this.changed();
  }

  async snapshot(instance: InstanceSpec, upload: SnapshotUpload): Promise<void> {
    await this.enter('snapshot', instance.uuid);
    const guest = this.guest(instance.uuid);
    await upload(Readable.from([diskImage(guest, this.snapshotBytes)]), {
      diskFormat: 'raw',
      containerFormat: 'bare',
    });
  }

  async getDiagnostics(instance: InstanceSpec): Promise<InstanceDiagnostics> {
    await this.enter('getDiagnostics', instance.uuid);
    return guestDiagnostics(this.guest(instance.uuid), this.now());
  }

  async getConsoleOutput(instance: InstanceSpec): Promise<string> {
    await this.enter('getConsoleOutput', instance.uuid);
    return this.guest(instance.uuid).console.join('\n');
  }

  async getVncConsole(instance: InstanceSpec): Promise<VncConsole> {
    await this.enter('getVncConsole', instance.uuid);
    const guest = this.guest(instance.uuid);
    requirePowerState(instance.uuid, 'getVncConsole', guest.powerState);
    return { host: this.host.vncHost, port: guest.vncPort, internalAccessPath: null };
  }

  async volumeConnector(instance: InstanceSpec): Promise<VolumeConnector> {
    await this.enter('volumeConnector', instance.uuid);
    return {
      ip: this.host.hostIp,
      host: this.hostname!,
      initiator: `iqn.2010-10.org.openstack:${this.hostname}`,
      multipath: false,
      platform: 'x86_64',
      osType: 'linux',
    };
  }

  async attachVolume(instance: InstanceSpec, mapping: VolumeMapping): Promise<void> {
    await this.enter('attachVolume', instance.uuid);
    const guest = this.guest(instance.uuid);
    requirePowerState(instance.uuid, 'attachVolume', guest.powerState);
    if (guest.volumes.has(mapping.mountpoint)) throw new DeviceInUse(instance.uuid, mapping.mountpoint);
    for (const connection of guest.volumes.values()) {
      if (connection.volumeId === mapping.connection.volumeId) {
        throw new DeviceInUse(instance.uuid, mapping.connection.volumeId);
      }
    }
    guest.volumes.set(mapping.mountpoint, mapping.connection);
    this.changed();
  }

  async detachVolume(
    instance: InstanceSpec,
    connection: VolumeConnection,
    mountpoint: string,
  ): Promise<void> {
    await this.enter('detachVolume', instance.uuid);
    const guest = this.guest(instance.uuid);
    if (guest.volumes.get(mountpoint)?.volumeId === connection.volumeId) guest.volumes.delete(mountpoint);
    this.changed();
  }

  async extendVolume(
    instance: InstanceSpec,
    connection: VolumeConnection,
    newSizeBytes: number,
  ): Promise<void> {
    await this.enter('extendVolume', instance.uuid);
    const guest = this.guest(instance.uuid);
    if (![...guest.volumes.values()].some((attached) => attached.volumeId === connection.volumeId)) {
      throw new HypervisorError(`Instance ${instance.uuid} has no volume ${connection.volumeId}`);
    }
    guest.volumeSizes = { ...guest.volumeSizes, [connection.volumeId]: newSizeBytes };
    this.changed();
  }

  async attachInterface(instance: InstanceSpec, vif: VifSpec): Promise<void> {
    await this.enter('attachInterface', instance.uuid);
    const guest = this.guest(instance.uuid);
    requirePowerState(instance.uuid, 'attachInterface', guest.powerState);
    checkPortsFree(this.guests.values(), instance.uuid, [vif]);
    guest.interfaces.set(vif.id, vif);
    this.changed();
  }

  async detachInterface(instance: InstanceSpec, vif: VifSpec): Promise<void> {
    await this.enter('detachInterface', instance.uuid);
    this.guest(instance.uuid).interfaces.delete(vif.id);
    this.changed();
  }

  async migrateDiskAndPowerOff(instance: InstanceSpec, _migration: MigrationSpec): Promise<MigratedDisk[]> {
    await this.enter('migrateDiskAndPowerOff', instance.uuid);
    const guest = this.guest(instance.uuid);
    guest.powerState = PowerState.SHUTDOWN;
    this.resizeBackups.set(instance.uuid, copyGuest(guest));
    this.changed();
    const { flavor } = guest.spec;
    const disks: MigratedDisk[] = [];
    if (guest.imageBacked) disks.push({ device: 'vda', format: 'raw', virtualSizeGb: flavor.rootGb });
    if (flavor.ephemeralGb > 0)
      disks.push({ device: 'vdb', format: 'raw', virtualSizeGb: flavor.ephemeralGb });
    return disks;
  }

  async finishMigration(
    instance: InstanceSpec,
    _migration: MigrationSpec,
    _disks: MigratedDisk[],
    options: FinishMigrationOptions,
  ): Promise<void> {
    await this.enter('finishMigration', instance.uuid);
    const existing = this.guests.get(instance.uuid);
    if (existing && !this.resizeBackups.has(instance.uuid)) throw new InstanceAlreadyExists(instance.uuid);
    if (!existing) checkPortsFree(this.guests.values(), instance.uuid, options.networkInfo);
    const vncPort = existing?.vncPort ?? this.nextVncPort++;
    const guest = newGuest(instance, options, vncPort, this.now(), existing);
    guest.powerState = options.powerOn ? PowerState.RUNNING : PowerState.SHUTDOWN;
    if (options.powerOn) appendConsole(guest.console, bootLines(instance));
    this.guests.set(instance.uuid, guest);
    this.changed();
  }

  async confirmMigration(instance: InstanceSpec, migration: MigrationSpec): Promise<void> {
    await this.enter('confirmMigration', instance.uuid);
    this.resizeBackups.delete(instance.uuid);
    if (migration.sourceHost !== migration.destHost) this.guests.delete(instance.uuid);
    this.changed();
  }

  async finishRevertMigration(
    instance: InstanceSpec,
    _migration: MigrationSpec,
    options: Partial<GuestDevices> & { powerOn: boolean },
  ): Promise<void> {
    await this.enter('finishRevertMigration', instance.uuid);
    const guest = this.resizeBackups.get(instance.uuid) ?? this.guest(instance.uuid);
    this.resizeBackups.delete(instance.uuid);
    const wasRunning = guest.powerState === PowerState.RUNNING;
    guest.powerState = options.powerOn ? PowerState.RUNNING : PowerState.SHUTDOWN;
    if (options.powerOn && !wasRunning) appendConsole(guest.console, bootLines(guest.spec));
    this.guests.set(instance.uuid, guest);
    this.changed();
  }

  async preLiveMigration(
    instance: InstanceSpec,
    data: LiveMigrationData,
    devices: GuestDevices,
  ): Promise<LiveMigrationData> {
    await this.enter('preLiveMigration', instance.uuid);
    if (this.guests.has(instance.uuid)) throw new InstanceAlreadyExists(instance.uuid);
    checkPortsFree(this.guests.values(), instance.uuid, devices.networkInfo);
    const guest = newGuest(instance, devices, this.nextVncPort++, this.now());
    guest.powerState = PowerState.PAUSED;
    guest.incoming = true;
    this.guests.set(instance.uuid, guest);
    this.changed();
    return { ...data };
  }

  async liveMigration(instance: InstanceSpec, data: LiveMigrationData): Promise<LiveMigrationData> {
    await this.enter('liveMigration', instance.uuid);
    const guest = this.guest(instance.uuid);
    requirePowerState(instance.uuid, 'liveMigration', guest.powerState);
    this.guests.delete(instance.uuid);
    this.changed();
    return { ...data, powerState: guest.powerState };
  }

  async postLiveMigrationAtDestination(instance: InstanceSpec, data: LiveMigrationData): Promise<void> {
    await this.enter('postLiveMigrationAtDestination', instance.uuid);
    const guest = this.guest(instance.uuid);
    if (!guest.incoming) return;
    guest.incoming = false;
    guest.powerState = data.powerState ?? PowerState.RUNNING;
    appendConsole(guest.console, [`live migration from ${data.sourceHost} complete`]);
    this.changed();
  }

  async rollbackLiveMigrationAtDestination(instance: InstanceSpec, _data: LiveMigrationData): Promise<void> {
    await this.enter('rollbackLiveMigrationAtDestination', instance.uuid);
    if (this.guests.get(instance.uuid)?.incoming) this.guests.delete(instance.uuid);
    this.changed();
  }

  async cacheImage(image: ImageMeta): Promise<boolean> {
    await this.enter('cacheImage', null);
    if (this.cachedImages.has(image.id)) return false;
    this.cachedImages.add(image.id);
    this.changed();
    return true;
  }

  /**
   * Moves a guest to `state` without being asked, as a guest that shuts itself down or crashes
   * does; the agent's power state sync must notice. For tests and scale runs.
   */
  simulateGuestPowerChange(uuid: string, state: PowerState): void {
    this.guest(uuid).powerState = state;
    this.changed();
  }

  /** Makes a guest vanish from the hypervisor behind the agent's back (Nova's `_test_remove_vm`). */
  simulateGuestVanished(uuid: string): void {
    this.guest(uuid);
    this.guests.delete(uuid);
    this.changed();
  }

  /** The host as the state file left it; a host without a file yet starts empty. */
  private async loadState(path: string): Promise<void> {
    const text = await readIfExists(path);
    if (text === null) return;
    const state = decodeState(text, path);
    this.guests = state.guests;
    this.resizeBackups = state.resizeBackups;
    this.cachedImages = state.cachedImages;
    this.nextVncPort = state.nextVncPort;
    this.bootedAt = state.bootedAt;
  }

  /** Called after each change of the host's state, for the state file. */
  private changed(): void {
    this.stateFile?.changed();
  }

  private async enter(operation: VirtOperation, instanceUuid: string | null): Promise<void> {
    if (this.hostname === null) throw new DriverNotReady(operation);
    await this.faults.enter(operation, instanceUuid);
  }

  private async transition(
    operation: 'pause' | 'unpause' | 'suspend' | 'resume',
    instance: InstanceSpec,
    to: PowerState,
  ): Promise<void> {
    await this.enter(operation, instance.uuid);
    const guest = this.guest(instance.uuid);
    requirePowerState(instance.uuid, operation, guest.powerState);
    guest.powerState = to;
    this.changed();
  }

  private guest(uuid: string): FakeGuest {
    const guest = this.guests.get(uuid);
    if (!guest) throw new InstanceNotFound(uuid);
    return guest;
  }
}
