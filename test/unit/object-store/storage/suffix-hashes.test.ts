import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readKeptHashes } from '../../../../src/object-store/storage/object/partition-hash-files.js';
import { PartitionHashes } from '../../../../src/object-store/storage/object/suffix-hashes.js';

const HASH = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaabc';
const OTHER = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbdef';

async function withPartition(run: (partition: string) => Promise<void>): Promise<void> {
  const partition = await mkdtemp(join(tmpdir(), 'stratus-suffix-hashes-'));
  try {
    await run(partition);
  } finally {
    await rm(partition, { recursive: true, force: true });
  }
}

async function writeObjectFile(partition: string, hash: string, name: string): Promise<void> {
  const folder = join(partition, hash.slice(-3), hash);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, name), 'x');
}

test('partition hashes are kept in place and recomputed whole when the kept file is not whole', async () => {
  await withPartition(async (partition) => {
    await writeObjectFile(partition, HASH, '1700000000.00000.data');
    const hashes = new PartitionHashes();
    hashes.invalidate(partition, 'abc');
    const first = await hashes.get(partition);
    assert.deepEqual(Object.keys(first), ['abc']);
    const kept = join(partition, 'hashes.json');
    const inode = (await stat(kept)).ino;

    // A second computation after another write rewrites the same file (no inode, no block freed).
    await writeObjectFile(partition, HASH, '1700000001.00000.meta');
    hashes.invalidate(partition, 'abc');
    const second = await hashes.get(partition);
    assert.notEqual(second.abc, first.abc);
    assert.equal((await stat(kept)).ino, inode);
    assert.deepEqual(readKeptHashes(partition)?.hashes, second);

    // A write cut short by a crash, or a file of an older format: all are computed again.
    await writeFile(kept, '{"abc":"12');
    assert.equal(readKeptHashes(partition), undefined);
    assert.deepEqual(await hashes.get(partition), second);
  });
});

test('the kept hashes say how much of hashes.invalid they take in; later lines are computed', async () => {
  await withPartition(async (partition) => {
    await writeObjectFile(partition, HASH, '1700000000.00000.data');
    const hashes = new PartitionHashes();
    hashes.invalidate(partition, 'abc');
    await hashes.get(partition);
    const invalid = join(partition, 'hashes.invalid');
    // Not emptied while short: the kept hashes point past its line.
    assert.equal((await stat(invalid)).size, 4);
    assert.equal(readKeptHashes(partition)?.invalid, 4);

    // A suffix written since is computed; the unchanged one is not listed again.
    await writeObjectFile(partition, OTHER, '1700000002.00000.data');
    hashes.invalidate(partition, 'def');
    const after = await hashes.get(partition);
    assert.deepEqual(Object.keys(after).sort(), ['abc', 'def']);
    assert.equal(readKeptHashes(partition)?.invalid, 8);

    // hashes.invalid emptied behind the kept hashes' back: what it held is unknown, all computed.
    await writeObjectFile(partition, HASH, '1700000003.00000.ts');
    await truncate(invalid, 0);
    const recomputed = await hashes.get(partition);
    assert.notEqual(recomputed.abc, after.abc);
    assert.equal(recomputed.def, after.def);
  });
});

test('hashes.invalid is emptied once long and all taken in', async () => {
  await withPartition(async (partition) => {
    await writeObjectFile(partition, HASH, '1700000000.00000.data');
    const hashes = new PartitionHashes();
    for (let line = 0; line < 16 * 1024; line += 1) hashes.invalidate(partition, 'abc');
    await hashes.get(partition);
    assert.equal((await stat(join(partition, 'hashes.invalid'))).size, 0);
    assert.equal(readKeptHashes(partition)?.invalid, 0);
    hashes.invalidate(partition, 'abc');
    assert.deepEqual(Object.keys(await hashes.get(partition)), ['abc']);
  });
});
