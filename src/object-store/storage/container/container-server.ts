import { join } from 'node:path';
import type { Logger } from '../../../common/logging.js';
import { sendToTargets, updateTargets } from '../async-pending.js';
import { listingParams } from '../db/listing.js';
import { replicateDatabase } from '../db/db-replication.js';
import { OpenDatabases } from '../db/open-databases.js';
import { createSqlite } from '../db/sqlite-files.js';
import {
  metadataHeaders,
  updateMetadataWithinLimits,
  type TimestampedMetadata,
} from '../db/timestamped-metadata.js';
import type { Device } from '../device.js';
import { hashPath, storageDirectory, type HashPathSalt } from '../hash-path.js';
import { isSysMeta, isTrue, isUserMeta } from '../metadata-headers.js';
import { requestTimestamp } from '../request-timestamp.js';
import type { StorageRequest, StorageResponse, StorageTransport } from '../storage-protocol.js';
import { respond, respondJson, StorageError } from '../storage-response.js';
import { Timestamp } from '../timestamp.js';
import { ContainerDb, type ContainerInfo, type ObjectRow } from './container-db.js';
import { accountReportHeaders, type ChangedContainer } from './changed-containers.js';
import { objectListing } from './object-listing.js';

/**
 * Headers a container keeps besides its metadata: the ACLs and sync settings the proxy sends, and
 * the versioning locations until a versioning middleware turns them into sysmeta (Swift keeps the
 * same set; its versioned_writes stores `X-Container-Sysmeta-Versions-*`).
 */
const SAVED_HEADERS = new Set([
  'x-container-read',
  'x-container-write',
  'x-container-sync-key',
  'x-container-sync-to',
  'x-versions-location',
  'x-history-location',
]);

/** Accounts the servers make on first use (Swift's `auto_create_account_prefix`: `.expiring_objects`...). */
const AUTO_CREATE_PREFIX = '.';

export interface ContainerServerOptions {
  salt: HashPathSalt;
  /** How account updates reach the account servers. */
  transport: StorageTransport;
  /** How many container databases stay open. */
  openDatabases?: number;
  logger?: Logger;
}

interface ContainerTarget {
  device: Device;
  partition: number;
  account: string;
  container: string;
  path: string;
}

function responseHeaders(info: ContainerInfo, deleted: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'x-backend-timestamp': info.created_at,
    'x-backend-put-timestamp': info.put_timestamp,
    'x-backend-delete-timestamp': info.delete_timestamp,
    'x-backend-status-changed-at': info.status_changed_at,
    'x-backend-storage-policy-index': '0',
  };
  if (deleted) return headers;
  return Object.assign(headers, {
    'x-container-object-count': String(info.object_count),
    'x-container-bytes-used': String(info.bytes_used),
    'x-timestamp': Timestamp.parse(info.created_at).normal,
    'x-put-timestamp': Timestamp.parse(info.put_timestamp).normal,
    'last-modified': Timestamp.parse(info.put_timestamp).httpDate,
  });
}

/**
 * Swift's container server: one SQLite database per container with its object rows (tombstones
 * kept for replication), stats and timestamped metadata; the account servers told of its changes.
 */
export class ContainerServer {
  private readonly open: OpenDatabases<ContainerDb>;
  /** Containers whose count, bytes or timestamps the account servers have not been told yet. */
  readonly changed = new Map<string, ChangedContainer>();

  private readonly replication = { datadir: 'containers', database: (path: string) => this.database(path) };

  constructor(private readonly options: ContainerServerOptions) {
    this.open = new OpenDatabases(options.openDatabases ?? 256);
  }

  async handle(request: StorageRequest, device: Device): Promise<StorageResponse> {
    if (request.method === 'REPLICATE') return replicateDatabase(this.replication, request, device);
    const target = this.target(request, device);
    const object = request.object;
    switch (request.method) {
      case 'PUT':
        return object === undefined
          ? this.putContainer(request, target)
          : this.putObject(request, target, object);
      case 'DELETE':
        return object === undefined
          ? this.deleteContainer(request, target)
          : this.deleteObject(request, target, object);
      case 'HEAD':
      case 'GET':
        return this.read(request, target);
      case 'POST':
        return this.post(request, target);
      default:
        return respond(405, { allow: 'DELETE, GET, HEAD, POST, PUT, REPLICATE' });
    }
  }

