import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RingLookup } from '../../../../src/object-store/ring/ring-types.js';
import { DbReplicator } from '../../../../src/object-store/replication/db-replicator.js';
import { ObjectReplicator } from '../../../../src/object-store/replication/object-replicator.js';
import {
  bodyOf,
  nextTimestamp,
  onePartitionRing,
  request,
  ringDevices,
  storageNodeOverHttp,
} from '../storage/storage-fixtures.js';

const PARTITION = 2;
let served: Awaited<ReturnType<typeof storageNodeOverHttp>>;
let ring: RingLookup;

before(async () => {
  served = await storageNodeOverHttp();
  ring = onePartitionRing(PARTITION, ringDevices(['d1', 'd2', 'd3'], served.address));
});
after(() => served.dispose());

test('the replicators reach a node over HTTP: REPLICATE travels as a POST naming it', async () => {
  const { fixture, address, transport } = served;
  const where = { ring, node: address, devicesRoot: fixture.root, transport };
  await fixture.node.handle(
    request(
      'PUT',
      `d1/${PARTITION}/AUTH_h/c/o`,
      { 'x-timestamp': nextTimestamp().internal, 'content-type': 'text/plain' },
      { body: Buffer.from('over the wire') },
    ),
  );
  await fixture.node.handle(
    request('PUT', `d1/${PARTITION}/AUTH_h/c`, { 'x-timestamp': nextTimestamp().internal }),
  );

  const objects = await new ObjectReplicator(where).replicateOnce();
  assert.equal(objects.filesPushed, 2);
  assert.equal(objects.failures, 0);
  const containers = await new DbReplicator({ ...where, server: 'container' }).replicateOnce();
  assert.equal(containers.pushed, 2);
  for (const device of ['d2', 'd3']) {
    const got = await fixture.node.handle(request('GET', `${device}/${PARTITION}/AUTH_h/c/o`));
    assert.equal((await bodyOf(got)).toString(), 'over the wire');
    const head = await fixture.node.handle(request('HEAD', `${device}/${PARTITION}/AUTH_h/c`));
    assert.equal(head.status, 204);
  }
});
