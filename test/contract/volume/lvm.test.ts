import { join } from 'node:path';
import { LvmVolumeDriver } from '../../../src/block-storage/drivers/lvm/lvm-volume-driver.js';
import type { VolumeDriver } from '../../../src/block-storage/drivers/volume-driver.js';
import { volumeDriverContract } from './contract.js';
import { FileBackedLvm } from './file-backed-lvm.js';
import { BACKEND_HOST, qemuImgSkipReason, storageDaemonSkipReason, tempDir } from './fixtures.js';

const folders = new WeakMap<VolumeDriver, () => Promise<void>>();

// The driver's logic on a stand-in volume group (files); LVM itself: test/e2e/block-storage.
for (const thinPool of [undefined, 'pool'] as const) {
  volumeDriverContract(
    `LvmVolumeDriver (${thinPool ? 'thin' : 'thick'}, on a file-backed stand-in for LVM)`,
    {
      create: async () => {
        const dir = await tempDir('lvm-standin');
        const driver = new LvmVolumeDriver({
          volumeGroup: 'stratus-test',
          thinPool,
          host: BACKEND_HOST,
          stateDir: join(dir.path, 'state'),
          lvm: new FileBackedLvm(join(dir.path, 'group')),
        });
        folders.set(driver, dir.remove);
        await driver.init();
        return driver;
      },
      dispose: async (driver) => {
        await driver.close();
        await folders.get(driver)?.();
      },
      convertsImages: true,
      localPathsExist: true,
      nbdSkipReason: storageDaemonSkipReason,
    },
    qemuImgSkipReason,
  );
}
