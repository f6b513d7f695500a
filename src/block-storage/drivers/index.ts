import { FakeVolumeDriver, type FakeVolumeDriverOptions } from './fake/fake-volume-driver.js';
import { FileVolumeDriver, type FileVolumeDriverOptions } from './file/file-volume-driver.js';
import { LvmVolumeDriver, type LvmVolumeDriverOptions } from './lvm/lvm-volume-driver.js';
import type { VolumeDriver, VolumeDriverKind } from './volume-driver.js';

export type * from './volume-driver.js';
export * from './errors.js';
export {
  FakeVolumeDriver,
  type FakeVolumeDriverOptions,
  type FakeOperation,
} from './fake/fake-volume-driver.js';
export { FileVolumeDriver, type FileVolumeDriverOptions } from './file/file-volume-driver.js';
export { LvmVolumeDriver, type LvmVolumeDriverOptions } from './lvm/lvm-volume-driver.js';

/** The options of each kind of driver. */
export interface VolumeDriverOptions {
  fake: FakeVolumeDriverOptions;
  file: FileVolumeDriverOptions;
  lvm: LvmVolumeDriverOptions;
}

/** A backend's driver of the configured kind; the caller runs its `init` before use. */
export function createVolumeDriver<K extends VolumeDriverKind>(
  kind: K,
  options: VolumeDriverOptions[K],
): VolumeDriver {
  switch (kind) {
    case 'file':
      return new FileVolumeDriver(options as FileVolumeDriverOptions);
    case 'lvm':
      return new LvmVolumeDriver(options as LvmVolumeDriverOptions);
    default:
      return new FakeVolumeDriver(options as FakeVolumeDriverOptions);
  }
}
