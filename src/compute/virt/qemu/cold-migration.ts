import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FinishMigrationOptions, GuestDevices, PowerOffOptions } from '../driver.js';
import { InstanceAlreadyExists, InstanceNotFound } from '../errors.js';
import { PowerState } from '../power-state.js';
import type { InstanceSpec, MigratedDisk, MigrationSpec } from '../types.js';
import { nicOf, type Guest } from './guest.js';
import { deviceName, volumeDisk, type GuestDiskMaker } from './guest-disks.js';
import { exists, guestPowerState, haltGuest } from './guest-power.js';
import { readGuestRecord } from './guest-record.js';
import type { HostGuests } from './host-guests.js';
import { InstanceFiles } from './instance-files.js';
import { moveMigratedDisks, sendMigratedDisks } from './migrated-disks.js';
import type { QemuImg } from './qemu-img.js';

/**
 * Resize and cold migration, as Nova's libvirt driver does them: the source powers the guest off,
 * leaves its disks in the machine's migration folder and sets its own folder aside as
 * `<uuid>_resize`; the destination makes the guest from those disks; confirm forgets the set-aside
 * guest, revert brings it back.
 */
export class ColdMigration {
  constructor(
    private readonly guests: HostGuests,
    private readonly qemuImg: QemuImg,
    private readonly disks: GuestDiskMaker,
    private readonly migrationDir: string,
  ) {}

  migrateDiskAndPowerOff(
    instance: InstanceSpec,
    migration: MigrationSpec,
    options: PowerOffOptions & Partial<GuestDevices> = {},
  ): Promise<MigratedDisk[]> {
    return this.guests.withGuest('migrateDiskAndPowerOff', instance.uuid, async (guest) => {
      await haltGuest(guest, options);
      const disks = await sendMigratedDisks(
        this.qemuImg,
        guest.record,
        guest.files,
        this.transferDir(migration),
      );
      // The source's disks stay aside, as libvirt's `<uuid>_resize`, until confirm or revert.
      const aside = new InstanceFiles(`${guest.files.dir}_resize`);
      await rm(aside.dir, { recursive: true, force: true });
      await rename(guest.files.dir, aside.dir);
      guest.files = aside;
      return disks;
    });
  }

  finishMigration(
    instance: InstanceSpec,
    migration: MigrationSpec,
    disks: MigratedDisk[],
    options: FinishMigrationOptions,
  ): Promise<void> {
    return this.guests.locked('finishMigration', instance.uuid, async () => {
      const existing = this.guests.get(instance.uuid);
      if (existing && !isSetAside(existing)) throw new InstanceAlreadyExists(instance.uuid);
      this.guests.checkPortsFree(instance.uuid, options.networkInfo);
      const files = this.guests.filesOf(instance.uuid);
      const rootDevice = deviceName(options.blockDeviceInfo.rootDeviceName);
      await this.guests.create(
        files,
        async () => {
          const moved = await moveMigratedDisks(
            this.qemuImg,
            this.transferDir(migration),
            disks,
            files,
            instance,
            rootDevice,
          );
          const local = [
            ...moved,
            ...(await this.disks.flavorDisks(instance, files, options.blockDeviceInfo, moved)),
          ];
          const volumes = options.blockDeviceInfo.volumes.map((mapping) =>
            volumeDisk(instance.uuid, mapping),
          );
          const config = await this.disks.configDriveDisk(instance, files, options.networkInfo);
          return {
            instance,
            disks: [...local, ...volumes, ...(config ? [config] : [])],
            nics: options.networkInfo.map(nicOf),
            rootDevice,
            rescued: false,
            launchedAt: null,
          };
        },
        options.powerOn,
        existing,
      );
      await rm(this.transferDir(migration), { recursive: true, force: true });
    });
  }

  confirmMigration(instance: InstanceSpec, migration: MigrationSpec): Promise<void> {
    return this.guests.locked('confirmMigration', instance.uuid, async () => {
      const guest = this.guests.get(instance.uuid);
      if (guest && isSetAside(guest)) this.guests.delete(instance.uuid);
      await rm(`${this.guests.filesOf(instance.uuid).dir}_resize`, {
        recursive: true,
        force: true,
      });
      await rm(this.transferDir(migration), { recursive: true, force: true });
    });
  }

  finishRevertMigration(
    instance: InstanceSpec,
    migration: MigrationSpec,
    options: Partial<GuestDevices> & { powerOn: boolean },
  ): Promise<void> {
    return this.guests.locked('finishRevertMigration', instance.uuid, async () => {
      const files = this.guests.filesOf(instance.uuid);
      const aside = new InstanceFiles(`${files.dir}_resize`);
      let guest = this.guests.get(instance.uuid);
      if (await exists(aside.record)) {
        // On the same host the new guest's folder is where the old one goes back: it must go.
        if (guest && !isSetAside(guest)) await haltGuest(guest);
        await rm(files.dir, { recursive: true, force: true });
        await rename(aside.dir, files.dir);
        guest = { files, record: await readGuestRecord(files.record), running: null };
        this.guests.set(instance.uuid, guest);
      } else if (!guest) {
        throw new InstanceNotFound(instance.uuid);
      }
      await rm(this.transferDir(migration), { recursive: true, force: true });
      const running = (await guestPowerState(guest)) === PowerState.RUNNING;
      if (options.powerOn && !running) await this.guests.launch(guest);
      if (!options.powerOn) await haltGuest(guest);
    });
  }

  private transferDir(migration: MigrationSpec): string {
    return join(this.migrationDir, migration.uuid);
  }
}

/** Whether the guest is the source side of a resize on this host, its folder set aside. */
function isSetAside(guest: Guest): boolean {
  return guest.files.dir.endsWith('_resize');
}
