import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { PartitionHashes } from '../../../../src/object-store/storage/object/suffix-hashes.js';

const HASH = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaabc';

test('partition hashes are kept in place and recomputed whole when the kept file does not parse', async () => {
  const partition = await mkdtemp(join(tmpdir(), 'stratus-suffix-hashes-'));
  try {
    await mkdir(join(partition, 'abc', HASH), { recursive: true });
    await writeFile(join(partition, 'abc', HASH, '1700000000.00000.data'), 'x');
    const hashes = new PartitionHashes();
    await hashes.invalidate(partition, 'abc');
    const first = await hashes.get(partition);
    assert.deepEqual(Object.keys(first), ['abc']);
    const kept = join(partition, 'hashes.json');
    const inode = (await stat(kept)).ino;

    // A second computation after another write rewrites the same file (no inode freed).
    await writeFile(join(partition, 'abc', HASH, '1700000001.00000.meta'), 'y');
    await hashes.invalidate(partition, 'abc');
    const second = await hashes.get(partition);
    assert.notEqual(second.abc, first.abc);
    assert.equal((await stat(kept)).ino, inode);
    assert.deepEqual(JSON.parse(await readFile(kept, 'utf8')), second);

    // A write cut short by a crash: the kept hashes do not parse, all are computed again.
    await writeFile(kept, '{"abc":"12');
    assert.deepEqual(await hashes.get(partition), second);
  } finally {
    await rm(partition, { recursive: true, force: true });
  }
});
