import type { Logger } from '../../../common/logging.js';
import { discard, type Replicas } from '../../proxy/replicas.js';
import { swiftTimestamp } from '../../proxy/timestamp.js';
import { newTransId } from '../../proxy/trans-id.js';
import { BackgroundTask } from '../../storage/background-task.js';
import {
  dequeueExpiry,
  EXPIRING_OBJECTS_ACCOUNT,
  parseQueueEntry,
  updateHeaders,
} from './expiring-objects-queue.js';

export interface ObjectExpirerOptions {
  replicas: Replicas;
  logger: Logger;
  /** Milliseconds, as Date.now. */
  now?: () => number;
  /** How often the queue is walked (Swift's `interval`: 300 s). */
  intervalMs?: number;
}

/** What one pass did, for logs and tests. */
export interface ExpirerPass {
  deleted: number;
  /** Entries dropped without a delete: the object was gone, or no longer the one queued. */
  stale: number;
  failed: number;
}

interface Listed {
  name: string;
}

/**
 * Swift's object expirer: walks the `.expiring_objects` account's containers (one per day of
 * delete-at times), and for each entry whose time has passed deletes the object with
 * `X-If-Delete-At` (the object server refuses when the object has since been overwritten or given
 * another time) and the delete's timestamp its delete-at time, then drops the entry, and a day's
 * container once empty. Entries that fail stay for the next pass.
 */
export class ObjectExpirer {
  private readonly task: BackgroundTask;
  private readonly now: () => number;

  constructor(private readonly options: ObjectExpirerOptions) {
    this.now = options.now ?? Date.now;
    this.task = new BackgroundTask(
      options.intervalMs ?? 300_000,
      () => this.runOnce(),
      (error) => options.logger.error({ err: error }, 'object expirer pass failed'),
    );
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** One pass over the queue: every entry due now. */
  async runOnce(): Promise<ExpirerPass> {
    const pass: ExpirerPass = { deleted: 0, stale: 0, failed: 0 };
    const nowSeconds = Math.floor(this.now() / 1000);
    const transId = newTransId(this.now(), 'object-expirer');
    const containers = await this.list({ account: EXPIRING_OBJECTS_ACCOUNT }, transId);
    for (const { name: container } of containers) {
      if (!/^\d+$/.test(container) || Number(container) > nowSeconds) continue;
      const entries = await this.list({ account: EXPIRING_OBJECTS_ACCOUNT, container }, transId);
      let left = entries.length;
      for (const { name } of entries) {
        const entry = parseQueueEntry(name);
        if (entry && entry.deleteAt > nowSeconds) continue;
        const outcome = entry ? await this.expire(entry.deleteAt, entry.path, transId) : 'stale';
        if (outcome === 'failed') {
          pass.failed++;
          continue;
        }
        if (
          !(await dequeueExpiry(this.options.replicas, container, name, swiftTimestamp(this.now()), transId))
        ) {
          pass.failed++;
          continue;
        }
        pass[outcome]++;
        left--;
      }
      if (left === 0) await this.dropContainer(container, transId);
    }
    if (pass.deleted + pass.stale + pass.failed > 0) this.options.logger.info(pass, 'object expirer pass');
    return pass;
  }

  /** Deletes an expired object if it is still the one queued: deleted, stale (gone or changed), or failed. */
  private async expire(
    deleteAt: number,
    path: { account: string; container: string; object: string },
    transId: string,
  ): Promise<'deleted' | 'stale' | 'failed'> {
    const at = swiftTimestamp(deleteAt * 1000);
    const response = await this.options.replicas.writeAll(
      path,
      {
        method: 'DELETE',
        headers: {
          'x-trans-id': transId,
          'user-agent': 'object-expirer',
          'x-timestamp': at,
          'x-if-delete-at': at,
        },
      },
      updateHeaders(this.options.replicas, 'container', path),
    );
    discard(response);
    if (response.status >= 200 && response.status < 300) return 'deleted';
    // Not there, overwritten since (409: it is newer than its delete-at), or given another time (412).
    if ([404, 409, 412].includes(response.status)) return 'stale';
    return 'failed';
  }

  private async list(path: { account: string; container?: string }, transId: string): Promise<Listed[]> {
    const response = await this.options.replicas.read(path, {
      method: 'GET',
      headers: { 'x-trans-id': transId, 'user-agent': 'object-expirer' },
      query: { format: 'json' },
    });
    if (response.status !== 200 || !Buffer.isBuffer(response.body)) {
      discard(response);
      return [];
    }
    return JSON.parse(response.body.toString('utf8')) as Listed[];
  }

  private async dropContainer(container: string, transId: string): Promise<void> {
    const response = await this.options.replicas.writeAll(
      { account: EXPIRING_OBJECTS_ACCOUNT, container },
      {
        method: 'DELETE',
        headers: {
          'x-trans-id': transId,
          'user-agent': 'object-expirer',
          'x-timestamp': swiftTimestamp(this.now()),
        },
      },
    );
    discard(response);
  }
}
