import type { Logger } from '../../../common/logging.js';
import { DeviceInUse, HypervisorError } from '../errors.js';
import { requirePowerState } from '../power-transitions.js';
import type { InstanceSpec, VifSpec, VolumeConnection, VolumeMapping } from '../types.js';
import { nicOf } from './guest.js';
import { deviceName, volumeDisk } from './guest-disks.js';
import { guestPowerState } from './guest-power.js';
import { writeGuestRecord } from './guest-record.js';
import type { HostGuests } from './host-guests.js';

/**
 * Volumes and NICs plugged into a guest and out again: into its QEMU while it runs (the guest has
 * `unplugTimeoutMs` to acknowledge an unplug), and into its record for its next boot.
 */
export class DeviceHotplug {
  constructor(
    private readonly guests: HostGuests,
    private readonly unplugTimeoutMs: number,
    private readonly logger: Logger,
  ) {}

  attachVolume(instance: InstanceSpec, mapping: VolumeMapping): Promise<void> {
    return this.guests.withGuest('attachVolume', instance.uuid, async (guest) => {
      requirePowerState(instance.uuid, 'attachVolume', await guestPowerState(guest));
      const disk = volumeDisk(instance.uuid, mapping);
      for (const existing of guest.record.disks) {
        if (existing.device === disk.device) throw new DeviceInUse(instance.uuid, mapping.mountpoint);
        if (existing.volumeId === disk.volumeId) throw new DeviceInUse(instance.uuid, disk.volumeId!);
      }
      if (guest.running) await guest.running.attachDisk(disk, guest.files);
      guest.record.disks.push(disk);
      await writeGuestRecord(guest.files.record, guest.record);
    });
  }

  detachVolume(instance: InstanceSpec, connection: VolumeConnection, mountpoint: string): Promise<void> {
    return this.guests.withGuest('detachVolume', instance.uuid, async (guest) => {
      const disk = guest.record.disks.find(
        (candidate) =>
          candidate.device === deviceName(mountpoint) && candidate.volumeId === connection.volumeId,
      );
      if (!disk) return;
      if (guest.running && !(await guest.running.detachDisk(disk, this.unplugTimeoutMs))) {
        throw new HypervisorError(
          `Instance ${instance.uuid} did not release volume ${connection.volumeId} at ${mountpoint}; try again`,
        );
      }
      guest.record.disks = guest.record.disks.filter((candidate) => candidate !== disk);
      await writeGuestRecord(guest.files.record, guest.record);
    });
  }

  /**
   * Grows an attached volume as libvirt's `extend_volume` does (`blockResize`): the running QEMU,
   * which holds the volume open, resizes its block node. A guest that is not running reads the
   * volume's new size when it next boots.
   */
  extendVolume(instance: InstanceSpec, connection: VolumeConnection, newSizeBytes: number): Promise<void> {
    return this.guests.withGuest('extendVolume', instance.uuid, async (guest) => {
      const disk = guest.record.disks.find((candidate) => candidate.volumeId === connection.volumeId);
      if (!disk) throw new HypervisorError(`Instance ${instance.uuid} has no volume ${connection.volumeId}`);
      if (guest.running) await guest.running.resizeDisk(disk, newSizeBytes);
    });
  }

  attachInterface(instance: InstanceSpec, vif: VifSpec): Promise<void> {
    return this.guests.withGuest('attachInterface', instance.uuid, async (guest) => {
      requirePowerState(instance.uuid, 'attachInterface', await guestPowerState(guest));
      this.guests.checkPortsFree(null, [vif]);
      const nic = nicOf(vif);
      if (guest.running) await guest.running.attachNic(nic);
      guest.record.nics.push(nic);
      await writeGuestRecord(guest.files.record, guest.record);
    });
  }

  detachInterface(instance: InstanceSpec, vif: VifSpec): Promise<void> {
    return this.guests.withGuest('detachInterface', instance.uuid, async (guest) => {
      const nic = guest.record.nics.find((candidate) => candidate.portId === vif.id);
      if (!nic) return;
      if (guest.running && !(await guest.running.detachNic(nic, this.unplugTimeoutMs))) {
        this.logger.warn(
          { instance: instance.uuid, port: vif.id },
          'the guest did not acknowledge the NIC unplug; its TAP is gone, the NIC leaves the guest at its next boot',
        );
      }
      guest.record.nics = guest.record.nics.filter((candidate) => candidate !== nic);
      await writeGuestRecord(guest.files.record, guest.record);
    });
  }
}
