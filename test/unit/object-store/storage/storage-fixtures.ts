import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { InProcessTransport } from '../../../../src/object-store/storage/in-process-transport.js';
import { LocalStorageNode } from '../../../../src/object-store/storage/local-storage-node.js';
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
