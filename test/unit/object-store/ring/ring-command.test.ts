import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { runRingCommand } from '../../../../src/cli/object-store-ring.js';
import { RingBuilder } from '../../../../src/object-store/ring/ring-builder.js';

const main = fileURLToPath(new URL('../../../../src/cli/main.js', import.meta.url));

/** Runs the `stratus` command as a user would; returns its status and output. */
async function stratus(...args: string[]): Promise<{ status: number; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [main, ...args]);
    return { status: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('stratus object-store ring', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stratus-ring-cli-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('create, add, rebalance and show, as swift-ring-builder', async () => {
    const file = join(dir, 'object.ring.json');
    assert.equal((await stratus('object-store', 'ring', file, 'create', '8', '3', '1')).status, 0);
    const added = await stratus(
      ...['object-store', 'ring', file, 'add', '--region', '1', '--zone', '1', '--ip', '10.0.0.1'],
      ...['--port', '6200', '--device', 'sdb', '--weight', '100'],
    );
    assert.equal(added.status, 0, added.output);
    assert.match(added.output, /Device d0r1z1-10.0.0.1:6200\/sdb with 100 weight got id 0/);
    for (const zone of [2, 3, 4]) {
      const device = { zone, ip: `10.0.0.${zone}`, port: 6200, device: 'sdb', weight: 100 };
      assert.equal(await runRingCommand(file, 'add', [], device, () => {}), 0);
    }
    const rebalanced = await stratus('object-store', 'ring', file, 'rebalance', '--seed', '7');
    assert.equal(rebalanced.status, 0, rebalanced.output);
    assert.match(
      rebalanced.output,
      /Reassigned 768 \(300\.00%\) partitions\. Balance is now 0\.00\. {2}Dispersion is now 0\.00/,
    );
    const shown = await stratus('object-store', 'ring', file);
    assert.equal(shown.status, 0, shown.output);
    assert.match(
      shown.output,
      /256 partitions, 3\.000000 replicas, 1 regions, 4 zones, 4 devices, 0\.00 balance, 0\.00 dispersion/,
    );
    assert.match(
      shown.output,
      /The minimum number of hours before a partition can be reassigned is 1 \((1:00:00|0:59:\d\d) remaining\)/,
    );
    assert.match(shown.output, /is up-to-date/);
    assert.match(shown.output, /^\s+3\s+1\s+4\s+10\.0\.0\.4:6200\s+sdb\s+100\.00\s+192\s+0\.00$/m);
    const builder = await RingBuilder.load(file);
    assert.deepEqual(Array.from(builder.partsPerDevice()), [192, 192, 192, 192]);
  });

  test('remove, set-weight and rebalance inside min_part_hours', async () => {
    const file = join(dir, 'container.ring.json');
    const print = (line: string) => lines.push(line);
    let lines: string[] = [];
    const now = 1_700_000_000;
    assert.equal(await runRingCommand(file, 'create', ['8', '3', '1'], {}, print, now), 0);
    for (const zone of [1, 2, 3, 4])
      await runRingCommand(
        file,
        'add',
        [],
        { zone, ip: `10.0.0.${zone}`, port: 6200, device: 'sdb', weight: 1 },
        print,
      );
    assert.equal(await runRingCommand(file, 'rebalance', [], { seed: '1' }, print, now), 0);

    lines = [];
    assert.equal(await runRingCommand(file, 'set-weight', ['1', '2'], {}, print, now), 0);
    assert.equal(await runRingCommand(file, 'rebalance', [], {}, print, now + 60), 1);
    assert.deepEqual(lines.slice(1), [
      'No partitions could be reassigned.',
      'The time between rebalances must be at least min_part_hours: 1 hours (0:59:00 remaining)',
    ]);

    lines = [];
    assert.equal(await runRingCommand(file, 'remove', ['3'], {}, print, now), 0);
    assert.deepEqual(lines, [
      'd3r1z4-10.0.0.4:6200/sdb marked for removal and will be removed next rebalance.',
    ]);
    await runRingCommand(file, 'show', [], {}, print, now);
    assert.ok(lines.some((line) => /^\s+3 .* DEL$/.test(line)));
    assert.ok(lines.some((line) => line.includes('is obsolete')));
    lines = [];
    // Three zones left: one replica in each, whatever the weights say (dispersion first).
    assert.equal(await runRingCommand(file, 'rebalance', [], { seed: '2' }, print, now + 60), 1);
    assert.match(lines[0], /^Reassigned 192 \(75\.00%\) partitions\. Balance is now 33\.33\./);
    assert.match(lines[1], /^NOTE: Balance of 33\.33 indicates you should push this ring/);
    assert.equal((await RingBuilder.load(file)).devices().length, 3);
  });

  test('errors leave the file as it was and exit 2', async () => {
    const file = join(dir, 'account.ring.json');
    const lines: string[] = [];
    const print = (line: string) => lines.push(line);
    assert.equal(await runRingCommand(file, 'show', [], {}, print), 2);
    assert.match(lines.pop()!, /does not exist; create it first/);
    assert.equal(await runRingCommand(file, 'create', ['8', 'three', '1'], {}, print), 2);
    assert.match(lines.pop()!, /replicas must be a non-negative integer/);
    assert.equal(await runRingCommand(file, 'create', ['8', '3', '1'], {}, print), 0);
    assert.equal(await runRingCommand(file, 'create', ['8', '3', '1'], {}, print), 2);
    assert.match(lines.pop()!, /already exists/);
    assert.equal(await runRingCommand(file, 'add', [], { zone: 1 }, print), 2);
    assert.match(lines.pop()!, /add needs --zone, --ip, --port, --device and --weight/);
    assert.equal(await runRingCommand(file, 'rebalance', [], {}, print), 2);
    assert.match(lines.pop()!, /Replica count of 3 requires more than 0 devices/);
    assert.equal(await runRingCommand(file, 'frobnicate', [], {}, print), 2);
    assert.match(lines.pop()!, /unknown command "frobnicate"/);
    assert.equal((await RingBuilder.load(file)).version, 0);
  });
});
