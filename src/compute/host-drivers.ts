import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageClient } from '../common/clients/image-client.js';
import type { ComputeConfig } from '../common/config/index.js';
import type { Logger } from '../common/logging.js';
import { configDriveWriter } from './metadata/config-drive.js';
import type { VirtDriver } from './virt/driver.js';
import { FakeDriver } from './virt/fake/fake-driver.js';
import { QemuDriver } from './virt/qemu/qemu-driver.js';

/** A compute host's hypervisor driver, and how to let go of it when the agent stops (guests live on). */
export interface HostDriver {
  driver: VirtDriver;
  release(): Promise<void>;
}

/**
 * The hypervisor of each compute host this machine runs, as `compute.virt_driver` says: the fake
 * keeps each host's guests in a file; QEMU keeps each host's instance folders apart, and shares
 * the machine's image cache and migration folder between its hosts, so a resize or cold migration
 * between two of them moves disks on this machine.
 */
export async function createHostDriver(
  config: ComputeConfig,
  host: string,
  dataDir: string,
  images: ImageClient,
  logger: Logger,
): Promise<HostDriver> {
  if (config.virt_driver === 'qemu') {
    const root = join(dataDir, 'compute', 'qemu');
    const instancesDir = join(root, 'hosts', host);
    await mkdir(instancesDir, { recursive: true });
    const driver = new QemuDriver({
      instancesDir,
      imageCacheDir: join(root, 'image-cache'),
      migrationDir: join(root, 'migrations'),
      accel: config.qemu.accel,
      images: { download: (id) => images.download(id) },
      configDrive: configDriveWriter,
      logger: logger.child({ component: 'qemu', host }),
    });
    return { driver, release: async () => driver.close() };
  }
  const stateDir = join(dataDir, 'compute', 'fake-hosts');
  await mkdir(stateDir, { recursive: true });
  const driver = new FakeDriver({
    vcpus: config.fake_host.vcpus,
    memoryMb: config.fake_host.memory_mb,
    localGb: config.fake_host.local_gb,
    statePath: join(stateDir, `${host}.json`),
  });
  return { driver, release: () => driver.flush() };
}
