import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadConfig } from '../common/config/index.js';
import { guestImagePaths } from '../compute/default-image.js';
import { buildDebianImage, buildGuestImage } from '../guest-image/index.js';

export interface ImageBuildOptions {
  output?: string;
  /** A full Debian 12 with cloud-init instead of the small image. */
  debian?: boolean;
}

/**
 * `stratus image build`: the small guest image from Debian's packages, or with `--debian` a full
 * Debian 12 cloud image, into the data directory (where `stratus up` registers the small one from)
 * or `output`. Prints what it made and how to upload it.
 */
export async function buildImageCommand(options: ImageBuildOptions): Promise<void> {
  const config = loadConfig();
  const paths = guestImagePaths(config.data_dir);
  const imageDir = dirname(paths.image);
  const target = options.output ?? (options.debian ? join(imageDir, 'debian-12.qcow2') : paths.image);
  const cacheDir = options.debian ? join(imageDir, 'debootstrap') : paths.cacheDir;
  await mkdir(dirname(target), { recursive: true });
  await mkdir(cacheDir, { recursive: true });
  const started = Date.now();
  const logger = { info: (message: string) => console.log(message) };
  const image = options.debian
    ? await buildDebianImage({ output: target, cacheDir, logger })
    : await buildGuestImage({ output: target, cacheDir, logger });
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