  /** Closes the databases of a device that went away. */
  forgetDevice(device: Device): void {
    this.open.closeUnder(device.path);
  }

  close(): void {
    this.open.closeAll();
  }

  /** The database of a container, open, or undefined when it does not exist on this device. */
  database(path: string): ContainerDb | undefined {
    return this.open.openExisting(path, (file) => new ContainerDb(file));
  }

  private target(request: StorageRequest, device: Device): ContainerTarget {
    if (request.container === undefined) throw new StorageError(400, 'Invalid path');
    const hash = hashPath(this.options.salt, request.account, request.container);
    const folder = storageDirectory(device.path, 'containers', request.partition, hash);
    const { account, container, partition } = request;
    return { device, partition, account, container, path: join(folder, `${hash}.db`) };
  }

  private async create(target: ContainerTarget, timestamp: Timestamp): Promise<boolean> {
    const tmp = await target.device.tmpFolder();
    return createSqlite(target.path, tmp, (db) =>
      ContainerDb.initialize(db, target.account, target.container, timestamp),
    );
  }

  private metadataOf(request: StorageRequest, timestamp: Timestamp): TimestampedMetadata {
    const metadata: TimestampedMetadata = {};
    for (const [key, value] of Object.entries(request.headers)) {
      if (SAVED_HEADERS.has(key) || isUserMeta('container', key) || isSysMeta('container', key)) {
        metadata[key] = [value, timestamp.internal];
      }
    }
    return metadata;
  }

  private updateMetadata(db: ContainerDb, request: StorageRequest, timestamp: Timestamp): void {
    updateMetadataWithinLimits(db, this.metadataOf(request, timestamp), 'x-container-meta-');
  }

  private async putContainer(request: StorageRequest, target: ContainerTarget): Promise<StorageResponse> {
    const timestamp = requestTimestamp(request.headers);
    let created = await this.create(target, timestamp);
    const db = this.database(target.path)!;
    if (!created) {
      const recreated = db.isDeleted();
      db.updatePutTimestamp(timestamp);
      if (db.isDeleted()) throw new StorageError(409, 'Conflict');
      created = recreated;
    }
    this.updateMetadata(db, request, timestamp);
    const notFound = await this.updateAccount(request, target, db);
    if (notFound) return respond(404, {}, 'account not found');
    return respond(created ? 201 : 202, { 'x-backend-storage-policy-index': '0' });
  }

  private async deleteContainer(request: StorageRequest, target: ContainerTarget): Promise<StorageResponse> {
    const timestamp = requestTimestamp(request.headers);
    const db = this.database(target.path);
    if (!db) return respond(404);
    const before = db.info();
    if (before.object_count > 0) return respond(409, {}, 'container not empty');
    const existed = !db.isDeleted(before);
    db.markDeleted(timestamp);
    if (!db.isDeleted()) return respond(409, {}, 'Conflict');
    const notFound = await this.updateAccount(request, target, db);
    if (notFound) return respond(404, {}, 'account not found');
    return respond(existed ? 204 : 404);
  }

  /** The database an object row goes to: made on first use in auto-created accounts only. */
  private async rowDatabase(request: StorageRequest, target: ContainerTarget, timestamp: Timestamp) {
    let db = this.database(target.path);
    if (
      !db &&
      target.account.startsWith(AUTO_CREATE_PREFIX) &&
      isTrue(request.headers['x-backend-auto-create'] ?? 'true')
    ) {
      await this.create(target, timestamp);
      db = this.database(target.path);
    }
    if (!db) throw new StorageError(404, 'Not Found');
    return db;
  }

  /** An object server's row kept for the database; the account servers are told of it later. */
  private putRecord(target: ContainerTarget, db: ContainerDb, row: ObjectRow): void {
    db.putRecord(row);
    this.noteChanged(target);
  }

