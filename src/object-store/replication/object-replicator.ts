import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../common/logging.js';
import type { RingDevice, RingLookup, RingNode } from '../ring/ring-types.js';
import { BackgroundTask } from '../storage/background-task.js';
import { sortObjectFiles } from '../storage/object/object-files.js';
import type { SuffixHashes } from '../storage/object/suffix-hashes.js';
import type {
  NodeAddress,
  StorageRequest,
  StorageResponse,
  StorageTransport,
} from '../storage/storage-protocol.js';
import { listFolder, localDevices, partitionsOn, peersOf, type LocalDevice } from './local-devices.js';
import { readBody } from './read-body.js';

export interface ObjectReplicatorOptions {
  /** The object ring. */
  ring: RingLookup;
  /** This node's address, as the ring names it: its devices are those the replicator walks. */
  node: NodeAddress;
  devicesRoot: string;
  /** Only these of the node's devices (a storage thread's share); all of them when absent. */
  devices?: readonly string[];
  /** How it reaches the peers' object servers (and this node's, for its own hashes). */
  transport: StorageTransport;
  /** Pause between passes in the background (Swift's `run_pause`/`interval`, 30 s). */
  intervalMs?: number;
  logger?: Logger;
}

/** What one pass did. */
export interface ObjectReplicationStats {
  partitions: number;
  /** Suffixes found different on a peer, whose files were pushed to it. */
  suffixesSynced: number;
  /** Files a peer took (it lacked them, or had older). */
  filesPushed: number;
  /** Handoff partitions given to their primaries and removed here. */
  handoffsRemoved: number;
  /** Peers that could not be reached or answered an error (a device gone: 507). */
  failures: number;
}

const DEFAULT_INTERVAL_MS = 30_000;

/**
 * Swift's object replicator: for every partition of this node's devices, asks each other primary
 * for its suffix hashes (REPLICATE), pushes the files of the suffixes that differ (the peer keeps
 * only those newer than what it has), and gives a handoff partition (held here but not a primary
 * here) to its primaries and removes it once they all have it. Push-only, as Swift: every
 * primary pushes what it has, so the replicas converge on the newest of each object.
 */
export class ObjectReplicator {
  private readonly task: BackgroundTask;

  constructor(private readonly options: ObjectReplicatorOptions) {
    this.task = new BackgroundTask(
      options.intervalMs ?? DEFAULT_INTERVAL_MS,
      (signal) => this.replicateOnce(signal),
      (error) => options.logger?.error({ err: error }, 'object replication pass failed'),
    );
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** One pass over every partition of every local device (Swift's `--once`); ended early at `signal`. */
  async replicateOnce(signal?: AbortSignal): Promise<ObjectReplicationStats> {
    const stats: ObjectReplicationStats = {
      partitions: 0,
      suffixesSynced: 0,
      filesPushed: 0,
      handoffsRemoved: 0,
      failures: 0,
    };
    const { ring, node, devicesRoot, devices } = this.options;
    for (const device of localDevices(ring, node, devicesRoot, devices)) {
      for (const partition of await partitionsOn(device, 'objects')) {
        if (signal?.aborted) return stats;
        stats.partitions += 1;
        await this.replicatePartition(device, partition, stats);
      }
    }
    return stats;
  }

  private async replicatePartition(
    device: LocalDevice,
    partition: number,
    stats: ObjectReplicationStats,
  ): Promise<void> {
    const { primary, peers } = peersOf(this.options.ring, partition, device.ring);
    const local = await this.hashes(device.ring, partition);
    if (!local) {
      stats.failures += 1;
      return;
    }
    let allSynced = true;
    for (const peer of peers) {
      const synced = await this.syncPeer(device, partition, local, peer, stats).catch((error: unknown) => {
        this.options.logger?.warn({ err: error, peer: peer.device, partition }, 'object replication failed');
        return false;
      });
      if (!synced) {
        stats.failures += 1;
        allSynced = false;
      }
    }
    if (!primary && allSynced) {
      await rm(join(device.path, 'objects', String(partition)), { recursive: true, force: true });
      stats.handoffsRemoved += 1;
    }
  }

  /** Pushes the suffixes the peer has otherwise (or not at all); whether the peer has them all now. */
  private async syncPeer(
    device: LocalDevice,
    partition: number,
    local: SuffixHashes,
    peer: RingNode,
    stats: ObjectReplicationStats,
  ): Promise<boolean> {
    const remote = await this.hashes(peer, partition);
    if (!remote) return false;
    const differing = Object.keys(local).filter((suffix) => local[suffix] !== remote[suffix]);
    let complete = true;
    for (const suffix of differing) {
      stats.suffixesSynced += 1;
      const suffixPath = join(device.path, 'objects', String(partition), suffix);
      for (const hash of await listFolder(suffixPath)) {
        const files = sortObjectFiles(await listFolder(join(suffixPath, hash)));
        for (const file of [files.data, files.meta, files.tombstone]) {
          if (!file) continue;
          const answer = await this.send(peer, {
            partition,
            account: suffix,
            container: hash,
            object: file.name,
            body: createReadStream(join(suffixPath, hash, file.name)),
          });
          if (answer.status === 201) stats.filesPushed += 1;
          else if (answer.status !== 200) complete = false;
        }
      }
    }
    return complete;
  }

  /** A device's suffix hashes for a partition, or undefined when it cannot tell (gone, down). */
  private async hashes(device: RingDevice, partition: number): Promise<SuffixHashes | undefined> {
    try {
      const answer = await this.send(device, { partition, account: '' });
      if (answer.status !== 200) {
        await readBody(answer);
        return undefined;
      }
      return JSON.parse((await readBody(answer)).toString('utf8')) as SuffixHashes;
    } catch (error) {
      this.options.logger?.warn({ err: error, device: device.device, partition }, 'REPLICATE failed');
      return undefined;
    }
  }

  private send(
    device: RingDevice,
    request: Pick<StorageRequest, 'partition' | 'account' | 'container' | 'object' | 'body'>,
  ): Promise<StorageResponse> {
    const replicate: StorageRequest = {
      method: 'REPLICATE',
      server: 'object',
      device: device.device,
      headers: {},
      ...request,
    };
    return this.options.transport.request(device, replicate);
  }
}
