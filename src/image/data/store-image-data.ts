import { ApiError } from '../../common/http/errors.js';
import { updateColumns } from '../db/images-repo.js';
import type { ImageDeps } from '../deps.js';
import type { Image, ImageStatus } from '../model/image.js';
import { imageTooLarge, remainingBytes, storageQuotaFull } from '../quota.js';
import { MeasuredStream, type ByteLimit } from './measured-stream.js';

/** Glance's answer when the image vanished while its data was being written. */
function deletedDuringUpload(id: string): ApiError {
  return new ApiError(
    410,
    `Image ${id} could not be found after upload. The image may have been deleted during the upload, cleaning up the chunks uploaded.`,
  );
}

/**
 * The byte limits of one image's data: image_size_cap, and what the project's image_size_total
 * quota leaves (checked first, so a project already over it is refused before any byte).
 */
export async function uploadLimits(
  deps: ImageDeps,
  image: Image,
  project: string | null,
): Promise<ByteLimit[]> {
  const limits: ByteLimit[] = [{ bytes: deps.config.image.image_size_cap, refuse: () => imageTooLarge() }];
  if (project !== null) {
    const remaining = await remainingBytes(deps.db, deps.config.image, project, image.id);
    if (remaining !== null)
      limits.push({ bytes: remaining, refuse: (seen) => storageQuotaFull(seen, remaining) });
  }
  return limits;
}

/**
 * Streams an image's data into the store while measuring it, then records size, checksums,
 * virtual size and store and makes the image active, but only if it is still in `fromStatus`
 * (it may have been deleted meanwhile: then the data is removed and 410 answered). On any
 * failure nothing stays in the store; the caller puts the image back where it was.
 */
export async function storeImageData(
  deps: ImageDeps,
  image: Image,
  source: AsyncIterable<Buffer>,
  limits: ByteLimit[],
  fromStatus: ImageStatus,
): Promise<Image> {
  const inspect = image.container_format === 'bare' ? image.disk_format : null;
  const measured = new MeasuredStream(source, { limits, diskFormat: inspect });
  await deps.store.write(image.id, measured);
  const data = measured.result!;
  const updated: Image = {
    ...image,
    ...data,
    status: 'active',
    store: deps.store.id,
    updated_at: deps.now().toISOString(),
  };
  const saved = await updateColumns(
    deps.db,
    image.id,
    {
      status: 'active',
      size: data.size,
      virtual_size: data.virtual_size,
      checksum: data.checksum,
      os_hash_algo: data.os_hash_algo,
      os_hash_value: data.os_hash_value,
      store: deps.store.id,
      updated_at: updated.updated_at,
    },
    fromStatus,
  );
  if (!saved) {
    await deps.store.delete(image.id);
    throw deletedDuringUpload(image.id);
  }
  return updated;
}

/** Puts an image whose data failed back to `queued` (Glance's restore), if it is still in `from`. */
export async function restoreQueued(deps: ImageDeps, id: string, from: ImageStatus): Promise<void> {
  await updateColumns(
    deps.db,
    id,
    { status: 'queued', size: null, virtual_size: null, updated_at: deps.now().toISOString() },
    from,
  );
}
