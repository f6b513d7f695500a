import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { InstanceSpec, VifSpec } from '../virt/types.js';
import { configDriveFiles } from './instance-metadata.js';
import { metadataSourceFromSpec } from './metadata-source-from-spec.js';
import type { InstanceMetadataSource } from './metadata-source.js';

const run = promisify(execFile);

/** The volume label cloud-init and cloudbase-init look for. */
const CONFIG_DRIVE_LABEL = 'config-2';

/** Who made the volume, as Nova signs its drives with its product name. */
const PUBLISHER = 'Stratus Compute';

/**
 * Writes the instance's config drive to `isoPath`: the EC2 and OpenStack metadata trees as files
 * on an ISO 9660 volume labelled `config-2`, with Joliet and Rock Ridge names, made by
 * `genisoimage` with Nova's options (Nova's `ConfigDriveBuilder`).
 */
export async function writeConfigDrive(isoPath: string, source: InstanceMetadataSource): Promise<void> {
  const staging = await mkdtemp(join(tmpdir(), 'stratus-config-drive-'));
  try {
    for (const file of configDriveFiles(source, randomBytes)) {
      const target = join(staging, file.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.data);
    }
    const args = ['-o', isoPath, '-ldots', '-allow-lowercase', '-allow-multidot', '-l'];
    args.push('-publisher', PUBLISHER, '-quiet', '-J', '-r', '-V', CONFIG_DRIVE_LABEL, staging);
    await run('genisoimage', args);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** The config drive builder the QEMU driver is given: the drive from what the driver knows. */
export const configDriveWriter = (
  isoPath: string,
  spec: InstanceSpec,
  networkInfo: VifSpec[],
): Promise<void> => writeConfigDrive(isoPath, metadataSourceFromSpec(spec, networkInfo));
