import { MessageChannel } from 'node:worker_threads';
import type { Logger } from '../../common/logging.js';
import type {
  NodeAddress,
  StorageRequest,
  StorageResponse,
  StorageTransport,
} from '../storage/storage-protocol.js';
import { StorageThread } from './storage-thread.js';
import type { PeerThread, StorageThreadSetup } from './thread-messages.js';

export type StorageThreadsOptions = Omit<StorageThreadSetup, 'devices' | 'peers'> & {
  /** The node's devices: a thread each. */
  devices: readonly string[];
};

/** A port between every two threads: the lower-numbered thread asks on even numbers. */
function peerLinks(shares: string[][]): PeerThread[][] {
  const peers: PeerThread[][] = shares.map(() => []);
  for (let i = 0; i < shares.length; i++)
    for (let j = i + 1; j < shares.length; j++) {
      const { port1, port2 } = new MessageChannel();
      peers[i]!.push({ devices: shares[j]!, port: port1, side: 0 });
      peers[j]!.push({ devices: shares[i]!, port: port2, side: 1 });
    }
  return peers;
}

/**
 * The all-in-one storage node on threads of its own, one per device, as Swift's
 * `servers_per_port` runs a server process per disk. The proxy's HTTP work and the storage
 * servers' file and database work spread over the cores, and so do the three replicas of a write
 * (each on its own device, so on its own thread): their fsyncs, mkdirs and MD5s run side by side.
 * Threads share no file and no database; what one device's servers ask of another's (container
 * updates, replication) goes over a port between the two threads. The proxy's requests go to the
 * thread of their device.
 */
export class StorageThreads implements StorageTransport {
  private readonly byDevice = new Map<string, StorageThread>();

  private constructor(private readonly threads: StorageThread[]) {
    for (const thread of threads) for (const device of thread.devices) this.byDevice.set(device, thread);
  }

  /** Starts the threads; resolves once every one answers requests. */
  static async start(options: StorageThreadsOptions, logger: Logger): Promise<StorageThreads> {
    const { devices, ...common } = options;
    const shares = devices.map((device) => [device]);
    const peers = peerLinks(shares);
    const started = await Promise.allSettled(
      shares.map((share, index) =>
        StorageThread.start({ ...common, devices: share, peers: peers[index]! }, logger),
      ),
    );
    const threads = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const failed = started.find((outcome) => outcome.status === 'rejected');
    if (failed) {
      await Promise.all(threads.map((thread) => thread.terminate()));
      throw failed.reason;
    }
    return new StorageThreads(threads);
  }

  request(address: NodeAddress, request: StorageRequest): Promise<StorageResponse> {
    // A device of no thread is none of the node's: the first thread's node answers for it (507).
    const thread = this.byDevice.get(request.device) ?? this.threads[0]!;
    return thread.link.request(address, request);
  }

  /** Starts the updaters, replicators and auditor of every thread. */
  startBackground(): void {
    for (const thread of this.threads) thread.startBackground();
  }

  /** Stops every thread's background work and databases, then ends the threads. */
  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.stop()));
    await Promise.all(this.threads.map((thread) => thread.terminate()));
  }
}
