import { basename, dirname } from 'node:path';
import type { Logger } from '../../../common/logging.js';
import { KeyedLock } from '../../../common/keyed-lock.js';
import { AsyncPendingStore, sendUpdate, updateTargets, type PendingUpdate } from '../async-pending.js';
import type { Device } from '../device.js';
import { hashPath, storageDirectory, type HashPathSalt } from '../hash-path.js';
import { isObjectTransientSysmeta, isSysMeta, isUserMeta } from '../metadata-headers.js';
import type { StorageRequest, StorageTransport } from '../storage-protocol.js';
import { StorageError } from '../storage-response.js';
import { Timestamp } from '../timestamp.js';
import type { ObjectMetadata } from './object-file-format.js';
import { sortObjectFiles } from './object-files.js';
import { removeFiles } from './object-file-writer.js';
import { PartitionHashes } from './suffix-hashes.js';

/** Headers an object keeps besides its metadata (Swift's object-server `allowed_headers`). */
export const ALLOWED_HEADERS = [
  'content-disposition',
  'content-encoding',
  'x-delete-at',
  'x-object-manifest',
  'x-static-large-object',
  'cache-control',
  'content-language',
  'expires',
  'x-robots-tag',
];

/** What the object server's handlers share. */
export interface ObjectServerOptions {
  salt: HashPathSalt;
  /** How container updates reach the container servers. */
  transport: StorageTransport;
  /** How long a write waits for its container updates before answering (Swift's 1 s). */
  containerUpdateTimeoutMs?: number;
  /** The clock (seconds), for X-Delete-At. */
  now?: () => number;
  logger?: Logger;
}

/** One object of a request: where its files are and how its writes are kept in order. */
export interface ObjectTarget {
  device: Device;
  account: string;
  container: string;
  object: string;
  hash: string;
  folder: string;
}

export class ObjectContext {
  /** Writes of one object run one at a time: the files listed at the start are still those at the end. */
  readonly locks = new KeyedLock();
  readonly now: () => number;
  /** The partitions' suffix hashes, invalidated by every write, read by the replicator. */
  readonly hashes = new PartitionHashes();

  constructor(readonly options: ObjectServerOptions) {
    this.now = options.now ?? (() => Date.now() / 1000);
  }

  target(request: StorageRequest, device: Device): ObjectTarget {
    const { account, container, object } = request;
    if (container === undefined || object === undefined) throw new StorageError(400, 'Invalid path');
    const hash = hashPath(this.options.salt, account, container, object);
    const folder = storageDirectory(device.path, 'objects', request.partition, hash);
    return { device, account, container, object, hash, folder };
  }

  /** The metadata a write keeps from its request: user, system and transient metadata, allowed headers. */
  requestMetadata(headers: Record<string, string>, withSysmeta: boolean): ObjectMetadata {
    const metadata: ObjectMetadata = {};
    for (const [key, value] of Object.entries(headers)) {
      if (
        isUserMeta('object', key) ||
        isObjectTransientSysmeta(key) ||
        (withSysmeta && isSysMeta('object', key)) ||
        ALLOWED_HEADERS.includes(key)
      ) {
        metadata[key] = value;
      }
    }
    return metadata;
  }

  /** Whether X-Delete-At has passed (an expired object is gone to everyone but the expirer). */
  isExpired(metadata: ObjectMetadata, headers: Record<string, string>): boolean {
    const deleteAt = metadata['x-delete-at'];
    if (deleteAt === undefined || headers['x-backend-open-expired'] === 'true') return false;
    return Number(deleteAt) <= this.now();
  }

  /** Marks the object's suffix changed, for the replicator (Swift's `invalidate_hash`). */
  invalidate(target: ObjectTarget): void {
    const suffixPath = dirname(target.folder);
    this.hashes.invalidate(dirname(suffixPath), basename(suffixPath));
  }

  /** Deletes the files a new one made useless (Swift's `cleanup_ondisk_files`). */
  async cleanup(target: Pick<ObjectTarget, 'folder'>, names: string[], written: string): Promise<void> {
    const obsolete = sortObjectFiles([...names, written]).obsolete.map((file) => file.name);
    try {
      removeFiles(target.folder, obsolete);
    } catch (error) {
      this.options.logger?.warn({ err: error, folder: target.folder }, 'object cleanup failed');
    }
  }

  /**
   * Sends the container update of a write to the container servers the proxy named, waits for
   * them a little (a listing right after a PUT should show it), and keeps an async pending for
   * those that did not take it, which the object updater sends later.
   */
  async updateContainer(
    request: StorageRequest,
    target: ObjectTarget,
    method: 'PUT' | 'DELETE',
    headers: Record<string, string>,
    timestamp: Timestamp,
  ): Promise<void> {
    const targets = updateTargets(request.headers, 'x-container');
    if (targets.length === 0) return;
    const transId = request.headers['x-trans-id'];
    const update: PendingUpdate = {
      server: 'container',
      method,
      account: target.account,
      container: target.container,
      object: target.object,
      headers: transId ? { ...headers, 'x-trans-id': transId } : headers,
      targets,
    };
    const settled = sendUpdate(this.options.transport, update).then(async (failed) => {
      if (failed.length === 0) return;
      const store = new AsyncPendingStore(target.device.path);
      await store.save(target.hash, timestamp.internal, { ...update, targets: failed });
    });
    const logged = settled.catch((error: unknown) =>
      this.options.logger?.error({ err: error, object: target.object }, 'saving an async pending failed'),
    );
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.containerUpdateTimeoutMs ?? 1000);
    });
    await Promise.race([logged, waited]);
    clearTimeout(timer);
  }
}

/** The container update headers a write's metadata overrides (SLO's and EC's `...-Container-Update-Override-*`). */
export function applyOverrides(update: Record<string, string>, source: Record<string, string>): void {
  for (const prefix of [
    'x-backend-container-update-override-',
    'x-object-sysmeta-container-update-override-',
  ]) {
    for (const [key, value] of Object.entries(source)) {
      if (key.startsWith(prefix)) update[`x-${key.slice(prefix.length)}`] = value;
    }
  }
}
