import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import type { RingDevice, RingLookup, RingNode } from '../../../../src/object-store/ring/ring-types.js';
import { DbReplicator } from '../../../../src/object-store/replication/db-replicator.js';
import { ObjectReplicator } from '../../../../src/object-store/replication/object-replicator.js';
import { HttpTransport } from '../../../../src/object-store/storage/http-transport.js';
import { storageNodeHttpPlugin } from '../../../../src/object-store/storage/storage-http-plugin.js';
import type { NodeAddress } from '../../../../src/object-store/storage/storage-protocol.js';
import { bodyOf, nextTimestamp, request, storageNode } from '../storage/storage-fixtures.js';

const PARTITION = 2;
let fixture: Awaited<ReturnType<typeof storageNode>>;
let app: FastifyInstance;
let address: NodeAddress;
let ring: RingLookup;
const transport = new HttpTransport({ timeoutMs: 5000 });

before(async () => {
  fixture = await storageNode();
  app = Fastify();
  await app.register(storageNodeHttpPlugin, { node: fixture.node });
  await app.listen({ host: '127.0.0.1', port: 0 });
  address = { ip: '127.0.0.1', port: (app.server.address() as AddressInfo).port };
  const devices: RingDevice[] = ['d1', 'd2', 'd3'].map((device, index) => ({
    id: index,
    region: 1,
    zone: index + 1,
    ...address,
    device,
    weight: 1,
  }));
  ring = {
    partPower: 10,
    replicas: 3,
    partitionOf: () => PARTITION,
    primaryNodes: () => devices.map((device, index): RingNode => ({ ...device, index })),
    *handoffNodes() {},
    devices: () => devices,
  };
});
after(async () => {
  transport.close();
  await app.close();
  await fixture.dispose();
});

test('the replicators reach a node over HTTP: REPLICATE travels as a POST naming it', async () => {
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
