import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SnapshotUpload } from '../driver.js';
import { OperationNotSupported } from '../errors.js';
import type { InstanceSpec } from '../types.js';
import { diskPath } from './command-line.js';
import { copyConsistently } from './guest-power.js';
import type { HostGuests } from './host-guests.js';
import type { QemuImg } from './qemu-img.js';

/**
 * Copies the root disk to a standalone qcow2 in `instancesDir` under the instance's lock, then
 * hands it to `upload` outside it (an upload may be slow; the guest is free meanwhile) and lets
 * the upload's error through.
 */
export async function snapshotGuest(
  guests: HostGuests,
  qemuImg: QemuImg,
  instancesDir: string,
  instance: InstanceSpec,
  upload: SnapshotUpload,
): Promise<void> {
  const target = join(instancesDir, `snapshot-${randomUUID()}.qcow2`);
  try {
    await guests.withGuest('snapshot', instance.uuid, async (guest) => {
      const root = guest.record.disks.find((disk) => disk.device === guest.record.rootDevice);
      if (!root || root.role === 'volume')
        throw new OperationNotSupported('snapshot of a volume-backed instance');
      await copyConsistently(guest, () =>
        qemuImg.convert(diskPath(root, guest.files), root.format, target, 'qcow2', true),
      );
    });
    await upload(createReadStream(target), { diskFormat: 'qcow2', containerFormat: 'bare' });
  } finally {
    await rm(target, { force: true });
  }
}
