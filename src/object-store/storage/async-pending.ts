import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { makeFolderOnDevice } from './device.js';
import type {
  StorageRequest,
  StorageResponse,
  StorageServerType,
  StorageTransport,
} from './storage-protocol.js';
import { temporaryName } from './temporary-name.js';

/** A storage server an update goes to, as the proxy named it (`X-Container-Host: ip:port` and device). */
export interface UpdateTarget {
  host: string;
  device: string;
  partition: number;
}

/**
 * An update one server owes another: the object server's row PUT or DELETE to the container
 * server. Kept in an async pending file until every target took it.
 */
export interface PendingUpdate {
  server: StorageServerType;
  method: 'PUT' | 'DELETE';
  account: string;
  container: string;
  object?: string;
  headers: Record<string, string>;
  targets: UpdateTarget[];
}

/** Swift's `node_timeout`: a server slower than this to answer an update is taken as down. */
const UPDATE_TIMEOUT_MS = 10_000;

/** The targets named by a request's `<prefix>-Host`, `-Device` and `-Partition` headers (comma lists). */
export function updateTargets(headers: Record<string, string>, prefix: string): UpdateTarget[] {
  const partition = headers[`${prefix}-partition`];
  const hosts = headers[`${prefix}-host`];
  const devices = headers[`${prefix}-device`];
  if (!partition || !hosts || !devices) return [];
  const hostList = hosts.split(',').map((host) => host.trim());
  const deviceList = devices.split(',').map((device) => device.trim());
  if (hostList.length !== deviceList.length) return [];
  return hostList.map((host, i) => ({ host, device: deviceList[i], partition: Number(partition) }));
}

function addressOf(host: string): { ip: string; port: number } {
  const colon = host.lastIndexOf(':');
  return { ip: host.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(host.slice(colon + 1)) };
}

async function withTimeout(work: Promise<StorageResponse>, ms: number): Promise<StorageResponse> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('update timed out')), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Sends an update to each of its targets at once; answers each target's status (undefined: not reached). */
export async function sendToTargets(
  transport: StorageTransport,
  update: PendingUpdate,
): Promise<(number | undefined)[]> {
  return Promise.all(
    update.targets.map(async (target) => {
      const request: StorageRequest = {
        method: update.method,
        server: update.server,
        device: target.device,
        partition: target.partition,
        account: update.account,
        container: update.container,
        object: update.object,
        headers: { ...update.headers },
      };
      try {
        const response = await withTimeout(
          transport.request(addressOf(target.host), request),
          UPDATE_TIMEOUT_MS,
        );
        if (!Buffer.isBuffer(response.body)) response.body.resume();
        return response.status;
      } catch {
        return undefined;
      }
    }),
  );
}

/** Sends an update to each of its targets at once; answers the targets that did not take it. */
export async function sendUpdate(
  transport: StorageTransport,
  update: PendingUpdate,
): Promise<UpdateTarget[]> {
  const statuses = await sendToTargets(transport, update);
  return update.targets.filter((_, i) => statuses[i] === undefined || statuses[i] >= 300);
}

/**
 * The async pending files of a device (Swift's `async_pending/<suffix>/<hash>-<timestamp>`): an
 * update that failed is written there durably, and the updater sends it again later.
 */
export class AsyncPendingStore {
  static readonly folder = 'async_pending';

  constructor(private readonly devicePath: string) {}

  get root(): string {
    return join(this.devicePath, AsyncPendingStore.folder);
  }

  /** Saves an update (temp file, fsync, rename): named by the object's hash and the update's timestamp. */
  async save(hash: string, timestamp: string, update: PendingUpdate): Promise<string> {
    const folder = join(this.root, hash.slice(-3));
    const path = join(folder, `${hash}-${timestamp}`);
    await this.write(path, update, folder);
    return path;
  }

  /** Rewrites a pending file in place (fewer targets left), atomically. */
  async replace(path: string, update: PendingUpdate): Promise<void> {
    await this.write(path, update);
  }

  async read(path: string): Promise<PendingUpdate> {
    return JSON.parse(await readFile(path, 'utf8')) as PendingUpdate;
  }

  private async write(path: string, update: PendingUpdate, folder?: string): Promise<void> {
    const tmp = join(this.devicePath, 'tmp');
    await mkdir(tmp, { recursive: false }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    if (folder) await makeFolderOnDevice(this.devicePath, folder);
    const temporary = join(tmp, temporaryName('.pending'));
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(JSON.stringify(update));
      await file.datasync();
    } finally {
      await file.close();
    }
    try {
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