  private async putObject(
    request: StorageRequest,
    target: ContainerTarget,
    name: string,
  ): Promise<StorageResponse> {
    const { headers } = request;
    const timestamp = requestTimestamp(headers);
    const size = Number(headers['x-size']);
    if (
      !Number.isSafeInteger(size) ||
      headers['x-content-type'] === undefined ||
      headers['x-etag'] === undefined
    ) {
      throw new StorageError(400, 'X-Size, X-Content-Type and X-Etag are required');
    }
    const db = await this.rowDatabase(request, target, timestamp);
    const ctypeTimestamp = Timestamp.tryParse(headers['x-content-type-timestamp']) ?? timestamp;
    const metaTimestamp = Timestamp.tryParse(headers['x-meta-timestamp']) ?? ctypeTimestamp;
    this.putRecord(target, db, {
      name,
      created_at: timestamp.internal,
      size,
      content_type: headers['x-content-type'],
      etag: headers['x-etag'],
      deleted: 0,
      ctype_timestamp: ctypeTimestamp.internal,
      meta_timestamp: metaTimestamp.internal,
    });
    return respond(201);
  }

  private async deleteObject(
    request: StorageRequest,
    target: ContainerTarget,
    name: string,
  ): Promise<StorageResponse> {
    const timestamp = requestTimestamp(request.headers);
    const db = await this.rowDatabase(request, target, timestamp);
    this.putRecord(target, db, {
      name,
      created_at: timestamp.internal,
      size: 0,
      content_type: 'application/deleted',
      etag: 'noetag',
      deleted: 1,
      ctype_timestamp: timestamp.internal,
      meta_timestamp: timestamp.internal,
    });
    return respond(204);
  }

  private read(request: StorageRequest, target: ContainerTarget): StorageResponse {
    const params = request.method === 'GET' ? listingParams(request.query) : undefined;
    const db = this.database(target.path);
    if (!db) return respond(404);
    const info = db.info();
    const deleted = db.isDeleted(info);
    const headers = responseHeaders(info, deleted);
    if (deleted) return respond(404, headers);
    Object.assign(headers, metadataHeaders(db.metadata(info)));
    if (!params) return respond(204, { ...headers, 'content-type': 'application/json; charset=utf-8' });
    return respondJson(200, headers, objectListing(db.listObjects(params)));
  }

  private post(request: StorageRequest, target: ContainerTarget): StorageResponse {
    const timestamp = requestTimestamp(request.headers);
    const db = this.database(target.path);
    if (!db || db.isDeleted()) return respond(404);
    if (!isTrue(request.headers['x-backend-no-timestamp-update'])) db.updatePutTimestamp(timestamp);
    this.updateMetadata(db, request, timestamp);
    return respond(204);
  }

  private noteChanged(target: ContainerTarget): void {
    const { device, partition, account, container, path } = target;
    this.changed.set(path, {
      device: device.name,
      devicePath: device.path,
      partition,
      account,
      container,
      path,
    });
  }

  /**
   * Tells the account servers named by X-Account-Host/-Device/-Partition about the container (Swift's
   * `account_update`); answers true when every one of them said 404 (no such account). Those that
   * fail leave the container to the container updater, which reports it again.
   */
  private async updateAccount(
    request: StorageRequest,
    target: ContainerTarget,
    db: ContainerDb,
  ): Promise<boolean> {
    const targets = updateTargets(request.headers, 'x-account');
    if (targets.length === 0) return false;
    const info = db.info();
    const headers = accountReportHeaders(info);
    if (request.headers['x-trans-id']) headers['x-trans-id'] = request.headers['x-trans-id'];
    if (request.headers['x-account-override-deleted'] === 'yes')
      headers['x-account-override-deleted'] = 'yes';
    const statuses = await sendToTargets(this.options.transport, {
      server: 'account',
      method: 'PUT',
      account: target.account,
      container: target.container,
      headers,
      targets,
    });
    if (statuses.every((status) => status !== undefined && status < 300)) db.reported(info);
    else this.noteChanged(target);
    return statuses.every((status) => status === 404);
  }
}
