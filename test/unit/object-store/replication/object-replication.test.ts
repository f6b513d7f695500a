import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { ObjectAuditor } from '../../../../src/object-store/replication/object-auditor.js';
import { ObjectReplicator } from '../../../../src/object-store/replication/object-replicator.js';
import { hashPath, storageDirectory } from '../../../../src/object-store/storage/hash-path.js';
import {
  bodyOf,
  jsonOf,
  nextTimestamp,
  NODE,
  onePartitionRing,
  request,
  ringDevices,
  SALT,
  storageNode,
} from '../storage/storage-fixtures.js';

const PARTITION = 3;
/** Every partition on d1..d3; d4 is the first handoff. */
const ring = onePartitionRing(PARTITION, ringDevices(['d1', 'd2', 'd3', 'd4'], NODE));

describe('object replicator and auditor', () => {
  let fixture: Awaited<ReturnType<typeof storageNode>>;
  let replicator: ObjectReplicator;
  let auditor: ObjectAuditor;

  beforeEach(async () => {
    fixture = await storageNode();
    await mkdir(join(fixture.root, 'd4'));
    const where = { ring, node: NODE, devicesRoot: fixture.root, transport: fixture.transport };
    replicator = new ObjectReplicator(where);
    auditor = new ObjectAuditor({
      ...where,
      invalidateSuffix: (path, suffix) => fixture.node.objects.invalidateSuffix(path, suffix),
      bytesPerSecond: 100 * 1024 * 1024,
      filesPerSecond: 10_000,
    });
  });
  afterEach(() => fixture.dispose());

  const put = (device: string, name: string, data: string, timestamp = nextTimestamp()) =>
    fixture.node.handle(
      request(
        'PUT',
        `${device}/${PARTITION}/AUTH_a/c/${name}`,
        { 'content-type': 'text/plain', 'x-timestamp': timestamp.internal, 'x-object-meta-color': 'blue' },
        { body: Buffer.from(data) },
      ),
    );
  const get = async (device: string, name: string) => {
    const answer = await fixture.node.handle(request('GET', `${device}/${PARTITION}/AUTH_a/c/${name}`));
    return { status: answer.status, headers: answer.headers, body: (await bodyOf(answer)).toString() };
  };
  const hashes = async (device: string) =>
    jsonOf<Record<string, string>>(
      await fixture.node.handle({
        method: 'REPLICATE',
        server: 'object',
        device,
        partition: PARTITION,
        account: '',
        headers: {},
      }),
    );
  const folderOf = (device: string, name: string) =>
    storageDirectory(join(fixture.root, device), 'objects', PARTITION, hashPath(SALT, 'AUTH_a', 'c', name));

  test('REPLICATE answers the suffix hashes, the same for the same files and changed by a write', async () => {
    const timestamp = nextTimestamp();
    await put('d1', 'one', 'first', timestamp);
    await put('d2', 'one', 'first', timestamp);
    const suffix = hashPath(SALT, 'AUTH_a', 'c', 'one').slice(-3);
    const [first, second] = [await hashes('d1'), await hashes('d2')];
    assert.deepEqual(Object.keys(first), [suffix]);
    assert.deepEqual(first, second);
    assert.deepEqual(await hashes('d3'), {});
    await put('d1', 'one', 'second');
    assert.notEqual((await hashes('d1'))[suffix], first[suffix]);
  });

  test('a pass pushes the objects a primary lacks, and then every primary has the same files', async () => {
    await put('d1', 'one', 'first');
    await put('d2', 'two', 'second');
    const stats = await replicator.replicateOnce();
    assert.equal(stats.filesPushed, 4);
    for (const device of ['d1', 'd2', 'd3']) {
      assert.equal((await get(device, 'one')).body, 'first');
      assert.equal((await get(device, 'two')).body, 'second');
      assert.equal((await get(device, 'two')).headers['x-object-meta-color'], 'blue');
    }
    assert.deepEqual(await hashes('d1'), await hashes('d3'));
    const again = await replicator.replicateOnce();
    assert.equal(again.filesPushed, 0);
    assert.equal(again.suffixesSynced, 0);
  });

  test('the newest version wins everywhere: a newer .data, a tombstone, a .meta', async () => {
    const older = nextTimestamp();
    const newer = nextTimestamp();
    await put('d1', 'one', 'old', older);
    await put('d2', 'one', 'new', newer);
    await put('d1', 'gone', 'data');
    await fixture.node.handle(
      request('DELETE', `d2/${PARTITION}/AUTH_a/c/gone`, { 'x-timestamp': nextTimestamp().internal }),
    );
    await put('d3', 'posted', 'data', older);
    await put('d1', 'posted', 'data', older);
    await fixture.node.handle(
      request('POST', `d3/${PARTITION}/AUTH_a/c/posted`, {
        'x-timestamp': nextTimestamp().internal,
        'x-object-meta-color': 'red',
      }),
    );
    await replicator.replicateOnce();
    for (const device of ['d1', 'd2', 'd3']) {
      assert.equal((await get(device, 'one')).body, 'new', device);
      assert.equal((await get(device, 'gone')).status, 404, device);
      assert.equal((await get(device, 'posted')).headers['x-object-meta-color'], 'red', device);
    }
    // Obsolete files are cleaned up as the newer ones arrive.
    assert.deepEqual(await readdir(folderOf('d1', 'one')), [`${newer.internal}.data`]);
  });

  test('a handoff partition is given to its primaries and then removed', async () => {
    await put('d4', 'handed', 'off');
    const stats = await replicator.replicateOnce();
    assert.equal(stats.handoffsRemoved, 1);
    assert.equal(existsSync(join(fixture.root, 'd4', 'objects', String(PARTITION))), false);
    for (const device of ['d1', 'd2', 'd3']) assert.equal((await get(device, 'handed')).body, 'off');
  });

  test('a handoff is kept while a primary cannot take it (its device gone)', async () => {
    await put('d4', 'handed', 'off');
    await rm(join(fixture.root, 'd3'), { recursive: true });
    const stats = await replicator.replicateOnce();
    assert.equal(stats.handoffsRemoved, 0);
    assert.ok(stats.failures > 0);
    assert.equal(existsSync(join(fixture.root, 'd3')), false, 'a gone device is not made again');
    assert.equal((await get('d4', 'handed')).body, 'off');
  });

  test('a device that comes back empty is refilled by the next pass', async () => {
    await put('d1', 'one', 'first');
    await replicator.replicateOnce();
    await rm(join(fixture.root, 'd2'), { recursive: true });
    assert.equal((await get('d2', 'one')).status, 507);
    await mkdir(join(fixture.root, 'd2'));
    await replicator.replicateOnce();
    assert.equal((await get('d2', 'one')).body, 'first');
  });

  test('the auditor quarantines an object whose bytes changed, and the replicator restores it', async () => {
    await put('d1', 'one', 'precious bytes');
    await put('d1', 'two', 'fine');
    await replicator.replicateOnce();
    const folder = folderOf('d2', 'one');
    const [name] = await readdir(folder);
    const bytes = await readFile(join(folder, name));
    bytes[bytes.length - 3] ^= 0x01;
    await writeFile(join(folder, name), bytes);

    const audit = await auditor.auditOnce();
    assert.equal(audit.quarantined, 1);
    assert.equal(audit.filesChecked, 6);
    const hash = hashPath(SALT, 'AUTH_a', 'c', 'one');
    assert.deepEqual(await readdir(join(fixture.root, 'd2', 'quarantined', 'objects', hash)), [name]);
    assert.equal((await get('d2', 'one')).status, 404);

    await replicator.replicateOnce();
    for (const device of ['d1', 'd2', 'd3']) assert.equal((await get(device, 'one')).body, 'precious bytes');
    assert.equal((await auditor.auditOnce()).quarantined, 0);
  });

  test('the auditor quarantines a file whose head is not an object file', async () => {
    await put('d1', 'one', 'data');
    const folder = folderOf('d1', 'one');
    const [name] = await readdir(folder);
    await writeFile(join(folder, name), 'garbage');
    assert.equal((await auditor.auditOnce()).quarantined, 1);
  });

  test('the auditor keeps to its byte rate', async () => {
    const slow = new ObjectAuditor({
      ring,
      node: NODE,
      devicesRoot: fixture.root,
      invalidateSuffix: () => undefined,
      bytesPerSecond: 100 * 1024,
    });
    await put('d1', 'big', 'x'.repeat(50 * 1024));
    const started = Date.now();
    await slow.auditOnce();
    assert.ok(Date.now() - started >= 400, `took ${Date.now() - started} ms`);
  });

  test('the auditor keeps to its file rate, as Swift paces small objects', async () => {
    const paced = new ObjectAuditor({
      ring,
      node: NODE,
      devicesRoot: fixture.root,
      invalidateSuffix: () => undefined,
      bytesPerSecond: 100 * 1024 * 1024,
      filesPerSecond: 10,
    });
    for (const name of ['a', 'b', 'c', 'd', 'e']) await put('d1', name, 'small');
    const started = Date.now();
    const stats = await paced.auditOnce();
    assert.equal(stats.filesChecked, 5);
    // Five files at ten a second: the fifth is checked 0.4 s after the first.
    assert.ok(Date.now() - started >= 390, `took ${Date.now() - started} ms`);
  });

  test('stopping the auditor ends its pass at once, however slow its pace', async () => {
    const paced = new ObjectAuditor({
      ring,
      node: NODE,
      devicesRoot: fixture.root,
      invalidateSuffix: () => undefined,
      filesPerSecond: 1,
    });
    for (const name of ['a', 'b', 'c', 'd', 'e']) await put('d1', name, 'small');
    paced.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopping = Date.now();
    await paced.stop();
    // The pass would take four more seconds; it ends after the file it is pacing for.
    assert.ok(Date.now() - stopping < 1500, `took ${Date.now() - stopping} ms`);
  });

  test('a pushed file that is not an object file is refused', async () => {
    const hash = hashPath(SALT, 'AUTH_a', 'c', 'x');
    const answer = await fixture.node.handle({
      method: 'REPLICATE',
      server: 'object',
      device: 'd1',
      partition: PARTITION,
      account: hash.slice(-3),
      container: hash,
      object: `${nextTimestamp().internal}.data`,
      headers: {},
      body: Buffer.from('not an object'),
    });
    assert.equal(answer.status, 422);
    assert.equal(
      existsSync(join(fixture.root, 'd1', 'objects', String(PARTITION), hash.slice(-3), hash)),
      false,
    );
  });
});
