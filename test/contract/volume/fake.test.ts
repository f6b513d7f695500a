import { FakeVolumeDriver } from '../../../src/block-storage/drivers/fake/fake-volume-driver.js';
import { volumeDriverContract } from './contract.js';
import { BACKEND_HOST } from './fixtures.js';

volumeDriverContract('FakeVolumeDriver', {
  create: async () => {
    const driver = new FakeVolumeDriver({ host: BACKEND_HOST });
    await driver.init();
    return driver;
  },
  dispose: (driver) => driver.close(),
  convertsImages: false,
  localPathsExist: false,
  nbdSkipReason: "the fake's NBD exports are made up",
});
