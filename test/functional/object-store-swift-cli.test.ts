import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { defaultConfig } from '../../src/common/config/index.js';
import { createLogger } from '../../src/common/logging.js';
import { startCloud } from '../../src/gateway/cloud.js';
import { cliEnvironment, cliInstalled } from '../helpers/cli-environment.js';

const run = promisify(execFile);

test('the swift CLI stats, posts, uploads, lists, downloads and deletes', { timeout: 120_000 }, async (t) => {
  if (!(await cliInstalled('swift')))
    return t.skip('the swift CLI is not installed (apt-get install python3-swiftclient)');
  const dataDir = mkdtempSync(join(tmpdir(), 'stratus-swift-cli-'));
  const work = mkdtempSync(join(tmpdir(), 'stratus-swift-files-'));
  const base = defaultConfig(dataDir);
  const cloud = await startCloud(
    { ...base, port: 0, log_level: 'silent', identity: { ...base.identity, password_hash_cost: 10 } },
    createLogger('silent'),
    ['identity', 'object-store'],
  );
  const env = cliEnvironment(cloud.files.openrcDemo);
  const swift = async (...args: string[]) => (await run('swift', args, { env, cwd: work })).stdout;
  try {
    const data = randomBytes(2 * 1024 * 1024 + 17);
    writeFileSync(join(work, 'blob.bin'), data);
    writeFileSync(join(work, 'note.txt'), 'hello swift\n');

    assert.match(await swift('stat'), /Containers: 0/);
    await swift('post', '-m', 'colour:blue', 'box');
    await swift('upload', 'box', 'blob.bin', 'note.txt');
    assert.deepEqual((await swift('list')).split('\n').filter(Boolean), ['box']);
    assert.deepEqual((await swift('list', 'box')).split('\n').filter(Boolean), ['blob.bin', 'note.txt']);
    const stat = await swift('stat', 'box');
    assert.match(stat, /Objects: 2/);
    assert.match(stat, new RegExp(`Bytes: ${data.length + 12}`));
    assert.match(stat, /Meta Colour: blue/);
    assert.match(await swift('stat', 'box', 'note.txt'), /Content Type: text\/plain/);

    // The account's totals follow in the background (the container updater), as in Swift.
    const deadline = Date.now() + 10_000;
    while (!/Objects: 2/.test(await swift('stat')) && Date.now() < deadline) await sleep(200);
    assert.match(await swift('stat'), /Objects: 2/);

    rmSync(join(work, 'blob.bin'));
    await swift('download', 'box', 'blob.bin');
    assert.ok(readFileSync(join(work, 'blob.bin')).equals(data));

    await swift('delete', 'box');
    assert.equal(await swift('list'), '');
  } finally {
    await cloud.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
});
