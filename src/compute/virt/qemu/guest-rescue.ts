import { rm } from 'node:fs/promises';
import type { RescueOptions } from '../driver.js';
import { InstanceNotInRescueMode, InstanceNotRescuable, OperationNotSupported } from '../errors.js';
import { requirePowerState } from '../power-transitions.js';
import type { ImageMeta, InstanceSpec } from '../types.js';
import type { GuestDiskMaker } from './guest-disks.js';
import { guestPowerState, haltGuest } from './guest-power.js';
import { writeGuestRecord } from './guest-record.js';
import type { HostGuests } from './host-guests.js';

/**
 * Rescue: the guest boots again from a fresh disk of the rescue image (or its own image), with its
 * own disk as the second; unrescue boots it from its own disk again and drops the rescue disk.
 */
export function rescueGuest(
  guests: HostGuests,
  disks: GuestDiskMaker,
  instance: InstanceSpec,
  options: RescueOptions,
): Promise<void> {
  return guests.withGuest('rescue', instance.uuid, async (guest) => {
    const { record, files } = guest;
    if (record.rescued) throw new InstanceNotRescuable(instance.uuid, 'it is already rescued');
    requirePowerState(instance.uuid, 'rescue', await guestPowerState(guest));
    const image: ImageMeta | null = options.rescueImage ?? record.instance.image;
    if (!image) throw new OperationNotSupported('rescue of a volume-backed instance');
    await haltGuest(guest);
    await disks.fromImage(files.rescueDisk, image, 0);
    const before = structuredClone(record);
    record.disks = [
      ...record.disks.filter((disk) => disk.role !== 'rescue'),
      { device: 'rescue', path: 'disk.rescue', format: 'qcow2', role: 'rescue', readOnly: false },
    ];
    record.rescued = true;
    try {
      await guests.launch(guest);
    } catch (error) {
      guest.record = before;
      await writeGuestRecord(files.record, before);
      await rm(files.rescueDisk, { force: true });
      throw error;
    }
  });
}

export function unrescueGuest(guests: HostGuests, instance: InstanceSpec): Promise<void> {
  return guests.withGuest('unrescue', instance.uuid, async (guest) => {
    const { record, files } = guest;
    if (!record.rescued) throw new InstanceNotInRescueMode(instance.uuid);
    await haltGuest(guest);
    record.rescued = false;
    record.disks = record.disks.filter((disk) => disk.role !== 'rescue');
    await rm(files.rescueDisk, { force: true });
    await guests.launch(guest);
  });
}
