import { createHash } from 'node:crypto';
import {
  closeSync,
  fdatasync,
  fsync,
  openSync,
  renameSync,
  rmSync,
  unlinkSync,
  write,
  writev,
  writevSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { makeFolderOnDeviceSync } from '../device.js';
import { temporaryName } from '../temporary-name.js';
import { StorageError } from '../storage-response.js';
import { encodeHead, headRoom, PREFIX_BYTES, type ObjectMetadata } from './object-file-format.js';

/** Body chunks are gathered up to this many bytes and written with one writev. */
const WRITE_BATCH_BYTES = 1024 * 1024;
/** A write this small goes to the page cache in microseconds: made at once rather than queued. */
const INLINE_WRITE_BYTES = 64 * 1024;

/*
 * Where the time of a write goes. The calls that wait for the disk (fdatasync, fsync) and the
 * large writes run on libuv's thread pool, as promises; the metadata calls around them (open,
 * close, mkdir, rename, readdir, a small append) change or read the file system in memory (the
 * disk sees them at the next fsync) and take microseconds, so they are made synchronously, as
 * Swift's object server makes them (blocking calls in its event loop). Sent to the pool, each
 * waited behind the fsyncs queued on its four threads and cost a promise, a thread switch and, for
 * EEXIST/ENOENT, an Error with an async stack: with three replicas per PUT on 2 cores, making them
 * at once (and merging container rows in batches, now container/pending-rows.ts) took the cloud's CPU time per
 * 4 KiB PUT from 1.6 to 0.9-1.1 ms and raised PUTs per second by half or more (bench/object-store).
 */
const syncData = promisify(fdatasync);
const syncAll = promisify(fsync);
const writeBuffers = promisify(writev);
const writeBuffer = promisify(write);

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

async function writeAll(fd: number, buffers: Buffer[], position: number): Promise<void> {
  const length = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
  let written =
    length <= INLINE_WRITE_BYTES
      ? writevSync(fd, buffers, position)
      : (await writeBuffers(fd, buffers, position)).bytesWritten;
  if (written === length) return;
  const rest = Buffer.concat(buffers);
  while (written < length) {
    written += (await writeBuffer(fd, rest, written, length - written, position + written)).bytesWritten;
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
  const path = join(tmpDir, temporaryName('.tmp'));
  const fd = openSync(path, 'wx', 0o600);
  try {
    const md5 = createHash('md5');
    // Room for the head is kept only once a batch of the body is written before it: a body that
    // fits in one batch goes in one write behind the head itself.
    let room: number | undefined;
    let position = 0;
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
        if (room === undefined) {
          room = options.withBody ? PREFIX_BYTES + headRoom(metadata) : 0;
          position = room;
        }
        await writeAll(fd, batch, position);
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
    if (room === undefined) {
      await writeAll(fd, [encodeHead(metadata), ...batch], 0);
    } else {
      if (batched > 0) await writeAll(fd, batch, position);
      await writeAll(fd, [encodeHead(metadata, room - PREFIX_BYTES)], 0);
    }
    await syncData(fd);
    closeSync(fd);
    return { path, etag, bytes };
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // Closed already (the failure was the close): the file is removed all the same.
    }
    rmSync(path, { force: true });
    throw error;
  }
}

/** fsync of a folder: makes a rename into it (or a new entry) survive a crash. */
async function syncFolder(path: string): Promise<void> {
  const fd = openSync(path, 'r');
  try {
    await syncAll(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Moves a written file to its name in the object's folder (made on first use) and syncs the
 * folder: the object changes in one rename, never partly. `devicePath` must still exist: a device
 * removed meanwhile is answered 507, never silently made again by mkdir.
 *
 * The folder is synced after every rename, as Swift's `renamer` and `link_fd_to_path` do: the
 * file's data is on disk after fdatasync, but its name is an entry of the folder, and without
 * the folder's fsync a crash may lose the rename (the object answered 201 would be gone, or an
 * overwrite undone), whether the folder is new or not. Swift also syncs the parent of each folder
 * it had to make; here the leaf's fsync stands for them, as the Linux file systems Swift runs on
 * persist a new folder's entry in its parent with the folder (ext4's fsync syncs the parents of
 * a new inode, XFS's and btrfs's logs carry the parent's change).
 */
export async function publishFile(
  file: WrittenFile,
  target: string,
  devicePath: string,
  folderExists = true,
): Promise<void> {
  try {
    if (!folderExists) makeFolderOnDeviceSync(devicePath, dirname(target));
    try {
      renameSync(file.path, target);
    } catch (error) {
      if (!folderExists || (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      makeFolderOnDeviceSync(devicePath, dirname(target));
      renameSync(file.path, target);
    }
  } catch (error) {
    rmSync(file.path, { force: true });
    throw error;
  }
  await syncFolder(dirname(target));
}

/** Removes files a newer one made useless; one already gone is fine. */
export function removeFiles(folder: string, names: string[]): void {
  for (const name of names) {
    try {
      unlinkSync(join(folder, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
