import { open } from 'node:fs/promises';
import type { BackupChunkStore } from './chunk-store.js';
import {
  chunkObjectName,
  CHUNK_SIZE,
  sha256,
  zeroHash,
  type BackupManifest,
  type ChunkEntry,
} from './backup-manifest.js';

/** A backup's chunks as written: their entries for the manifest and how many objects were stored. */
export interface WrittenChunks {
  chunks: ChunkEntry[];
  objectCount: number;
}

/**
 * Reads up to `length` bytes at `offset` into `buffer` (reused from chunk to chunk); what lies past
 * the end of the file reads as zeroes. Resolves with the chunk's bytes, a view of `buffer`.
 */
async function readChunk(
  file: Awaited<ReturnType<typeof open>>,
  buffer: Buffer,
  offset: number,
  length: number,
): Promise<Buffer> {
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await file.read(buffer, filled, length - filled, offset + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  buffer.fill(0, filled, length);
  return buffer.subarray(0, length);
}

const ZEROES = Buffer.alloc(CHUNK_SIZE);

function isZero(chunk: Buffer): boolean {
  // A first byte that is not zero settles most data chunks without the full compare.
  return chunk[0] === 0 && chunk.equals(ZEROES.subarray(0, chunk.length));
}

/**
 * Stores the raw image at `sourcePath` (`sizeBytes` long) in chunks under `prefix`: chunks that
 * read as zeroes are not stored, nor (for an incremental backup) those whose hash is the one the
 * `parent` backup recorded for the same place.
 */
export async function writeBackupChunks(
  store: BackupChunkStore,
  prefix: string,
  sourcePath: string,
  sizeBytes: number,
  parent: BackupManifest | null,
): Promise<WrittenChunks> {
  const chunks: ChunkEntry[] = [];
  let objectCount = 0;
  const file = await open(sourcePath, 'r');
  const buffer = Buffer.allocUnsafe(CHUNK_SIZE);
  try {
    for (let offset = 0, index = 0; offset < sizeBytes; offset += CHUNK_SIZE, index += 1) {
      const data = await readChunk(file, buffer, offset, Math.min(CHUNK_SIZE, sizeBytes - offset));
      if (isZero(data)) {
        chunks.push({ sha256: zeroHash(data.length), zero: true });
        continue;
      }
      const hash = sha256(data);
      if (parent?.chunks[index]?.sha256 === hash) {
        chunks.push({ sha256: hash });
        continue;
      }
      const object = chunkObjectName(index);
      await store.put(prefix, object, data);
      objectCount += 1;
      chunks.push({ sha256: hash, object });
    }
  } finally {
    await file.close();
  }
  return { chunks, objectCount };
}

/** A backup of the chain to restore: its manifest and the prefix its objects are under. */
export interface StoredBackup {
  prefix: string;
  manifest: BackupManifest;
}

/**
 * Writes the backup `chain[0]` (then its parent, its parent's parent...) onto the raw file at
 * `targetPath`, which must read as zeroes (a new sparse file): each chunk comes from the nearest
 * backup of the chain that stored it, checked against its hash; zero chunks are left as holes.
 */
export async function restoreBackupChunks(
  store: BackupChunkStore,
  chain: StoredBackup[],
  targetPath: string,
): Promise<void> {
  const { manifest } = chain[0];
  const file = await open(targetPath, 'r+');
  try {
    await file.truncate(manifest.sizeBytes);
    for (const [index, entry] of manifest.chunks.entries()) {
      if (entry.zero) continue;
      const holder = chain.find((backup) => backup.manifest.chunks[index]?.object !== undefined);
      const object = holder?.manifest.chunks[index]?.object;
      if (!holder || object === undefined) throw new Error(`chunk ${index} is in no backup of the chain`);
      const data = await store.get(holder.prefix, object);
      if (sha256(data) !== entry.sha256)
        throw new Error(`chunk ${index} of backup ${holder.manifest.backupId} is corrupt`);
      await file.write(data, 0, data.length, index * manifest.chunkSize);
    }
  } finally {
    await file.close();
  }
}
