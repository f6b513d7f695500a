import { Worker } from 'node:worker_threads';
import type { Logger } from '../../common/logging.js';
import { StorageLink } from './storage-link.js';
import type { FromStorageThread, StorageThreadSetup } from './thread-messages.js';

/**
 * One storage thread as the proxy's thread sees it: the worker, and the link that carries the
 * proxy's requests to it (storage-threads.ts routes them by device).
 */
export class StorageThread {
  readonly link: StorageLink;
  private stopping = false;
  private gone = false;
  private stopped?: () => void;
  private exited: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    readonly devices: readonly string[],
    private readonly logger: Logger,
  ) {
    this.link = new StorageLink((message, transfer) => worker.postMessage(message, transfer), 0);
    worker.on('message', (message: FromStorageThread) => this.take(message));
    worker.on('error', (error) => this.fail(error));
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        this.gone = true;
        this.fail(new Error(`the storage thread exited (${code})`));
        this.stopped?.();
        resolve();
      }),
    );
  }

  /** Starts the thread; resolves once its node answers requests. */
  static async start(setup: StorageThreadSetup, logger: Logger): Promise<StorageThread> {
    const worker = new Worker(new URL('./storage-thread-main.js', import.meta.url), {
      workerData: setup,
      transferList: setup.peers.map((peer) => peer.port),
    });
    const thread = new StorageThread(worker, setup.devices, logger);
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

  /** Starts the updaters, replicators and auditor of its devices. */
  startBackground(): void {
    this.worker.postMessage({ kind: 'start' });
  }

  /** Stops the background work and closes its databases; the thread still answers, with failures. */
  stop(): Promise<void> {
    this.stopping = true;
    if (this.gone) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.stopped = resolve;
      this.worker.postMessage({ kind: 'stop' });
    });
  }

  /** Ends the thread. */
  async terminate(): Promise<void> {
    this.stopping = true;
    await this.worker.terminate();
    await this.exited;
  }

  private take(message: FromStorageThread): void {
    if (this.link.handle(message)) return;
    if (message.kind === 'stopped') this.stopped?.();
  }

  /** The thread failed or ended: every request waiting on it fails, as a node that went down. */
  private fail(error: Error): void {
    if (!this.stopping) this.logger.error({ err: error }, 'a storage thread failed');
    this.link.fail(error);
  }
}
