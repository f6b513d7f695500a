import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { loadConfig } from '../common/config/index.js';
import { guestImagePaths } from '../compute/default-image.js';
import { buildGuestImage } from '../guest-image/index.js';

/**
 * `stratus image build`: the guest image from Debian's packages, into the data directory (where
 * `stratus up` registers it from) or `output`. Prints what it made and how to upload it.
 */
export async function buildImageCommand(output: string | undefined): Promise<void> {
  const config = loadConfig();
  const paths = guestImagePaths(config.data_dir);
  const target = output ?? paths.image;
  await mkdir(dirname(target), { recursive: true });
  await mkdir(paths.cacheDir, { recursive: true });
  const started = Date.now();
  const image = await buildGuestImage({
    output: target,
    cacheDir: paths.cacheDir,
    logger: { info: (message) => console.log(message) },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`built ${image.path} (${image.format}, ${image.sizeBytes} bytes) in ${seconds} s`);
  const properties = Object.entries(image.properties)
    .map(([key, value]) => `--property ${key}=${value}`)
    .join(' ');
  console.log(
    `upload: openstack image create --disk-format ${image.format} --container-format bare ` +
      `--min-ram ${image.minRamMb} ${properties} --file ${image.path} <name>`,
  );
}
