import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { runChecked } from '../../../src/common/run-command.js';
import { tempDir } from '../../contract/volume/fixtures.js';

const env = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  LVM_SUPPRESS_FD_WARNINGS: '1',
  // Without udev running (a container), device-mapper makes the /dev nodes itself.
  ...(existsSync('/run/udev/control') ? {} : { DM_DISABLE_UDEV: '1' }),
};

function findSkipReason(): string | false {
  if (process.getuid?.() !== 0) return 'needs root (loop devices, LVM)';
  // /proc/misc, not /dev/mapper/control: LVM makes that node even when the kernel has no driver.
  if (!readFileSync('/proc/misc', 'utf8').includes('device-mapper')) return 'the kernel has no device-mapper';
  const lvm = spawnSync('lvm', ['version'], { env, stdio: 'ignore' });
  if (lvm.error || lvm.status !== 0) return 'lvm does not run (apt-get install lvm2)';
  for (const tool of ['qemu-img', 'losetup', 'blkdiscard']) {
    const result = spawnSync(tool, ['--version'], { env, stdio: 'ignore' });
    if (result.error || result.status !== 0) return `${tool} does not run`;
  }
  return false;
}

/** Why real LVM cannot be tested here, or false when it can. */
export const lvmSkipReason = findSkipReason();

/** A volume group of its own on a loop device over a sparse file, as DevStack's lvmdriver-1. */
export interface LoopVolumeGroup {
  name: string;
  /** A folder for the driver's state beside the group. */
  stateDir: string;
  /** Removes the group, its LVs, the loop device and the file. */
  remove(): Promise<void>;
}

export async function createLoopVolumeGroup(sizeGb = 8): Promise<LoopVolumeGroup> {
  const dir = await tempDir('lvm-loop');
  const name = `stratus-test-${randomBytes(3).toString('hex')}`;
  const backing = join(dir.path, 'backing');
  const file = await open(backing, 'wx');
  await file.truncate(sizeGb * 1024 ** 3);
  await file.close();
  let device: string | null = null;
  const remove = async () => {
    await runChecked('lvm', ['vgremove', '-f', name], { env }).catch(() => {});
    if (device) {
      await runChecked('lvm', ['pvremove', '-f', device], { env }).catch(() => {});
      await runChecked('losetup', ['-d', device], { env }).catch(() => {});
    }
    await dir.remove();
  };
  try {
    device = (await runChecked('losetup', ['--find', '--show', backing], { env })).trim();
    await runChecked('lvm', ['pvcreate', '-y', device], { env });
    await runChecked('lvm', ['vgcreate', '-y', name, device], { env });
  } catch (error) {
    await remove();
    throw error;
  }
  return { name, stateDir: join(dir.path, 'state'), remove };
}
