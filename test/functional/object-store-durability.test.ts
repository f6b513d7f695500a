import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { HASH_PATH_SALT_FILE, readHashPathSalt } from '../../src/object-store/ring/index.js';
import { DbReplicator } from '../../src/object-store/replication/db-replicator.js';
import { ObjectAuditor } from '../../src/object-store/replication/object-auditor.js';
import { ObjectReplicator } from '../../src/object-store/replication/object-replicator.js';
import { readBody } from '../../src/object-store/replication/read-body.js';
import { hashPath, storageDirectory } from '../../src/object-store/storage/hash-path.js';
import { decodeHead } from '../../src/object-store/storage/object/object-file-format.js';
import { MEMBER_ACCOUNT, objectStoreTestApp } from '../helpers/object-store-app.js';

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
const OBJECTS = 40;
const DEVICES = ['d1', 'd2', 'd3'];

/**
 * The "Done means": with three replicas, a device lost while objects are written loses
 * nothing a client sees; once it is back (empty), replication gives every object its three good
 * replicas again; a corrupted replica is found by the auditor, quarantined and repaired.
 */
test('three replicas survive a lost device and a corrupted file', { timeout: 120_000 }, async () => {
  const swift = await objectStoreTestApp();
  try {
    const salt = await readHashPathSalt(join(swift.dataDir, HASH_PATH_SALT_FILE));
    const where = { node: swift.nodeAddress, devicesRoot: swift.devicesRoot, transport: swift.transport };
    const objectReplicator = new ObjectReplicator({ ...where, ring: swift.rings.object });
    const replicators = [
      objectReplicator,
      new DbReplicator({ ...where, ring: swift.rings.container, server: 'container' }),
      new DbReplicator({ ...where, ring: swift.rings.account, server: 'account' }),
    ];
    const auditor = new ObjectAuditor({
      ...where,
      ring: swift.rings.object,
      invalidateSuffix: (path, suffix) => swift.node.objects.invalidateSuffix(path, suffix),
      filesPerSecond: 10_000,
    });
    const replicateAll = async () => {
      for (const replicator of replicators) await replicator.replicateOnce();
    };

    assert.equal((await swift.request('PUT', '/durable')).statusCode, 201);
    const contents = new Map<string, Buffer>();
    const write = async (index: number) => {
      const name = `object-${index}`;
      const data = randomBytes(1000 + index * 517);
      contents.set(name, data);
      const answer = await swift.request('PUT', `/durable/${name}`, { body: data });
      assert.equal(answer.statusCode, 201, `${name}: ${answer.body}`);
    };
    const indexes = Array.from({ length: OBJECTS }, (_, index) => index);
    await Promise.all(indexes.slice(0, OBJECTS / 2).map(write));
    // The disk fails while the second half of the writes is under way.
    const [first, ...rest] = indexes.slice(OBJECTS / 2).map(write);
    await first;
    rmSync(join(swift.devicesRoot, 'd2'), { recursive: true, force: true });
    await Promise.all(rest);

    for (const [name, data] of contents) {
      const answer = await swift.request('GET', `/durable/${name}`);
      assert.equal(answer.statusCode, 200, name);
      assert.equal(md5(answer.rawPayload), md5(data), name);
    }

    // The device comes back empty; one pass of the replicators refills it.
    mkdirSync(join(swift.devicesRoot, 'd2'));
    await replicateAll();

    const objectFile = (device: string, name: string) => {
      const partition = swift.rings.object.partitionOf(MEMBER_ACCOUNT, 'durable', name);
      const hash = hashPath(salt, MEMBER_ACCOUNT, 'durable', name);
      const folder = storageDirectory(join(swift.devicesRoot, device), 'objects', partition, hash);
      const files = readdirSync(folder).filter((file) => file.endsWith('.data'));
      assert.equal(files.length, 1, `${device} ${name}: ${files.join(',')}`);
      return join(folder, files[0]);
    };
    const assertThreeGoodReplicas = () => {
      for (const [name, data] of contents) {
        for (const device of DEVICES) {
          const bytes = readFileSync(objectFile(device, name));
          const head = decodeHead(bytes);
          assert.ok('metadata' in head);
          assert.equal(md5(bytes.subarray(head.dataOffset)), md5(data), `${device} ${name}`);
          assert.equal(head.metadata.etag, md5(data));
        }
      }
    };
    assertThreeGoodReplicas();

    // The container's listing came back on d2 too: every replica lists every object.
    const containerPartition = swift.rings.container.partitionOf(MEMBER_ACCOUNT, 'durable');
    for (const device of DEVICES) {
      const listing = await swift.node.handle({
        method: 'GET',
        device,
        partition: containerPartition,
        account: MEMBER_ACCOUNT,
        container: 'durable',
        headers: {},
        query: { format: 'json' },
      });
      assert.equal(listing.status, 200, device);
      const rows = JSON.parse((await readBody(listing)).toString()) as { name: string }[];
      assert.equal(rows.length, OBJECTS, device);
    }

    // A flipped byte: the auditor quarantines the replica, the replicator brings a good one back.
    const victim = 'object-7';
    const damaged = objectFile('d1', victim);
    const bytes = readFileSync(damaged);
    bytes[bytes.length - 10] ^= 0xff;
    writeFileSync(damaged, bytes);
    const audit = await auditor.auditOnce();
    assert.equal(audit.quarantined, 1);
    assert.equal(audit.filesChecked, OBJECTS * DEVICES.length);
    const hash = hashPath(salt, MEMBER_ACCOUNT, 'durable', victim);
    assert.ok(readdirSync(join(swift.devicesRoot, 'd1', 'quarantined', 'objects')).includes(hash));
    const repair = await objectReplicator.replicateOnce();
    assert.equal(repair.filesPushed, 1);
    assertThreeGoodReplicas();

    const partition = swift.rings.object.partitionOf(MEMBER_ACCOUNT, 'durable', victim);
    for (const device of DEVICES) {
      const answer = await swift.node.handle({
        method: 'GET',
        device,
        partition,
        account: MEMBER_ACCOUNT,
        container: 'durable',
        object: victim,
        headers: {},
      });
      assert.equal(answer.status, 200, device);
      assert.equal(md5(await readBody(answer)), md5(contents.get(victim)!), device);
    }
    const viaProxy = await swift.request('GET', `/durable/${victim}`);
    assert.equal(md5(viaProxy.rawPayload), md5(contents.get(victim)!));
  } finally {
    await swift.close();
  }
});
