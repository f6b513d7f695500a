import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import Fastify from 'fastify';
import type { RingDevice, RingLookup, RingNode } from '../../../../src/object-store/ring/ring-types.js';
import { HttpTransport } from '../../../../src/object-store/storage/http-transport.js';
import { InProcessTransport } from '../../../../src/object-store/storage/in-process-transport.js';
import { LocalStorageNode } from '../../../../src/object-store/storage/local-storage-node.js';
import { storageNodeHttpPlugin } from '../../../../src/object-store/storage/storage-http-plugin.js';
import type {
  NodeAddress,
  StorageRequest,
  StorageResponse,
} from '../../../../src/object-store/storage/storage-protocol.js';
import { Timestamp } from '../../../../src/object-store/storage/timestamp.js';

export const SALT = { prefix: 'test-prefix', suffix: 'test-suffix' };
export const NODE: NodeAddress = { ip: '127.0.0.10', port: 6200 };
export const HOST = `${NODE.ip}:${NODE.port}`;

/** A node with devices d1..d3 in a temporary folder, reachable in process at NODE. */
export async function storageNode(options: { now?: () => number; containerUpdateTimeoutMs?: number } = {}) {
  const root = await mkdtemp(join(tmpdir(), 'stratus-storage-'));
  for (const device of ['d1', 'd2', 'd3']) await mkdir(join(root, device));
  const transport = new InProcessTransport();
  const node = new LocalStorageNode({ devicesRoot: root, salt: SALT, transport, ...options });
  transport.register(NODE, node);
  return {
    root,
    node,
    transport,
    dispose: async () => {
      node.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A storage node (as `storageNode`) served over HTTP on a free port, and an HTTP transport to reach it. */
export async function storageNodeOverHttp() {
  const fixture = await storageNode();
  const app = Fastify();
  await app.register(storageNodeHttpPlugin, { node: fixture.node });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address: NodeAddress = { ip: '127.0.0.1', port: (app.server.address() as AddressInfo).port };
  const transport = new HttpTransport({ timeoutMs: 5000 });
  return {
    fixture,
    address,
    transport,
    dispose: async () => {
      transport.close();
      await app.close();
      await fixture.dispose();
    },
  };
}

/** Ring devices of these names at one address, each in a zone of its own. */
export function ringDevices(names: string[], address: NodeAddress): RingDevice[] {
  return names.map((device, index) => ({
    id: index,
    region: 1,
    zone: index + 1,
    ...address,
    device,
    weight: 1,
  }));
}

/** A ring with every name in `partition`: the first three devices its primaries, the others its handoffs. */
export function onePartitionRing(partition: number, devices: RingDevice[]): RingLookup {
  return {
    partPower: 10,
    replicas: 3,
    partitionOf: () => partition,
    primaryNodes: () => devices.slice(0, 3).map((device, index): RingNode => ({ ...device, index })),
    *handoffNodes() {
      for (const [offset, device] of devices.slice(3).entries()) yield { ...device, index: 3 + offset };
    },
    devices: () => devices,
  };
}

let clock = 1_700_000_000;

/** A fresh timestamp, later than every one before it. */
export function nextTimestamp(): Timestamp {
  clock += 1;
  return Timestamp.fromSeconds(clock);
}

export function request(
  method: StorageRequest['method'],
  path: string,
  headers: Record<string, string> = {},
  extra: Partial<StorageRequest> = {},
): StorageRequest {
  const [device, partition, account, container, ...object] = path.split('/');
  return {
    method,
    device,
    partition: Number(partition),
    account,
    container,
    object: object.length > 0 ? object.join('/') : undefined,
    headers,
    ...extra,
  };
}

/** The headers with which a proxy points an object write at the container rows of d1..d3 on NODE. */
export function containerHeaders(devices = ['d1']): Record<string, string> {
  return {
    'x-container-host': devices.map(() => HOST).join(','),
    'x-container-device': devices.join(','),
    'x-container-partition': '7',
  };
}

export async function bodyOf(response: StorageResponse): Promise<Buffer> {
  if (Buffer.isBuffer(response.body)) return response.body;
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function jsonOf<T = unknown>(response: StorageResponse): Promise<T> {
  return JSON.parse((await bodyOf(response)).toString()) as T;
}

/** A body stream that sends `good` bytes, then fails, as a client that goes away mid-upload. */
export function failingBody(good: Buffer): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(good);
      } else {
        this.destroy(new Error('connection reset by peer'));
      }
    },
  });
}
