import { existsSync, readdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { isSysMeta } from '../metadata-headers.js';
import { StorageError } from '../storage-response.js';
import { Timestamp } from '../timestamp.js';
import { decodeHead, type ObjectMetadata } from './object-file-format.js';
import { sortObjectFiles, type ObjectFileSet } from './object-files.js';

/** The first read of a file: the head and, for small objects, all of the data. */
const FIRST_READ_BYTES = 64 * 1024;
/** Metadata that stays the `.data`'s whatever a POST says (Swift's reserved and system datafile metadata). */
const DATAFILE_KEYS = new Set(['content-length', 'etag', 'deleted', 'x-static-large-object', 'name']);

/** An object's data, opened: all of it in `bytes`, or the first part and the file to read on. */
export interface ObjectData {
  /** Open only when `bytes` is not all of the data; whoever takes the data closes it. */
  file?: FileHandle;
  dataOffset: number;
  length: number;
  /** The data read so far, from its start. */
  bytes: Buffer;
}

export type ObjectState =
  | {
      exists: false;
      /** Every name in the folder. */
      names: string[];
      /** Of the tombstone, when deleted. */
      timestamp?: Timestamp;
    }
  | {
      exists: true;
      names: string[];
      files: ObjectFileSet;
      /** The merged metadata (`.data` and `.meta`). */
      metadata: ObjectMetadata;
      /** When the data was written. */
      dataTimestamp: Timestamp;
      /** Of the newest file that counts: the `.meta` after a POST. */
      timestamp: Timestamp;
      data?: ObjectData;
    };

/** The names in an object's folder; none when the folder does not exist. */
export async function listObjectFolder(folder: string): Promise<string[]> {
  // At once, not on the thread pool: see object-file-writer.ts on metadata calls. A new object's
  // folder is not there yet: existsSync tells so without the Error (and its stack) readdir makes.
  if (!existsSync(folder)) return [];
  try {
    return readdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function readHead(path: string, keepOpen: boolean): Promise<{ metadata: ObjectMetadata } & ObjectData> {
  const file = await open(path, 'r');
  let handed = false;
  try {
    let buffer = Buffer.allocUnsafe(FIRST_READ_BYTES);
    let read = (await file.read(buffer, 0, buffer.length, 0)).bytesRead;
    let head = decodeHead(buffer.subarray(0, read));
    if ('needBytes' in head) {
      buffer = Buffer.allocUnsafe(head.needBytes);
      read = (await file.read(buffer, 0, buffer.length, 0)).bytesRead;
      head = decodeHead(buffer.subarray(0, read));
      if ('needBytes' in head) throw new StorageError(500, `truncated object file ${path}`);
    }
    const length = Number(head.metadata['content-length'] ?? 0);
    const bytes = buffer.subarray(head.dataOffset, Math.min(read, head.dataOffset + length));
    const complete = bytes.length === length;
    handed = keepOpen && !complete;
    return {
      metadata: head.metadata,
      dataOffset: head.dataOffset,
      length,
      bytes,
      file: handed ? file : undefined,
    };
  } finally {
    if (!handed) await file.close();
  }
}

/** Swift's merge of a fast POST's `.meta` over the `.data`. */
function mergeMeta(data: ObjectMetadata, dataTimestamp: Timestamp, meta: ObjectMetadata): ObjectMetadata {
  const merged: ObjectMetadata = { ...meta };
  for (const [key, value] of Object.entries(data)) {
    if (DATAFILE_KEYS.has(key) || isSysMeta('object', key)) merged[key] = value;
  }
  const contentTypeTimestamp = Timestamp.tryParse(meta['content-type-timestamp']);
  if (!contentTypeTimestamp?.isAfter(dataTimestamp)) {
    merged['content-type'] = data['content-type'];
    delete merged['content-type-timestamp'];
  }
  return merged;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

async function readOnce(folder: string, withData: boolean): Promise<ObjectState> {
  const names = await listObjectFolder(folder);
  const files = sortObjectFiles(names);
  if (!files.data) return { exists: false, names, timestamp: files.tombstone?.timestamp };
  const dataTimestamp = files.data.timestamp;
  const data = await readHead(join(folder, files.data.name), withData);
  try {
    let metadata = data.metadata;
    if (files.meta) {
      const meta = await readHead(join(folder, files.meta.name), false);
      metadata = mergeMeta(metadata, dataTimestamp, meta.metadata);
    }
    const timestamp = files.meta?.timestamp ?? dataTimestamp;
    const { file, dataOffset, length, bytes } = data;
    return {
      exists: true,
      names,
      files,
      metadata,
      dataTimestamp,
      timestamp,
      data: withData ? { file, dataOffset, length, bytes } : undefined,
    };
  } catch (error) {
    await data.file?.close();
    throw error;
  }
}

/**
 * The state of an object from its folder. A file listed but gone before it was opened was
 * replaced by a concurrent write: the folder is read again (Swift's `DiskFileStateChanged`).
 */
export async function readObjectState(folder: string, withData: boolean): Promise<ObjectState> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await readOnce(folder, withData);
    } catch (error) {
      if (!isMissing(error)) throw error;
      if (attempt === 2) throw new StorageError(503, 'object changed while being read');
    }
  }
}
