import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { LvmVolumeDriver } from '../../../src/block-storage/drivers/lvm/lvm-volume-driver.js';
import type { VolumeDriver } from '../../../src/block-storage/drivers/volume-driver.js';
import { volumeDriverContract } from '../../contract/volume/contract.js';
import {
  BACKEND_HOST,
  patternImage,
  readVolume,
  storageDaemonSkipReason,
  tempDir,
  volumeRef,
} from '../../contract/volume/fixtures.js';
import { createLoopVolumeGroup, lvmSkipReason } from './loop-volume-group.js';

const groups = new WeakMap<VolumeDriver, () => Promise<void>>();

async function createDriver(thinPool: string | undefined): Promise<LvmVolumeDriver> {
  const group = await createLoopVolumeGroup();
  const driver = new LvmVolumeDriver({
    volumeGroup: group.name,
    thinPool,
    host: BACKEND_HOST,
    stateDir: group.stateDir,
  });
  groups.set(driver, group.remove);
  try {
    await driver.init();
  } catch (error) {
    await group.remove();
    throw error;
  }
  return driver;
}

async function dispose(driver: VolumeDriver): Promise<void> {
  await driver.close();
  await groups.get(driver)?.();
}

// Each driver on a volume group of its own, on a loop device over a sparse file.
for (const thinPool of [undefined, 'pool'] as const) {
  volumeDriverContract(
    `LvmVolumeDriver (${thinPool ? 'thin' : 'thick'}, real LVM on a loop device)`,
    {
      create: () => createDriver(thinPool),
      dispose,
      convertsImages: true,
      localPathsExist: true,
      nbdSkipReason: storageDaemonSkipReason,
    },
    lvmSkipReason,
  );
}

test(
  'a thick volume is wiped when deleted: the next volume on its extents reads zeroes',
  { skip: lvmSkipReason },
  async () => {
    const driver = await createDriver(undefined);
    const dir = await tempDir('lvm-wipe');
    try {
      const first = volumeRef(1);
      await driver.createVolume(first);
      await patternImage(join(dir.path, 'secret.raw'));
      await driver.copyImageToVolume(first, join(dir.path, 'secret.raw'), 'raw');
      await driver.deleteVolume(first);
      const next = volumeRef(1);
      await driver.createVolume(next);
      const content = await readVolume(driver, next, dir.path);
      assert.ok(content.head.every((byte) => byte === 0));
    } finally {
      await dispose(driver);
      await dir.remove();
    }
  },
);
