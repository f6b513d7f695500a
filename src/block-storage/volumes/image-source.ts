import type { Image, ImageClient } from '../../common/clients/image-client.js';
import { BadRequest, Conflict } from '../../common/http/errors.js';
import { InvalidInput } from '../errors.js';
import { isUuidLike } from './request-validation.js';

const GIB = 1024 ** 3;

/**
 * The image an `imageRef` names (Cinder's `_image_uuid_from_ref`): the last part of a URL, an id
 * the caller can see, else a name that only one image has. Anything else is Cinder's 400.
 */
export async function imageOfRef(images: ImageClient, ref: string): Promise<Image> {
  const last = ref.split('/').pop() ?? ref;
  if (isUuidLike(last)) {
    const image = await images.getImage(last).catch(() => null);
    if (image) return image;
  }
  const named = await images.listImages({ name: ref }).catch(() => []);
  if (named.length > 1) {
    throw new Conflict(`Multiple matches found for '${ref}', use an ID to be more specific.`);
  }
  if (named.length === 1) return named[0];
  throw new BadRequest('Invalid image identifier or unable to access requested image.');
}

/** Cinder's `check_image_metadata`: an active image whose data, min_disk and virtual size fit `sizeGb`. */
export function checkImageFits(image: Image, sizeGb: number): void {
  if (image.status !== 'active') throw new InvalidInput(`Image ${image.id} is not active.`);
  const imageGb = Math.ceil((image.size ?? 0) / GIB);
  if (imageGb > sizeGb) {
    throw new InvalidInput(`Size of specified image ${imageGb}GB is larger than volume size ${sizeGb}GB.`);
  }
  if (sizeGb < (image.min_disk ?? 0)) {
    throw new InvalidInput(
      `Volume size ${sizeGb}GB cannot be smaller than the image minDisk size ${image.min_disk}GB.`,
    );
  }
  if (image.virtual_size) {
    const virtualGb = Math.ceil(image.virtual_size / GIB);
    if (virtualGb > sizeGb) {
      throw new BadRequest(
        `Image ${image.id} is unacceptable: Image virtual size is ${virtualGb}GB and doesn't fit in a volume of size ${sizeGb}GB.`,
      );
    }
  }
}

/**
 * The boot volume snapshot of an image Nova made of a volume-backed server: its
 * `block_device_mapping` property (JSON text in Glance v2) names a snapshot at boot index 0.
 */
export function bootSnapshotOf(image: Image): string | null {
  const property = image.block_device_mapping;
  let mappings: unknown = property;
  if (typeof property === 'string') {
    try {
      mappings = JSON.parse(property);
    } catch {
      return null;
    }
  }
  if (!Array.isArray(mappings)) return null;
  const boot = mappings.find(
    (mapping: { source_type?: unknown; boot_index?: unknown }) =>
      mapping?.source_type === 'snapshot' && Number(mapping?.boot_index) === 0,
  ) as { snapshot_id?: unknown } | undefined;
  return typeof boot?.snapshot_id === 'string' ? boot.snapshot_id : null;
}
