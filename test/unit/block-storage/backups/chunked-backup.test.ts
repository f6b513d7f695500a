import assert from 'node:assert/strict';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { CHUNK_SIZE, type BackupManifest } from '../../../../src/block-storage/backup/backup-manifest.js';
import {
  restoreBackupChunks,
  writeBackupChunks,
} from '../../../../src/block-storage/backup/chunked-backup.js';
import { FileChunkStore } from '../../../../src/block-storage/backup/file-chunk-store.js';
import { tempDir } from '../../../contract/volume/fixtures.js';
import { pattern } from './backup-app.js';

function manifestOf(
  backupId: string,
  parentId: string | null,
  sizeBytes: number,
  chunks: BackupManifest['chunks'],
) {
  const volume = { name: null, description: null, bootable: false, metadata: {}, imageMetadata: {} };
  return {
    version: 1,
    backupId,
    volumeId: 'v',
    parentId,
    sizeBytes,
    chunkSize: CHUNK_SIZE,
    chunks,
    volume,
  } as const;
}

test('chunks: zero chunks are skipped, unchanged ones left to the parent, a chain restores byte for byte', async () => {
  const dir = await tempDir('chunks');
  try {
    const store = new FileChunkStore(join(dir.path, 'store'));
    const size = 3 * CHUNK_SIZE + 1000;
    const first = Buffer.alloc(size);
    pattern(CHUNK_SIZE, 1).copy(first, 0);
    pattern(1000, 2).copy(first, 3 * CHUNK_SIZE);
    await writeFile(join(dir.path, 'first'), first);
    const full = await writeBackupChunks(store, 'full', join(dir.path, 'first'), size, null);
    assert.equal(full.objectCount, 2);
    assert.deepEqual(
      full.chunks.map((chunk) => [chunk.zero === true, chunk.object ?? null]),
      [
        [false, 'chunk-00000000'],
        [true, null],
        [true, null],
        [false, 'chunk-00000003'],
      ],
    );
    const fullManifest = manifestOf('full', null, size, full.chunks);

    const second = Buffer.from(first);
    second.fill(0, 0, CHUNK_SIZE);
    pattern(10, 3).copy(second, CHUNK_SIZE + 5);
    await writeFile(join(dir.path, 'second'), second);
    const incremental = await writeBackupChunks(store, 'incr', join(dir.path, 'second'), size, fullManifest);
    assert.equal(
      incremental.objectCount,
      1,
      'only the new chunk 1: chunk 0 is zero now, chunk 3 is unchanged',
    );
    assert.deepEqual(await readdir(join(dir.path, 'store', 'incr')), ['chunk-00000001']);

    const chain = [
      { prefix: 'incr', manifest: manifestOf('incr', 'full', size, incremental.chunks) },
      { prefix: 'full', manifest: fullManifest },
    ];
    await writeFile(join(dir.path, 'restored'), '');
    await restoreBackupChunks(store, chain, join(dir.path, 'restored'));
    assert.ok((await readFile(join(dir.path, 'restored'))).equals(second));

    await writeFile(join(dir.path, 'store', 'full', 'chunk-00000003'), 'tampered');
    await writeFile(join(dir.path, 'again'), '');
    await assert.rejects(
      restoreBackupChunks(store, chain, join(dir.path, 'again')),
      /chunk 3 of backup full is corrupt/,
    );
    assert.throws(() => store.get('..', 'x'), /invalid backup object name/);
  } finally {
    await dir.remove();
  }
});
