import { createHash, randomBytes } from 'node:crypto';
import { open, rename, rm, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { makeFolderOnDevice } from '../device.js';
import { StorageError } from '../storage-response.js';
import { encodeHead, headRoom, PREFIX_BYTES, type ObjectMetadata } from './object-file-format.js';

/** Body chunks are gathered up to this many bytes and written with one writev. */
const WRITE_BATCH_BYTES = 1024 * 1024;

/** A complete object file, synced to disk in the device's `tmp/`, waiting to be published. */
export interface WrittenFile {
  path: string;
  /** The md5 of the body, in hex (of no body: md5 of nothing). */
  etag: string;
  bytes: number;
}

/** The body's sender went away or sent another length than it announced: Swift's 499. */
export class ClientDisconnect extends StorageError {
  constructor(message: string) {
    super(499, message);
  }
}

async function writeAll(file: FileHandle, buffers: Buffer[], position: number): Promise<void> {
  const length = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
  let written = (await file.writev(buffers, position)).bytesWritten;
  if (written === length) return;
  const rest = Buffer.concat(buffers);
  while (written < length) {
    written += (await file.write(rest, written, length - written, position + written)).bytesWritten;
  }
}

function chunksOf(body: Buffer | AsyncIterable<Buffer> | undefined): AsyncIterable<Buffer> | Buffer[] {
  if (body === undefined) return [];
  return Buffer.isBuffer(body) ? [body] : body;
}

/**
 * Writes an object file into `tmpDir`: the head, then the body (its md5 and length go into
 * `metadata` as `etag` and `content-length` when `withBody`), then fdatasync. A small body is one
 * writev with its head; a large one is written after room kept for the head, which is written
 * last. Any failure (the body stream erroring, a short body) removes the file: nothing partial is
 * ever left to publish.
 */
export async function writeObjectFile(
  tmpDir: string,
  metadata: ObjectMetadata,
  options: { body?: Buffer | AsyncIterable<Buffer>; withBody: boolean; expectedBytes?: number },
): Promise<WrittenFile> {
  const path = join(tmpDir, `${randomBytes(8).toString('hex')}.tmp`);
  const file = await open(path, 'wx', 0o600);
  try {
    const md5 = createHash('md5');
    const room = options.withBody ? PREFIX_BYTES + headRoom(metadata) : 0;
    let position = room;
    let batch: Buffer[] = [];
    let batched = 0;
    let bytes = 0;
    for await (const chunk of chunksOf(options.body)) {
      bytes += chunk.length;
      if (options.expectedBytes !== undefined && bytes > options.expectedBytes) {
        throw new ClientDisconnect('body longer than Content-Length');
      }
      md5.update(chunk);
      batch.push(chunk);
      batched += chunk.length;
      if (batched >= WRITE_BATCH_BYTES) {
        await writeAll(file, batch, position);
        position += batched;
        batch = [];
        batched = 0;
      }
    }
    if (options.expectedBytes !== undefined && bytes < options.expectedBytes) {
      throw new ClientDisconnect('body shorter than Content-Length');
    }
    const etag = md5.digest('hex');
    if (options.withBody) Object.assign(metadata, { etag, 'content-length': String(bytes) });
    if (position === room) {
      await writeAll(file, [encodeHead(metadata), ...batch], 0);
    } else {
      if (batched > 0) await writeAll(file, batch, position);
      await writeAll(file, [encodeHead(metadata, room - PREFIX_BYTES)], 0);
    }
    await file.datasync();
    await file.close();
    return { path, etag, bytes };
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(path, { force: true });
    throw error;
  }
}

/** fsync of a folder: makes a rename into it (or a new entry) survive a crash. */
async function syncFolder(path: string): Promise<void> {
  const folder = await open(path, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/**
 * Moves a written file to its name in the object's folder (made on first use) and syncs the
 * folder: the object changes in one rename, never partly. `devicePath` must still exist: a device
 * removed meanwhile is answered 507, never silently made again by mkdir.
 */
export async function publishFile(
  file: WrittenFile,
  target: string,
  devicePath: string,
  folderExists = true,
): Promise<void> {
  try {
    if (!folderExists) await makeFolderOnDevice(devicePath, dirname(target));
    try {
      await rename(file.path, target);
    } catch (error) {
      if (!folderExists || (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await makeFolderOnDevice(devicePath, dirname(target));
      await rename(file.path, target);
    }
  } catch (error) {
    await rm(file.path, { force: true });
    throw error;
  }
  await syncFolder(dirname(target));
}

/** Removes files a newer one made useless; one already gone is fine. */
export async function removeFiles(folder: string, names: string[]): Promise<void> {
  await Promise.all(
    names.map((name) =>
      unlink(join(folder, name)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      }),
    ),
  );
}
