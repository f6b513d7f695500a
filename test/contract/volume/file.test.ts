import { FileVolumeDriver } from '../../../src/block-storage/drivers/file/file-volume-driver.js';
import type { VolumeDriver } from '../../../src/block-storage/drivers/volume-driver.js';
import { volumeDriverContract } from './contract.js';
import { BACKEND_HOST, qemuImgSkipReason, storageDaemonSkipReason, tempDir } from './fixtures.js';

const folders = new WeakMap<VolumeDriver, () => Promise<void>>();

for (const format of ['raw', 'qcow2'] as const) {
  volumeDriverContract(
    `FileVolumeDriver (${format})`,
    {
      create: async () => {
        const dir = await tempDir(`file-volumes-${format}`);
        const driver = new FileVolumeDriver({ dir: dir.path, format, host: BACKEND_HOST });
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
