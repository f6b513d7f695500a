import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import type { Logger } from '../../common/logging.js';
import type { RingDevice, RingLookup } from '../ring/ring-types.js';
import { BackgroundTask } from '../storage/background-task.js';
import type {
  NodeAddress,
  StorageRequest,
  StorageResponse,
  StorageTransport,
} from '../storage/storage-protocol.js';
import { listFolder, localDevices, partitionsOn, peersOf, type LocalDevice } from './local-devices.js';
import { readBody } from './read-body.js';
import { temporaryName } from '../storage/temporary-name.js';

export interface DbReplicatorOptions {
  /** The container or account ring. */
  ring: RingLookup;
  /** Which databases: the container server's or the account server's. */
  server: 'container' | 'account';
  node: NodeAddress;
  devicesRoot: string;
  /** Only these of the node's devices (a storage thread's share); all of them when absent. */
  devices?: readonly string[];
  transport: StorageTransport;
  intervalMs?: number;
  logger?: Logger;
}

export interface DbReplicationStats {
  databases: number;
  /** Copies pushed to a peer that lacked the database or held other rows. */
  pushed: number;
  /** Handoff databases given to their primaries and removed here. */
  handoffsRemoved: number;
  failures: number;
}

const DEFAULT_INTERVAL_MS = 30_000;

/**
 * Swift's container and account replicators (db_replicator.py), simplified: for every database
 * of this node's devices, each other primary is asked for its fingerprint (REPLICATE); a peer
 * without the database, or with another fingerprint, is sent a consistent copy of the whole
 * database (an SQLite backup), which it installs or merges row by row, newer winning. Swift sends
 * only the rows past the peer's sync point when it is close behind; this always sends the whole
 * database, simpler and right, dearer for large ones. A handoff database is removed once every
 * primary took it.
 */
export class DbReplicator {
  private readonly task: BackgroundTask;
  private readonly datadir: string;

  constructor(private readonly options: DbReplicatorOptions) {
    this.datadir = options.server === 'container' ? 'containers' : 'accounts';
    this.task = new BackgroundTask(
      options.intervalMs ?? DEFAULT_INTERVAL_MS,
      (signal) => this.replicateOnce(signal),
      (error) => options.logger?.error({ err: error, server: options.server }, 'db replication pass failed'),
    );
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  async replicateOnce(signal?: AbortSignal): Promise<DbReplicationStats> {
    const stats: DbReplicationStats = { databases: 0, pushed: 0, handoffsRemoved: 0, failures: 0 };
    const { ring, node, devicesRoot, devices } = this.options;
    for (const device of localDevices(ring, node, devicesRoot, devices)) {
      for (const partition of await partitionsOn(device, this.datadir)) {
        if (signal?.aborted) return stats;
        const partitionPath = join(device.path, this.datadir, String(partition));
        for (const suffix of await listFolder(partitionPath)) {
          for (const hash of await listFolder(join(partitionPath, suffix))) {
            const folder = join(partitionPath, suffix, hash);
            if (!existsSync(join(folder, `${hash}.db`))) continue;
            stats.databases += 1;
            await this.replicateDatabase(device, partition, hash, folder, stats);
          }
        }
      }
    }
    return stats;
  }

  private async replicateDatabase(
    device: LocalDevice,
    partition: number,
    hash: string,
    folder: string,
    stats: DbReplicationStats,
  ): Promise<void> {
    const { primary, peers } = peersOf(this.options.ring, partition, device.ring);
    const local = await this.fingerprint(device.ring, partition, hash);
    if (local === null) return; // removed meanwhile
    if (local === undefined) {
      stats.failures += 1;
      return;
    }
    let allSynced = true;
    let copy: string | undefined;
    try {
      for (const peer of peers) {
        const remote = await this.fingerprint(peer, partition, hash);
        if (remote === undefined) {
          stats.failures += 1;
          allSynced = false;
          continue;
        }
        if (remote === local) continue;
        copy ??= await this.snapshot(device, join(folder, `${hash}.db`));
        const answer = await this.send(peer, {
          partition,
          account: hash,
          body: createReadStream(copy),
        }).catch((error: unknown) => {
          this.options.logger?.warn({ err: error, peer: peer.device }, 'db replication push failed');
          return undefined;
        });
        if (answer) await readBody(answer);
        if (answer?.status === 201 || answer?.status === 202) stats.pushed += 1;
        else {
          stats.failures += 1;
          allSynced = false;
        }
      }
    } finally {
      if (copy) await rm(copy, { force: true });
    }
    if (!primary && allSynced) {
      await rm(folder, { recursive: true, force: true });
      stats.handoffsRemoved += 1;
    }
  }

  /** A consistent copy of a live database (WAL included) in the device's `tmp/`. */
  private async snapshot(device: LocalDevice, path: string): Promise<string> {
    const tmp = join(device.path, 'tmp');
    // Not recursive: a device removed meanwhile is not made again.
    await mkdir(tmp).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    const copy = join(tmp, temporaryName('.replica.db'));
    const db = new SQLite(path, { readonly: true, fileMustExist: true });
    try {
      await db.backup(copy);
    } finally {
      db.close();
    }
    return copy;
  }

  /** A device's fingerprint of the database; null when it has none, undefined when it cannot tell. */
  private async fingerprint(
    device: RingDevice,
    partition: number,
    hash: string,
  ): Promise<string | null | undefined> {
    try {
      const answer = await this.send(device, { partition, account: hash });
      const body = await readBody(answer);
      if (answer.status === 404) return null;
      if (answer.status !== 200) return undefined;
      return (JSON.parse(body.toString('utf8')) as { fingerprint: string }).fingerprint;
    } catch (error) {
      this.options.logger?.warn({ err: error, device: device.device }, 'REPLICATE failed');
      return undefined;
    }
  }

  private send(
    device: RingDevice,
    request: Pick<StorageRequest, 'partition' | 'account' | 'body'>,
  ): Promise<StorageResponse> {
    const replicate: StorageRequest = {
      method: 'REPLICATE',
      server: this.options.server,
      device: device.device,
      headers: {},
      ...request,
    };
    return this.options.transport.request(device, replicate);
  }
}
