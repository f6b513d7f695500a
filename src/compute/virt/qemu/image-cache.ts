import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '../../../common/logging.js';

/** Where images come from: the compute agent's image client (`checksum` is Glance's MD5). */
export interface ImageSource {
  download(imageId: string): Promise<{ data: Readable; size: number | null; checksum: string | null }>;
}

/** The image's bytes did not match the checksum the image service gave. */
export class ImageChecksumMismatch extends Error {
  constructor(
    readonly imageId: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`Image ${imageId} has checksum ${actual}, expected ${expected}`);
    this.name = 'ImageChecksumMismatch';
  }
}

/** Image ids become file names; anything else than these characters could escape the cache. */
const safeImageId = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The host's base images (Nova's `_base` directory): each image is downloaded once, checked
 * against its MD5 checksum, and renamed into place only when complete, so a reader never sees a
 * partial file, and callers that ask for the same image at once share one download. Several
 * drivers on one machine may share the folder; the rename keeps that safe too.
 */
export class ImageCache {
  private readonly downloads = new Map<string, Promise<boolean>>();

  constructor(
    readonly dir: string,
    private readonly source: ImageSource,
    private readonly logger: Logger,
  ) {}

  /** The path of the image's cached file (present or not). */
  path(imageId: string): string {
    if (!safeImageId.test(imageId)) throw new Error(`Refusing image id ${JSON.stringify(imageId)}`);
    return join(this.dir, imageId);
  }

  /** Makes sure the image is cached; resolves true when it was downloaded now, false when it was there. */
  fetch(imageId: string): Promise<boolean> {
    const running = this.downloads.get(imageId);
    if (running) return running.then(() => false);
    const download = this.download(imageId).finally(() => this.downloads.delete(imageId));
    this.downloads.set(imageId, download);
    return download;
  }

  private async download(imageId: string): Promise<boolean> {
    const path = this.path(imageId);
    if (await exists(path)) return false;
    await mkdir(this.dir, { recursive: true });
    const partial = `${path}.part-${randomUUID()}`;
    try {
      const { data, checksum } = await this.source.download(imageId);
      const md5 = createHash('md5');
      data.on('data', (chunk: Buffer) => md5.update(chunk));
      await pipeline(data, createWriteStream(partial, { flags: 'wx' }));
      const actual = md5.digest('hex');
      if (checksum !== null && checksum.toLowerCase() !== actual) {
        throw new ImageChecksumMismatch(imageId, checksum, actual);
      }
      await rename(partial, path);
      this.logger.info({ imageId, md5: actual }, 'image cached');
      return true;
    } finally {
      await rm(partial, { force: true });
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
