import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../common/logging.js';
import type {
  NodeAddress,
  StorageRequest,
  StorageResponse,
  StorageTransport,
} from '../storage/storage-protocol.js';
import { asBuffer, ownCopy, PortStreams } from './port-streams.js';
import type { FromStorageThread, StorageThreadSetup, ToStorageThread } from './thread-messages.js';

interface Pending {
  resolve: (response: StorageResponse) => void;
  reject: (error: Error) => void;
}

/**
 * The all-in-one storage node on a thread of its own, and the proxy's transport to it. Swift runs
 * its proxy and storage servers as separate processes; here they share the process but not the
 * thread, so the proxy's HTTP work and the storage servers' file and database work use two cores
 * (one thread did both at ~95% busy under 4 KiB PUTs: bench/object-store). Requests and answers
 * are messages; bodies that are streams go as streams with backpressure (port-streams.ts).
 */
export class StorageThread implements StorageTransport {
  private readonly pending = new Map<number, Pending>();
  private readonly streams: PortStreams;
  private nextId = 1;
  private failure: Error | null = null;
  private stopped?: () => void;

  private constructor(
    private readonly worker: Worker,
    private readonly logger: Logger,
  ) {
    this.streams = new PortStreams((message, transfer) => this.post(message, transfer));
    worker.on('message', (message: FromStorageThread) => this.take(message));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      this.fail(new Error(`the storage thread exited (${code})`));
      this.stopped?.();
    });
  }

  /** Starts the thread; resolves once its node answers requests. */
  static async start(setup: StorageThreadSetup, logger: Logger): Promise<StorageThread> {
    const worker = new Worker(new URL('./storage-thread-main.js', import.meta.url), { workerData: setup });
    const thread = new StorageThread(worker, logger);
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: FromStorageThread) => {
        if (message.kind !== 'ready') return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve();
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    return thread;
  }

  request(address: NodeAddress, request: StorageRequest): Promise<StorageResponse> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const { body, ...head } = request;
    const answered = new Promise<StorageResponse>((resolve, reject) =>
      this.pending.set(id, { resolve, reject }),
    );
    if (body instanceof Readable) {
      this.post({ kind: 'request', id, address, request: head, streamed: true });
      void this.streams.send(id, body);
    } else {
      const copy = body && ownCopy(body);
      this.post(
        { kind: 'request', id, address, request: head, body: copy, streamed: false },
        copy && [copy.buffer as ArrayBuffer],
      );
    }
    return answered;
  }

  /** Starts the node's updaters, replicators and auditor. */
  startBackground(): void {
    this.post({ kind: 'start' });
  }

  /** Stops the background work, closes the node's databases and ends the thread. */
  async close(): Promise<void> {
    if (this.failure) return;
    await new Promise<void>((resolve) => {
      this.stopped = resolve;
      this.post({ kind: 'stop' });
    });
  }

  private post(message: ToStorageThread, transfer?: ArrayBuffer[]): void {
    this.worker.postMessage(message, transfer);
  }

  private take(message: FromStorageThread): void {
    if (this.streams.handle(message)) return;
    switch (message.kind) {
      case 'response': {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        // The node answered: whatever of the request body it did not read is not sent.
        this.streams.stopSending(message.id);
        const body = message.streamed
          ? this.streams.receive(message.id)
          : message.body
            ? asBuffer(message.body)
            : Buffer.alloc(0);
        pending.resolve({ status: message.status, headers: message.headers, body });
        break;
      }
      case 'failed': {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        this.streams.stopSending(message.id);
        pending?.reject(new Error(message.message));
        break;
      }
      case 'stopped':
        void this.worker.terminate();
        break;
    }
  }

  /** The thread failed or ended: every request waiting on it fails, as a node that went down. */
  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    if (!this.stopped) this.logger.error({ err: error }, 'the storage thread failed');
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    this.streams.failAll(error);
  }
}
