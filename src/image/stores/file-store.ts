import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { StoreDataMissing, type ByteRange, type ImageStore } from './image-store.js';

/** Chunks are gathered up to this many bytes and written with one writev. */
const WRITE_BATCH = 1024 * 1024;

/** One writev of a batch, finishing any part the system call left unwritten. */
async function writeBatch(file: FileHandle, batch: Buffer[], length: number): Promise<void> {
  let written = (await file.writev(batch)).bytesWritten;
  if (written === length) return;
  const rest = Buffer.concat(batch);
  while (written < length) written += (await file.write(rest, written)).bytesWritten;
}

/** Writes the chunks in order, a batch at a time, so each write waits for the disk. */
async function writeChunks(file: FileHandle, data: AsyncIterable<Buffer>): Promise<number> {
  let bytes = 0;
  let batch: Buffer[] = [];
  let batched = 0;
  for await (const chunk of data) {
    batch.push(chunk);
    batched += chunk.length;
    if (batched >= WRITE_BATCH) {
      await writeBatch(file, batch, batched);
      bytes += batched;
      batch = [];
      batched = 0;
    }
  }
  if (batch.length > 0) await writeBatch(file, batch, batched);
  return bytes + batched;
}

/**
 * Glance's `file` store: one file per image in a directory. A write goes to a hidden temporary
 * file that is fsynced and then renamed into place, so a reader never sees half an image and a
 * crash leaves at most a temporary file, never a truncated image.
 */
const READ_CHUNK_BYTES = 1024 * 1024;

export class FileStore implements ImageStore {
  private ready: Promise<void> | null = null;

  constructor(
    private readonly directory: string,
    readonly id = 'file',
  ) {}

  describe() {
    return {
      type: 'file',
      properties: { data_dir: this.directory, chunk_size: 65536, thin_provisioning: false },
    };
  }

  private pathOf(key: string): string {
    if (!/^[A-Za-z0-9._-]+$/.test(key) || key.startsWith('.')) throw new Error(`bad store key ${key}`);
    return join(this.directory, key);
  }

  private ensureDirectory(): Promise<void> {
    this.ready ??= mkdir(this.directory, { recursive: true, mode: 0o700 }).then(() => undefined);
    return this.ready;
  }

  async write(key: string, data: AsyncIterable<Buffer>): Promise<number> {
    const target = this.pathOf(key);
    await this.ensureDirectory();
    const temporary = join(this.directory, `.${key}.${randomBytes(6).toString('hex')}.tmp`);
    const file = await open(temporary, 'wx', 0o600);
    try {
      const bytes = await writeChunks(file, data);
      await file.sync();
      await file.close();
      await rename(temporary, target);
      const directory = await open(this.directory, 'r');
      await directory.sync().finally(() => directory.close());
      return bytes;
    } catch (error) {
      await file.close().catch(() => undefined);
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.pathOf(key);
    try {
      await stat(path);
    } catch {
      throw new StoreDataMissing(key);
    }
    // 1 MiB reads: at the default 64 KiB, per-chunk work, not the disk, bounds a download.
    return createReadStream(path, { ...range, highWaterMark: READ_CHUNK_BYTES });
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
