import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../common/logging.js';
import type { RingLookup } from '../ring/ring-types.js';
import { BackgroundTask } from '../storage/background-task.js';
import { CorruptObjectFile, decodeHead, type ObjectMetadata } from '../storage/object/object-file-format.js';
import { sortObjectFiles, type ObjectFileName } from '../storage/object/object-files.js';
import { isSuffix } from '../storage/object/suffix-hashes.js';
import type { NodeAddress } from '../storage/storage-protocol.js';
import { listFolder, localDevices, partitionsOn, type LocalDevice } from './local-devices.js';

export interface ObjectAuditorOptions {
  /** The object ring: the auditor walks this node's devices on it. */
  ring: RingLookup;
  node: NodeAddress;
  devicesRoot: string;
  /** Only these of the node's devices (a storage thread's share); all of them when absent. */
  devices?: readonly string[];
  /** Marks a suffix changed once an object of it is quarantined, so the replicator restores it. */
  invalidateSuffix: (partitionPath: string, suffix: string) => void;
  /** At most this many bytes read per second (Swift's `bytes_per_second`, 10 MB/s). */
  bytesPerSecond?: number;
  /** At most this many object files checked per second (Swift's `files_per_second`, 20). */
  filesPerSecond?: number;
  /** Pause between passes in the background (Swift's `interval`, 30 s). */
  intervalMs?: number;
  logger?: Logger;
}

export interface ObjectAuditStats {
  /** Object files whose head (and for `.data`, bytes) were checked, good or not. */
  filesChecked: number;
  bytesRead: number;
  /** Object folders moved to `<device>/quarantined/objects/`. */
  quarantined: number;
}

const DEFAULT_BYTES_PER_SECOND = 10 * 1024 * 1024;
const DEFAULT_FILES_PER_SECOND = 20;
const DEFAULT_INTERVAL_MS = 30_000;
const READ_BYTES = 64 * 1024;

/** Where a pass is: when it began, and what it has read so far. */
interface Pace {
  started: number;
  bytes: number;
  files: number;
}

/** Why an object file is not what it says. */
class AuditFailure extends Error {}

/**
 * Swift's object auditor: reads every object file of this node's devices, checks its head (the
 * metadata must parse and name the object) and for a `.data` that its bytes have the stored
 * length and md5 (the ETag). An object that fails is moved whole to
 * `<device>/quarantined/objects/<hash>` and its suffix invalidated: it is no longer served (the
 * proxy reads another replica) and the next replication pass pushes a good copy back from a
 * peer. Reads are paced to `bytesPerSecond` and `filesPerSecond`, as Swift paces them, so
 * auditing never starves the object server: without the files' pace, a device of small objects
 * was read at thousands of files a second, every pass, and took a fifth of its thread from the
 * writes (bench/object-store).
 */
export class ObjectAuditor {
  private readonly task: BackgroundTask;
  private readonly bytesPerSecond: number;
  private readonly filesPerSecond: number;

