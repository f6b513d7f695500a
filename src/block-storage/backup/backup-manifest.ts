import { createHash } from 'node:crypto';
import type { BackupChunkStore } from './chunk-store.js';

/** The size of a backup's chunks: each is stored whole, skipped when all zero or unchanged. */
export const CHUNK_SIZE = 32 * 1024 * 1024;

const MANIFEST_OBJECT = 'manifest.json';

/**
 * One chunk of the volume in a backup: its hash; `zero` when it reads as zeroes (nothing
 * stored); `object` when this backup stores it; neither when it is the same as in the parent
 * backup, which (or whose own parent...) stores it.
 */
export interface ChunkEntry {
  sha256: string;
  zero?: true;
  object?: string;
}

/** What a restore gives back to the volume beside its bytes (Cinder's backed-up volume metadata). */
export interface BackedUpVolume {
  name: string | null;
  description: string | null;
  bootable: boolean;
  metadata: Record<string, string>;
  imageMetadata: Record<string, string>;
}

/** The index of a backup: every chunk of the volume in order, stored in the backup's prefix. */
export interface BackupManifest {
  version: 1;
  backupId: string;
  volumeId: string;
  parentId: string | null;
  sizeBytes: number;
  chunkSize: number;
  chunks: ChunkEntry[];
  volume: BackedUpVolume;
}

export async function writeManifest(
  store: BackupChunkStore,
  prefix: string,
  manifest: BackupManifest,
): Promise<void> {
  await store.put(prefix, MANIFEST_OBJECT, Buffer.from(JSON.stringify(manifest)));
}

export async function readManifest(store: BackupChunkStore, prefix: string): Promise<BackupManifest> {
  const manifest = JSON.parse((await store.get(prefix, MANIFEST_OBJECT)).toString('utf8')) as BackupManifest;
  if (manifest.version !== 1)
    throw new Error(`backup manifest version ${String(manifest.version)} is not known`);
  return manifest;
}

/** The name of chunk `index`'s object. */
export function chunkObjectName(index: number): string {
  return `chunk-${String(index).padStart(8, '0')}`;
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

const zeroHashes = new Map<number, string>();

/** The hash of `length` zero bytes, computed once per length: most chunks of most volumes are zero. */
export function zeroHash(length: number): string {
  let hash = zeroHashes.get(length);
  if (hash === undefined) {
    hash = sha256(Buffer.alloc(length));
    zeroHashes.set(length, hash);
  }
  return hash;
}
