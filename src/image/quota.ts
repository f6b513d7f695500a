import { ApiError } from '../common/http/errors.js';
import type { ImageConfig } from '../common/config/index.js';
import { bytesUsedBy, countImagesOf, type ImageDb } from './db/images-repo.js';

/**
 * Per-project image quotas (Glance's unified-limit names, `-1` unlimited) and the other limits
 * Glance answers with 413 Request Entity Too Large.
 */

/** Glance's image_property_quota, image_tag_quota and image_member_quota defaults. */
export const PROPERTY_QUOTA = 128;
export const TAG_QUOTA = 128;
export const MEMBER_QUOTA = 128;

export class TooLarge extends ApiError {
  constructor(message: string) {
    super(413, message);
  }
}

/** oslo.limit's ProjectOverLimit wrapped in Glance's LimitExceeded, as upstream words it. */
function overLimit(project: string, resource: string, limit: number, usage: number, delta: number): TooLarge {
  return new TooLarge(
    'The request returned a 413 Request Entity Too Large. This generally means that rate limiting or a ' +
      'quota threshold was breached.\n\nThe response body:\n' +
      `Project ${project} is over a limit for [Resource ${resource} is over limit of ${limit} due to ` +
      `current usage ${usage} and delta ${delta}]`,
  );
}

/** Creating one more image must keep the project within image_count_total. */
export async function checkImageCount(db: ImageDb, config: ImageConfig, project: string): Promise<void> {
  const limit = config.quota.image_count_total;
  if (limit < 0) return;
  const usage = await countImagesOf(db, project);
  if (usage + 1 > limit) throw overLimit(project, 'image_count_total', limit, usage, 1);
}

/**
 * How many more bytes the project may store for this image (its other images count), or null
 * when unlimited; a project already over image_size_total may not upload at all.
 */
export async function remainingBytes(
  db: ImageDb,
  config: ImageConfig,
  project: string,
  imageId?: string,
): Promise<number | null> {
  const limit = config.quota.image_size_total;
  if (limit < 0) return null;
  const usage = await bytesUsedBy(db, project, imageId);
  if (usage > limit) throw overLimit(project, 'image_size_total', limit, usage, 0);
  return limit - usage;
}

/** Glance's StorageQuotaFull, as an upload answers it. */
export function storageQuotaFull(size: number, remaining: number): TooLarge {
  return new TooLarge(
    `Image exceeds the storage quota: The size of the data ${size} will exceed the limit. ${remaining} bytes remaining.`,
  );
}

/** Glance's ImageSizeLimitExceeded (image_size_cap), as an upload answers it. */
export function imageTooLarge(): TooLarge {
  return new TooLarge('The incoming image is too large: The provided image is too large.');
}

export function propertyQuotaExceeded(attempted: number): TooLarge {
  return new TooLarge(
    `The limit has been exceeded on the number of allowed image properties. Attempted: ${attempted}, Maximum: ${PROPERTY_QUOTA}`,
  );
}

export function tagQuotaMessage(attempted: number): string {
  return `The limit has been exceeded on the number of allowed image tags. Attempted: ${attempted}, Maximum: ${TAG_QUOTA}`;
}
