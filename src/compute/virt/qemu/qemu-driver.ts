import { mkdir, rm } from 'node:fs/promises';
import type { Logger } from '../../../common/logging.js';
import type { VirtCapabilities } from '../capabilities.js';
import type {
  DestroyOptions,
  FinishMigrationOptions,
  GuestDevices,
  PowerOffOptions,
  RebootType,
  RescueOptions,
  SnapshotUpload,
  VirtDriver,
} from '../driver.js';
import { InstanceAlreadyExists, OperationNotSupported } from '../errors.js';
import { PowerState } from '../power-state.js';
import { requirePowerState } from '../power-transitions.js';
import type {
  CpuInfo,
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
import { ColdMigration } from './cold-migration.js';
import { DeviceHotplug } from './device-hotplug.js';
import { nicOf } from './guest.js';
import { guestDiagnostics } from './guest-diagnostics.js';
import { deviceName, GuestDiskMaker } from './guest-disks.js';
import { guestPowerState, haltGuest } from './guest-power.js';
import { rescueGuest, unrescueGuest } from './guest-rescue.js';
import { snapshotGuest } from './guest-snapshot.js';
import { HostGuests } from './host-guests.js';
import { hostCpuInfo, hostTotals, qemuVersion, uptimeLine } from './host-info.js';
import { hostIpAddress, localDiskUse } from './host-use.js';
import { ImageCache } from './image-cache.js';
import { readLogTail } from './log-tail.js';
import { kvmDeviceUsable, probeAccelerator, type Accelerator } from './kvm-probe.js';
import { qemuCapabilities, type QemuDriverOptions } from './qemu-options.js';
import { QemuImg } from './qemu-img.js';
import { runCommand } from '../../../common/run-command.js';

/** The most of the console log `getConsoleOutput` returns: its end (Nova's MAX_CONSOLE_BYTES). */
const maxConsoleBytes = 100 * 1024;

/**
 * Nova's libvirt driver for a host without libvirt: each guest is a `qemu-system-x86_64` process,
 * driven through its QMP monitor, with its disks (qcow2 overlays on cached base images), serial
 * log and launch record in `<instancesDir>/<uuid>/`. Guests outlive the driver; `init` finds them
 * again by their pid file and monitor socket.
 */
export class QemuDriver implements VirtDriver {
  readonly capabilities: VirtCapabilities = qemuCapabilities;
  private readonly logger: Logger;
  private readonly qemuBinary: string;
  private readonly qemuImg: QemuImg;
  private readonly cache: ImageCache;
  private readonly disks: GuestDiskMaker;
  private readonly guests: HostGuests;
  private readonly coldMigration: ColdMigration;
  private readonly hotplug: DeviceHotplug;
  private version = 0;
  private cpuInfo: CpuInfo | null = null;
  private totals = { vcpus: 0, memoryMb: 0, localGb: 0 };

  constructor(private readonly options: QemuDriverOptions) {
    this.logger = options.logger;
    this.qemuBinary = options.qemuBinary ?? 'qemu-system-x86_64';
    this.qemuImg = new QemuImg(options.qemuImgBinary ?? 'qemu-img');
    this.cache = new ImageCache(options.imageCacheDir, options.images, options.logger);
    this.disks = new GuestDiskMaker(this.qemuImg, this.cache, options.configDrive);
    this.guests = new HostGuests(options, this.qemuBinary);
    this.coldMigration = new ColdMigration(this.guests, this.qemuImg, this.disks, options.migrationDir);
    this.hotplug = new DeviceHotplug(this.guests, options.unplugTimeoutMs ?? 10_000, options.logger);
  }

  /** The accelerator guests run under, known after `init`. */
  get accelerator(): Accelerator {
    return this.guests.accelerator;
  }

  async init(host: string): Promise<void> {
    const { instancesDir, imageCacheDir, migrationDir } = this.options;
    for (const dir of [instancesDir, imageCacheDir, migrationDir]) await mkdir(dir, { recursive: true });
    const accel = await this.chooseAccelerator();
    this.version = await qemuVersion(this.qemuBinary);
    this.cpuInfo = await hostCpuInfo();
    const machine = await hostTotals(instancesDir);
    this.totals = {
      vcpus: this.options.vcpus ?? machine.vcpus,
      memoryMb: this.options.memoryMb ?? machine.memoryMb,
      localGb: this.options.localGb ?? machine.localGb,
    };
    await this.guests.load(host, accel);
    this.logger.info({ host, accel, guests: this.guests.size }, 'QEMU driver ready');
  }

  /** Lets go of the guests' monitors; the guests keep running for the next driver to find. */
  close(): void {
    for (const guest of this.guests.all()) guest.running?.qmp.close();
  }

  async hostResources(): Promise<HostResources> {
    this.guests.ready('hostResources');
    const guests = this.guests.all();
    const disk = await localDiskUse(
      this.options.instancesDir,
      guests.map((guest) => guest.record.instance.flavor),
    );
    let vcpusUsed = 0;
    let memoryMbUsed = 0;
    for (const { record } of guests) {
      vcpusUsed += record.instance.flavor.vcpus;
      memoryMbUsed += record.instance.flavor.memoryMb;
    }
    return {
      hypervisorHostname: this.guests.hostname!,
      hypervisorType: 'QEMU',
      hypervisorVersion: this.version,
      hostIp: this.options.hostIp ?? hostIpAddress(),
      vcpus: this.totals.vcpus,
      vcpusUsed,
      memoryMb: this.totals.memoryMb,
      memoryMbUsed,
      localGb: this.totals.localGb,
      localGbUsed: disk.usedGb,
      diskAvailableLeast: disk.availableLeastGb,
      runningVms: guests.length,
      cpuInfo: structuredClone(this.cpuInfo!),
      supportedInstances: [
        ['i686', 'qemu', 'hvm'],
        ['x86_64', 'qemu', 'hvm'],
      ],
    };
  }

  async hostUptime(): Promise<string> {
    this.guests.ready('hostUptime');
    return uptimeLine();
  }

  async listInstances(): Promise<string[]> {
    this.guests.ready('listInstances');
    return this.guests.uuids();
  }

  instanceInfo(uuid: string): Promise<InstanceInfo> {
    return this.guests.withGuest('instanceInfo', uuid, async (guest) => {
      const { record } = guest;
      return {
        uuid,
        name: record.instance.name,
        powerState: await guestPowerState(guest),
        rescued: record.rescued,
        vcpus: record.instance.flavor.vcpus,
        memoryMb: record.instance.flavor.memoryMb,
        volumes: record.disks
          .filter((disk) => disk.role === 'volume')
          .map((disk) => ({ volumeId: disk.volumeId!, mountpoint: `/dev/${disk.device}` })),
        interfaces: record.nics.map((nic) => ({ portId: nic.portId, macAddress: nic.macAddress })),
      };
    });
  }

  spawn(instance: InstanceSpec, options: SpawnOptions): Promise<void> {
    return this.guests.locked('spawn', instance.uuid, async () => {
      if (this.guests.has(instance.uuid)) throw new InstanceAlreadyExists(instance.uuid);
      this.guests.checkPortsFree(instance.uuid, options.networkInfo);
      const files = this.guests.filesOf(instance.uuid);
      await this.guests.create(
        files,
        async () => ({
          instance,
          disks: await this.disks.spawnDisks(instance, files, options.blockDeviceInfo, options.networkInfo),
          nics: options.networkInfo.map(nicOf),
          rootDevice: deviceName(options.blockDeviceInfo.rootDeviceName),
          rescued: false,
          launchedAt: null,
        }),
        options.powerOn !== false,
      );
    });
  }

  destroy(instance: InstanceSpec, options: DestroyOptions = {}): Promise<void> {
    return this.guests.locked('destroy', instance.uuid, async () => {
      const guest = this.guests.get(instance.uuid);
      if (guest) await haltGuest(guest);
      this.guests.delete(instance.uuid);
      if (options.destroyDisks === false) return;
      const files = this.guests.filesOf(instance.uuid);
      await rm(files.dir, { recursive: true, force: true });
      await rm(`${files.dir}_resize`, { recursive: true, force: true });
    });
  }

  reboot(instance: InstanceSpec, type: RebootType, _devices?: Partial<GuestDevices>): Promise<void> {
    return this.guests.withGuest('reboot', instance.uuid, async (guest) => {
      const state = await guestPowerState(guest);
      if (type === 'SOFT' && state === PowerState.RUNNING) {
        // As libvirt's soft reboot: the guest OS shuts down cleanly, then boots again; a guest
        // that does not shut down in time is rebooted hard.
        const timeoutMs = (this.options.softRebootTimeoutSec ?? 120) * 1000;
        await guest.running!.shutdown(timeoutMs, timeoutMs);
        guest.running = null;
      }
      await haltGuest(guest);
      await this.guests.launch(guest);
    });
  }

  powerOff(instance: InstanceSpec, options: PowerOffOptions = {}): Promise<void> {
    return this.guests.withGuest('powerOff', instance.uuid, (guest) => haltGuest(guest, options));
  }

  powerOn(instance: InstanceSpec, _devices?: Partial<GuestDevices>): Promise<void> {
    return this.guests.withGuest('powerOn', instance.uuid, async (guest) => {
      const state = await guestPowerState(guest);
      requirePowerState(instance.uuid, 'powerOn', state);
      if (state === PowerState.RUNNING) return;
      await haltGuest(guest);
      await this.guests.launch(guest);
    });
  }

  pause(instance: InstanceSpec): Promise<void> {
    return this.guests.withGuest('pause', instance.uuid, async (guest) => {
      requirePowerState(instance.uuid, 'pause', await guestPowerState(guest));
      await guest.running!.pause();
    });
  }

  unpause(instance: InstanceSpec): Promise<void> {
    return this.guests.withGuest('unpause', instance.uuid, async (guest) => {
      requirePowerState(instance.uuid, 'unpause', await guestPowerState(guest));
      await guest.running!.cont();
    });
  }

  suspend(instance: InstanceSpec): Promise<void> {
    return this.guests.withGuest('suspend', instance.uuid, async (guest) => {
      requirePowerState(instance.uuid, 'suspend', await guestPowerState(guest));
      try {
        await guest.running!.saveTo(guest.files.savedState);
      } catch (error) {
        await rm(guest.files.savedState, { force: true });
        if (guest.running?.alive) await guest.running.cont();
        throw error;
      }
      guest.running = null;
    });
  }

  resume(instance: InstanceSpec, _devices?: Partial<GuestDevices>): Promise<void> {
    return this.guests.withGuest('resume', instance.uuid, async (guest) => {
      requirePowerState(instance.uuid, 'resume', await guestPowerState(guest));
      await this.guests.launch(guest, guest.files.savedState);
      await rm(guest.files.savedState, { force: true });
    });
  }

  rescue(instance: InstanceSpec, options: RescueOptions): Promise<void> {
    return rescueGuest(this.guests, this.disks, instance, options);
  }

  unrescue(instance: InstanceSpec): Promise<void> {
    return unrescueGuest(this.guests, instance);
  }

  snapshot(instance: InstanceSpec, upload: SnapshotUpload): Promise<void> {
    return snapshotGuest(this.guests, this.qemuImg, this.options.instancesDir, instance, upload);
  }

  getDiagnostics(instance: InstanceSpec): Promise<InstanceDiagnostics> {
    return this.guests.withGuest('getDiagnostics', instance.uuid, async (guest) =>
      guestDiagnostics(
        guest.record,
        await guestPowerState(guest),
        guest.running,
        this.guests.accelerator === 'kvm' ? 'kvm' : 'qemu',
      ),
    );
  }

  getConsoleOutput(instance: InstanceSpec): Promise<string> {
    return this.guests.withGuest('getConsoleOutput', instance.uuid, (guest) =>
      readLogTail(guest.files.consoleLog, maxConsoleBytes),
    );
  }

  getVncConsole(instance: InstanceSpec): Promise<VncConsole> {
    return this.guests.withGuest('getVncConsole', instance.uuid, async (guest) => {
      requirePowerState(instance.uuid, 'getVncConsole', await guestPowerState(guest));
      const listen = this.options.vncListen ?? '127.0.0.1';
      const host =
        listen === '0.0.0.0' || listen === '::' ? (this.options.hostIp ?? hostIpAddress()) : listen;
      return { host, port: await guest.running!.vncPort(), internalAccessPath: null };
    });
  }

  async volumeConnector(_instance: InstanceSpec): Promise<VolumeConnector> {
    this.guests.ready('volumeConnector');
    const host = this.guests.hostname!;
    return {
      ip: this.options.hostIp ?? hostIpAddress(),
      host,
      initiator: `iqn.2010-10.org.openstack:${host}`,
      multipath: false,
      platform: this.cpuInfo!.arch,
      osType: process.platform,
    };
  }

  attachVolume(instance: InstanceSpec, mapping: VolumeMapping): Promise<void> {
    return this.hotplug.attachVolume(instance, mapping);
  }

  detachVolume(instance: InstanceSpec, connection: VolumeConnection, mountpoint: string): Promise<void> {
    return this.hotplug.detachVolume(instance, connection, mountpoint);
  }

  extendVolume(instance: InstanceSpec, connection: VolumeConnection, newSizeBytes: number): Promise<void> {
    return this.hotplug.extendVolume(instance, connection, newSizeBytes);
  }

  attachInterface(instance: InstanceSpec, vif: VifSpec): Promise<void> {
    return this.hotplug.attachInterface(instance, vif);
  }

  detachInterface(instance: InstanceSpec, vif: VifSpec): Promise<void> {
    return this.hotplug.detachInterface(instance, vif);
  }

  migrateDiskAndPowerOff(
    instance: InstanceSpec,
    migration: MigrationSpec,
    options: PowerOffOptions & Partial<GuestDevices> = {},
  ): Promise<MigratedDisk[]> {
    return this.coldMigration.migrateDiskAndPowerOff(instance, migration, options);
  }

  finishMigration(
    instance: InstanceSpec,
    migration: MigrationSpec,
    disks: MigratedDisk[],
    options: FinishMigrationOptions,
  ): Promise<void> {
    return this.coldMigration.finishMigration(instance, migration, disks, options);
  }

  confirmMigration(instance: InstanceSpec, migration: MigrationSpec): Promise<void> {
    return this.coldMigration.confirmMigration(instance, migration);
  }

  finishRevertMigration(
    instance: InstanceSpec,
    migration: MigrationSpec,
    options: Partial<GuestDevices> & { powerOn: boolean },
  ): Promise<void> {
    return this.coldMigration.finishRevertMigration(instance, migration, options);
  }

  async preLiveMigration(instance: InstanceSpec): Promise<LiveMigrationData> {
    this.guests.ready('preLiveMigration');
    throw new OperationNotSupported(`live migration of instance ${instance.uuid}`);
  }

  async liveMigration(instance: InstanceSpec): Promise<LiveMigrationData> {
    this.guests.ready('liveMigration');
    throw new OperationNotSupported(`live migration of instance ${instance.uuid}`);
  }

  async postLiveMigrationAtDestination(instance: InstanceSpec): Promise<void> {
    this.guests.ready('postLiveMigrationAtDestination');
    throw new OperationNotSupported(`live migration of instance ${instance.uuid}`);
  }

  async rollbackLiveMigrationAtDestination(): Promise<void> {
    // Nothing was prepared: preLiveMigration refuses every live migration.
    this.guests.ready('rollbackLiveMigrationAtDestination');
  }

  async cacheImage(image: ImageMeta): Promise<boolean> {
    this.guests.ready('cacheImage');
    return this.cache.fetch(image.id);
  }

  private async chooseAccelerator(): Promise<Accelerator> {
    if (this.options.accel !== 'auto') {
      this.logger.info(`guests run under ${this.options.accel.toUpperCase()} (configured)`);
      return this.options.accel;
    }
    return probeAccelerator(
      {
        run: (args, timeoutMs) => runCommand(this.qemuBinary, args, { timeoutMs }),
        kvmDeviceUsable,
        logger: this.logger,
      },
      this.options.kvmProbeDeadlineMs ?? 5_000,
    );
  }
}
