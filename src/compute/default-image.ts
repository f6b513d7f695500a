import { createReadStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageClient } from '../common/clients/image-client.js';
import type { Logger } from '../common/logging.js';
import { buildGuestImage } from '../guest-image/index.js';

/** The name the default guest image is registered under. */
export const DEFAULT_IMAGE_NAME = 'stratus-guest';
/** The tag that marks the image `stratus up` registered, so a renamed copy is still found. */
const DEFAULT_IMAGE_TAG = 'stratus-default';

/** Where `stratus image build` and `stratus up` keep the guest image and the packages it is made of. */
export function guestImagePaths(dataDir: string): { image: string; cacheDir: string } {
  const dir = join(dataDir, 'guest-image');
  return { image: join(dir, `${DEFAULT_IMAGE_NAME}.qcow2`), cacheDir: join(dir, 'debs') };
}

/**
 * Builds the guest image from Debian's packages and registers it as the cloud's default public
 * image (as DevStack uploads cirros), once: an active image with the default tag already there
 * is kept. Returns the image's id.
 */
export async function ensureDefaultImage(
  images: ImageClient,
  dataDir: string,
  logger: Logger,
): Promise<string> {
  const [existing] = (await images.listImages({ tag: DEFAULT_IMAGE_TAG, status: 'active' })).filter(
    (image) => image.visibility === 'public',
  );
  if (existing) return existing.id;
  const paths = guestImagePaths(dataDir);
  await mkdir(paths.cacheDir, { recursive: true });
  const started = Date.now();
  const built = await buildGuestImage({
    output: paths.image,
    cacheDir: paths.cacheDir,
    logger: { info: (message) => logger.info(message) },
  });
  logger.info({ ms: Date.now() - started, bytes: built.sizeBytes }, 'guest image built');
  const image = await images.createImage({
    name: DEFAULT_IMAGE_NAME,
    disk_format: built.format,
    container_format: 'bare',
    visibility: 'public',
    min_ram: built.minRamMb,
    tags: [DEFAULT_IMAGE_TAG],
    ...built.properties,
  });
  await images.upload(image.id, createReadStream(built.path));
  logger.info({ id: image.id, name: DEFAULT_IMAGE_NAME }, 'default guest image registered');
  return image.id;
}
