import { readdir, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../../common/logging.js';
import { AsyncPendingStore, sendUpdate } from '../async-pending.js';
import { BackgroundTask } from '../background-task.js';
import { looksAfter } from '../device.js';
import type { StorageTransport } from '../storage-protocol.js';

export interface ObjectUpdaterOptions {
  /** The devices whose async pendings it sends. */
  devicesRoot: string;
  /** Only these of the node's devices (a storage thread's share); all of them when absent. */
  devices?: readonly string[];
  transport: StorageTransport;
  /** Between sweeps (Swift's object-updater `interval`, 300 s; shorter here: listings catch up sooner). */
  intervalMs?: number;
  logger?: Logger;
}

/** What one sweep did. */
export interface UpdaterSweep {
  /** Pending updates every target took, now removed. */
  sent: number;
  /** Pending updates some target still refused, kept for the next sweep. */
  kept: number;
}

async function names(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ENOENT' ||
      (error as NodeJS.ErrnoException).code === 'ENOTDIR'
    ) {
      return [];
    }
    throw error;
  }
}

/**
 * Swift's object updater: sends again the container updates that failed when objects were
 * written, from the async pending files of every device. Of several pendings of one object only
 * the newest is sent (a container keeps the newest row anyway); a pending is removed when all
 * its container servers took it, and narrowed to those that did not otherwise.
 */
export class ObjectUpdater {
  private readonly task: BackgroundTask;

  constructor(private readonly options: ObjectUpdaterOptions) {
    this.task = new BackgroundTask(
      options.intervalMs ?? 30_000,
      () => this.sweep(),
      (error) => options.logger?.error({ err: error }, 'object updater sweep failed'),
    );
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  async sweep(): Promise<UpdaterSweep> {
    const result: UpdaterSweep = { sent: 0, kept: 0 };
    for (const device of await names(this.options.devicesRoot)) {
      if (!looksAfter(device, this.options.devices)) continue;
      const store = new AsyncPendingStore(join(this.options.devicesRoot, device));
      for (const suffix of await names(store.root)) {
        await this.sweepFolder(store, join(store.root, suffix), result);
      }
    }
    return result;
  }

  private async sweepFolder(store: AsyncPendingStore, folder: string, result: UpdaterSweep): Promise<void> {
    // Newest first within an object: `<hash>-<timestamp>` sorts by timestamp after the hash.
    const files = (await names(folder)).sort().reverse();
    let previousHash: string | undefined;
    for (const file of files) {
      const path = join(folder, file);
      const hash = file.split('-')[0];
      if (hash === previousHash) {
        await unlink(path).catch(() => undefined);
        continue;
      }
      previousHash = hash;
      try {
        const update = await store.read(path);
        const failed = await sendUpdate(this.options.transport, update);
        if (failed.length === 0) {
          await unlink(path);
          result.sent += 1;
        } else {
          if (failed.length < update.targets.length)
            await store.replace(path, { ...update, targets: failed });
          result.kept += 1;
        }
      } catch (error) {
        this.options.logger?.warn({ err: error, path }, 'async pending not sent');
        result.kept += 1;
      }
    }
    await rmdir(folder).catch(() => undefined);
  }
}
