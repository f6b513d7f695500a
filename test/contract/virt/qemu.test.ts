import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pino } from 'pino';
import type { VirtDriver } from '../../../src/compute/virt/driver.js';
import { QemuDriver } from '../../../src/compute/virt/qemu/qemu-driver.js';
import type { InstanceSpec, VolumeMapping } from '../../../src/compute/virt/types.js';
import { blankDisk, fixedImageSource, qemuSkipReason } from '../../e2e/compute/qemu/qemu-host.js';
import { virtDriverContract } from './contract.js';

/**
 * The QEMU driver as the volume service would find it: a `local` volume's path exists. The
 * contract's volumes name paths nobody made, so this makes each one (a small blank file) first.
 */
class QemuDriverWithLocalVolumes extends QemuDriver {
  override attachVolume(instance: InstanceSpec, mapping: VolumeMapping): Promise<void> {
    const path = mapping.connection.data.device_path as string;
    writeFileSync(path, Buffer.alloc(1024 * 1024));
    volumePaths.push(path);
    return super.attachVolume(instance, mapping);
  }
}

const volumePaths: string[] = [];

if (qemuSkipReason) {
  test('virt driver contract: QemuDriver', { skip: qemuSkipReason }, () => {});
} else {
  const root = mkdtempSync(join(tmpdir(), 'stratus-qemu-contract-'));
  after(() => {
    rmSync(root, { recursive: true, force: true });
    for (const path of volumePaths) rmSync(path, { force: true });
  });
  const images = fixedImageSource(blankDisk());
  let hosts = 0;
  virtDriverContract('QemuDriver (TCG)', {
    create: async () =>
      new QemuDriverWithLocalVolumes({
        instancesDir: join(root, `host-${++hosts}`),
        imageCacheDir: join(root, 'images'),
        migrationDir: join(root, 'migrations'),
        accel: 'tcg',
        images,
        logger: pino({ level: 'silent' }),
        // SeaBIOS never answers ACPI: a soft reboot falls back to hard quickly, and an unplug is
        // never acknowledged.
        softRebootTimeoutSec: 1,
        unplugTimeoutMs: 1000,
      }),
    dispose: async (driver: VirtDriver) => {
      const qemu = driver as QemuDriver;
      for (const uuid of await qemu.listInstances().catch(() => [])) {
        await qemu.destroy({ uuid } as InstanceSpec);
      }
      qemu.close();
    },
  });
}