  constructor(private readonly options: ObjectAuditorOptions) {
    this.bytesPerSecond = options.bytesPerSecond ?? DEFAULT_BYTES_PER_SECOND;
    this.filesPerSecond = options.filesPerSecond ?? DEFAULT_FILES_PER_SECOND;
    this.task = new BackgroundTask(
      options.intervalMs ?? DEFAULT_INTERVAL_MS,
      (signal) => this.auditOnce(signal),
      (error) => options.logger?.error({ err: error }, 'object audit pass failed'),
    );
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** One pass over every object of every local device; one ended early at `signal` (stopping). */
  async auditOnce(signal?: AbortSignal): Promise<ObjectAuditStats> {
    const stats: ObjectAuditStats = { filesChecked: 0, bytesRead: 0, quarantined: 0 };
    const pace: Pace = { started: Date.now(), bytes: 0, files: 0 };
    const { ring, node, devicesRoot, devices } = this.options;
    for (const device of localDevices(ring, node, devicesRoot, devices)) {
      for (const partition of await partitionsOn(device, 'objects')) {
        const partitionPath = join(device.path, 'objects', String(partition));
        for (const suffix of (await listFolder(partitionPath)).filter(isSuffix)) {
          for (const hash of await listFolder(join(partitionPath, suffix))) {
            if (signal?.aborted) return stats;
            await this.auditObject(device, partitionPath, suffix, hash, stats, pace);
          }
        }
      }
    }
    return stats;
  }

  private async auditObject(
    device: LocalDevice,
    partitionPath: string,
    suffix: string,
    hash: string,
    stats: ObjectAuditStats,
    pace: Pace,
  ): Promise<void> {
    const folder = join(partitionPath, suffix, hash);
    const files = sortObjectFiles(await listFolder(folder));
    for (const file of [files.data, files.meta, files.tombstone]) {
      if (!file) continue;
      await this.throttle(pace, 0, 1);
      try {
        stats.bytesRead += await this.checkFile(join(folder, file.name), file, pace);
        stats.filesChecked += 1;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // replaced by a newer write meanwhile
        if (!(error instanceof AuditFailure || error instanceof CorruptObjectFile)) throw error;
        stats.filesChecked += 1;
        await this.quarantine(device, partitionPath, suffix, hash);
        stats.quarantined += 1;
        this.options.logger?.warn({ object: folder, reason: error.message }, 'object quarantined');
        return;
      }
    }
  }

  /** Reads one file and checks it; the bytes read. */
  private async checkFile(path: string, file: ObjectFileName, pace: Pace): Promise<number> {
    const handle = await open(path, 'r');
    try {
      let head = Buffer.alloc(0);
      let decoded = decodeHead(head);
      while ('needBytes' in decoded) {
        const more = Buffer.alloc(Math.max(decoded.needBytes - head.length, READ_BYTES));
        const { bytesRead } = await handle.read(more, 0, more.length, head.length);
        if (bytesRead === 0) throw new AuditFailure('truncated head');
        head = Buffer.concat([head, more.subarray(0, bytesRead)]);
        decoded = decodeHead(head);
        await this.throttle(pace, bytesRead);
      }
      const { metadata, dataOffset } = decoded;
      checkMetadata(metadata, file);
      if (file.kind !== 'data') return head.length;
      const md5 = createHash('md5');
      let length = 0;
      const inHead = head.subarray(dataOffset);
      md5.update(inHead);
      length += inHead.length;
      const buffer = Buffer.alloc(READ_BYTES);
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, dataOffset + length);
        if (bytesRead === 0) break;
        md5.update(buffer.subarray(0, bytesRead));
        length += bytesRead;
        await this.throttle(pace, bytesRead);
      }
      if (String(length) !== metadata['content-length'])
        throw new AuditFailure(`length ${length} is not ${metadata['content-length']}`);
      const etag = md5.digest('hex');
      if (etag !== metadata.etag) throw new AuditFailure(`md5 ${etag} is not the ETag ${metadata.etag}`);
      return dataOffset + length;
    } finally {
      await handle.close();
    }
  }

  /** Sleeps as long as it takes to keep the pass at `bytesPerSecond` and `filesPerSecond`. */
  private async throttle(pace: Pace, bytes: number, files = 0): Promise<void> {
    pace.bytes += bytes;
    pace.files += files;
    const due =
      pace.started +
      Math.max(pace.bytes / this.bytesPerSecond, (pace.files - 1) / this.filesPerSecond) * 1000;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
  }

  /** Swift's `quarantine_renamer`: the object folder moved out of the partition, whole. */
  private async quarantine(
    device: LocalDevice,
    partitionPath: string,
    suffix: string,
    hash: string,
  ): Promise<void> {
    const quarantined = join(device.path, 'quarantined', 'objects');
    await mkdir(quarantined, { recursive: true });
    let target = join(quarantined, hash);
    if (await stat(target).catch(() => undefined)) target += `-${randomBytes(4).toString('hex')}`;
    await rename(join(partitionPath, suffix, hash), target);
    this.options.invalidateSuffix(partitionPath, suffix);
  }
}

/** Swift's `_verify_data_file` of the head: it names an object and carries the file's timestamp. */
function checkMetadata(metadata: ObjectMetadata, file: ObjectFileName): void {
  if (typeof metadata.name !== 'string' || !metadata.name.startsWith('/'))
    throw new AuditFailure('no object name in the metadata');
  if (metadata['x-timestamp'] !== file.timestamp.internal)
    throw new AuditFailure(`timestamp ${metadata['x-timestamp']} is not the file's`);
  if (file.kind === 'data' && !/^[0-9a-f]{32}$/.test(metadata.etag ?? ''))
    throw new AuditFailure('no ETag in the metadata');
  if (file.kind === 'data' && !/^\d+$/.test(metadata['content-length'] ?? ''))
    throw new AuditFailure('no Content-Length in the metadata');
}
