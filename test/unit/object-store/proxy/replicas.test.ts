import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { createLogger } from '../../../../src/common/logging.js';
import type { RingLookup, RingNode } from '../../../../src/object-store/ring/ring-types.js';
import type {
  StorageRequest,
  StorageResponse,
} from '../../../../src/object-store/storage/storage-protocol.js';
import { InfoCache } from '../../../../src/object-store/proxy/info-cache.js';
import { putObjectData } from '../../../../src/object-store/proxy/object-writer.js';
import { Replicas } from '../../../../src/object-store/proxy/replicas.js';

/** A ring of one partition: the first three devices are its primaries, the others its handoffs. */
function fixedRing(devices: string[]): RingLookup {
  const nodes: RingNode[] = devices.map((device, index) => ({
    id: index,
    region: 1,
    zone: index + 1,
    ip: '10.0.0.1',
    port: 6200,
    device,
    weight: 1,
    index,
  }));
  return {
    partPower: 0,
    replicas: 3,
    partitionOf: () => 0,
    primaryNodes: () => nodes.slice(0, 3),
    *handoffNodes() {
      yield* nodes.slice(3);
    },
    devices: () => nodes,
  };
}

type Behaviour = (request: StorageRequest) => Promise<StorageResponse>;

/** Devices that store what is PUT to them (reading the body), unless told to fail. */
function fakeCluster(failing: Record<string, Behaviour> = {}) {
  const stored = new Map<string, Buffer>();
  const seen: StorageRequest[] = [];
  const transport = {
    async request(_node: unknown, request: StorageRequest): Promise<StorageResponse> {
      seen.push(request);
      const fail = failing[request.device];
      if (fail) return fail(request);
      if (request.method === 'PUT') {
        const chunks: Buffer[] = [];
        for await (const chunk of request.body as Readable) chunks.push(chunk as Buffer);
        const data = Buffer.concat(chunks);
        stored.set(request.device, data);
        const etag = createHash('md5').update(data).digest('hex');
        return { status: 201, headers: { etag }, body: Buffer.alloc(0) };
      }
      return { status: 404, headers: {}, body: Buffer.alloc(0) };
    },
  };
  const ring = fixedRing(['d1', 'd2', 'd3', 'd4', 'd5']);
  const replicas = new Replicas({ account: ring, container: ring, object: ring }, transport);
  const proxy = { replicas, info: new InfoCache(replicas, Date.now), logger: createLogger('silent') };
  return { proxy, stored, seen };
}

const path = { account: 'AUTH_p', container: 'c', object: 'o' };
const headers = { 'x-timestamp': '1700000000.00000' };
const down: Behaviour = async () => {
  throw new Error('connection refused');
};
const full: Behaviour = async () => ({ status: 507, headers: {}, body: Buffer.alloc(0) });

test('an object PUT streams one read of the body to every primary', async () => {
  const { proxy, stored } = fakeCluster();
  const data = Buffer.alloc(3 * 1024 * 1024, 7);
  const response = await putObjectData(
    proxy,
    path,
    headers,
    Readable.from([data.subarray(0, 100), data.subarray(100)]),
  );
  assert.equal(response.status, 201);
  assert.deepEqual([...stored.keys()].sort(), ['d1', 'd2', 'd3']);
  for (const copy of stored.values()) assert.ok(copy.equals(data));
});

test('a failed primary is replaced by a handoff that gets the whole body', async () => {
  const { proxy, stored, seen } = fakeCluster({ d2: down, d4: full });
  const response = await putObjectData(proxy, path, headers, Readable.from([Buffer.from('hello')]));
  assert.equal(response.status, 201);
  assert.deepEqual([...stored.keys()].sort(), ['d1', 'd3', 'd5']);
  assert.equal(stored.get('d5')?.toString(), 'hello');
  // The handoff tells the container replica the failed primary would have told.
  const d5 = seen.find((request) => request.device === 'd5');
  assert.equal(d5?.headers['x-container-device'], 'd2');
});

test('without a quorum of replicas the PUT is 503', async () => {
  const { proxy } = fakeCluster({ d1: down, d2: down, d4: down, d5: full });
  const response = await putObjectData(proxy, path, headers, Readable.from([Buffer.from('x')]));
  assert.equal(response.status, 503);
});

test('a read falls to the next replica when one fails, and 404 when the replicas agree', async () => {
  const ok: Behaviour = async () => ({ status: 200, headers: { etag: 'e' }, body: Buffer.from('data') });
  const { proxy } = fakeCluster({ d1: down, d2: ok });
  const found = await proxy.replicas.read(path, { method: 'GET', headers: {} });
  assert.equal(found.status, 200);
  const { proxy: empty } = fakeCluster();
  assert.equal((await empty.replicas.read(path, { method: 'GET', headers: {} })).status, 404);
});
