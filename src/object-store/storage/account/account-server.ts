import { join } from 'node:path';
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
import { isSysMeta, isUserMeta } from '../metadata-headers.js';
import { requestTimestamp } from '../request-timestamp.js';
import type { StorageRequest, StorageResponse } from '../storage-protocol.js';
import { respond, respondJson, StorageError } from '../storage-response.js';
import { Timestamp } from '../timestamp.js';
import { AccountDb, type AccountInfo } from './account-db.js';

/** Accounts the servers make on first use (Swift's `auto_create_account_prefix`). */
const AUTO_CREATE_PREFIX = '.';

export interface AccountServerOptions {
  salt: HashPathSalt;
  /** How many account databases stay open. */
  openDatabases?: number;
}

interface AccountTarget {
  device: Device;
  account: string;
  path: string;
}

/** An entry of an account listing, as Swift's JSON shows it. */
export type ContainerListingEntry =
  { name: string; count: number; bytes: number; last_modified: string } | { subdir: string };

function responseHeaders(info: AccountInfo, metadata: TimestampedMetadata): Record<string, string> {
  return {
    'x-account-container-count': String(info.container_count),
    'x-account-object-count': String(info.object_count),
    'x-account-bytes-used': String(info.bytes_used),
    'x-timestamp': Timestamp.parse(info.created_at).normal,
    'x-put-timestamp': Timestamp.parse(info.put_timestamp).normal,
    ...metadataHeaders(metadata),
  };
}

/** Swift's account server: one SQLite database per account listing its containers and their stats. */
export class AccountServer {
  private readonly open: OpenDatabases<AccountDb>;

  private readonly replication = { datadir: 'accounts', database: (path: string) => this.database(path) };

  constructor(private readonly options: AccountServerOptions) {
    this.open = new OpenDatabases(options.openDatabases ?? 256);
  }

  async handle(request: StorageRequest, device: Device): Promise<StorageResponse> {
    if (request.method === 'REPLICATE') return replicateDatabase(this.replication, request, device);
    const target = this.target(request, device);
    switch (request.method) {
      case 'PUT':
        return request.container === undefined
          ? this.putAccount(request, target)
          : this.putContainer(request, target, request.container);
      case 'HEAD':
      case 'GET':
        return this.read(request, target);
      case 'POST':
        return this.post(request, target);
      case 'DELETE':
        return this.deleteAccount(request, target);
      default:
        return respond(405, { allow: 'DELETE, GET, HEAD, POST, PUT, REPLICATE' });
    }
  }

  forgetDevice(device: Device): void {
    this.open.closeUnder(device.path);
  }

  close(): void {
    this.open.closeAll();
  }

  private target(request: StorageRequest, device: Device): AccountTarget {
    const hash = hashPath(this.options.salt, request.account);
    const folder = storageDirectory(device.path, 'accounts', request.partition, hash);
    return { device, account: request.account, path: join(folder, `${hash}.db`) };
  }

  private database(path: string): AccountDb | undefined {
    return this.open.openExisting(path, (file) => new AccountDb(file));
  }

  private async create(target: AccountTarget, timestamp: Timestamp): Promise<boolean> {
    const tmp = await target.device.tmpFolder();
    return createSqlite(target.path, tmp, (db) => AccountDb.initialize(db, target.account, timestamp));
  }

  /** 404 for an account that is not there; `X-Account-Status: Deleted` when it was deleted. */
  private notFound(db: AccountDb | undefined): StorageResponse {
    return respond(404, db?.isStatusDeleted() ? { 'x-account-status': 'Deleted' } : {});
  }

  private updateMetadata(db: AccountDb, request: StorageRequest, timestamp: Timestamp): void {
    const updates: TimestampedMetadata = {};
    for (const [key, value] of Object.entries(request.headers)) {
      if (isUserMeta('account', key) || isSysMeta('account', key)) updates[key] = [value, timestamp.internal];
    }
    updateMetadataWithinLimits(db, updates, 'x-account-meta-');
  }

  private async putAccount(request: StorageRequest, target: AccountTarget): Promise<StorageResponse> {
    const timestamp = requestTimestamp(request.headers);
    let created = await this.create(target, timestamp);
    const db = this.database(target.path)!;
    if (!created) {
      if (db.isStatusDeleted()) return respond(403, { 'x-account-status': 'Deleted' }, 'Recently deleted');
      created = db.isDeleted();
      db.updatePutTimestamp(timestamp);
      if (db.isDeleted()) return respond(409, {}, 'Conflict');
    }
    this.updateMetadata(db, request, timestamp);
    return respond(created ? 201 : 202);
  }

  /** A container server's report of one container (Swift's `PUT_container` of the account server). */
  private async putContainer(
    request: StorageRequest,
    target: AccountTarget,
    name: string,
  ): Promise<StorageResponse> {
    const { headers } = request;
    const timestamp = Timestamp.tryParse(headers['x-timestamp']) ?? Timestamp.now();
    const putTimestamp = Timestamp.tryParse(headers['x-put-timestamp']);
    const deleteTimestamp = Timestamp.tryParse(headers['x-delete-timestamp']) ?? Timestamp.zero;
    const objectCount = Number(headers['x-object-count'] ?? 0);
    const bytesUsed = Number(headers['x-bytes-used'] ?? 0);
    if (!putTimestamp || !Number.isSafeInteger(objectCount) || !Number.isSafeInteger(bytesUsed)) {
      throw new StorageError(400, 'X-Put-Timestamp, X-Object-Count and X-Bytes-Used are required');
    }
    if (target.account.startsWith(AUTO_CREATE_PREFIX)) await this.create(target, timestamp);
    const db = this.database(target.path);
    if (!db || (headers['x-account-override-deleted'] !== 'yes' && db.isDeleted())) return respond(404);
    db.putContainer({
      name,
      put_timestamp: putTimestamp.internal,
      delete_timestamp: deleteTimestamp.internal,
      object_count: objectCount,
      bytes_used: bytesUsed,
      deleted: 0,
    });
    return respond(deleteTimestamp.isAfter(putTimestamp) ? 204 : 201);
  }

  private read(request: StorageRequest, target: AccountTarget): StorageResponse {
    const params = request.method === 'GET' ? listingParams(request.query) : undefined;
    const db = this.database(target.path);
    if (!db || db.isDeleted()) return this.notFound(db);
    const info = db.info();
    const headers = responseHeaders(info, db.metadata(info));
    if (!params) return respond(204, { ...headers, 'content-type': 'application/json; charset=utf-8' });
    const listing: ContainerListingEntry[] = db.listContainers(params).map((entry) =>
      'subdir' in entry
        ? { subdir: entry.subdir }
        : {
            name: entry.row.name,
            count: entry.row.object_count,
            bytes: entry.row.bytes_used,
            last_modified: Timestamp.parse(entry.row.put_timestamp).isoformat,
          },
    );
    return respondJson(200, headers, listing);
  }

  private post(request: StorageRequest, target: AccountTarget): StorageResponse {
    const timestamp = requestTimestamp(request.headers);
    const db = this.database(target.path);
    if (!db || db.isDeleted()) return this.notFound(db);
    this.updateMetadata(db, request, timestamp);
    return respond(204);
  }

  private deleteAccount(request: StorageRequest, target: AccountTarget): StorageResponse {
    const timestamp = requestTimestamp(request.headers);
    const db = this.database(target.path);
    if (!db || db.isDeleted()) return this.notFound(db);
    db.markDeleted(timestamp);
    return respond(204);
  }
}
