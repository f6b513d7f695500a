import { open, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { makeFolderOnDevice, type Device } from '../device.js';
import { storageDirectory } from '../hash-path.js';
import type { StorageRequest, StorageResponse } from '../storage-protocol.js';
import { respond, StorageError } from '../storage-response.js';
import type { ReplicatedDatabase } from './replica-merge.js';
import { temporaryName } from '../temporary-name.js';

const DB_HASH = /^[0-9a-f]{32}$/;

export interface DatabaseReplicationTarget {
  /** `containers` or `accounts`. */
  datadir: string;
  /** The server's open database at a path, or undefined when there is none. */
  database(path: string): ReplicatedDatabase | undefined;
}

/**
 * Swift's db replication verb on the container and account servers, `REPLICATE
 * /<dev>/<part>/<hash>` (the path's third part is the database's hash):
 * - without a body: the database's fingerprint as JSON, 404 when this device has none;
 * - with a body, a whole copy of a peer's database: installed as it is when this device has none
 *   (Swift's rsync of a missing db, 201), else merged into the one here, newer winning row by
 *   row (Swift's `rsync_then_merge`, 202).
 */
export async function replicateDatabase(
  target: DatabaseReplicationTarget,
  request: StorageRequest,
  device: Device,
): Promise<StorageResponse> {
  const hash = request.account;
  if (!DB_HASH.test(hash) || request.container !== undefined) throw new StorageError(400, 'Invalid db hash');
  const path = join(storageDirectory(device.path, target.datadir, request.partition, hash), `${hash}.db`);
  if (request.body === undefined) {
    const db = target.database(path);
    if (!db) return respond(404);
    return respond(
      200,
      { 'content-type': 'application/json' },
      JSON.stringify({ fingerprint: db.fingerprint() }),
    );
  }
  const copy = join(await device.tmpFolder(), temporaryName('.db'));
  try {
    await receive(copy, request.body);
    const replica = openReplica(copy);
    const db = target.database(path);
    try {
      if (db) db.mergeReplica(replica);
    } finally {
      replica.close();
    }
    if (!db) {
      await makeFolderOnDevice(device.path, dirname(path));
      await rename(copy, path);
      await syncFolder(dirname(path));
    }
    return respond(db ? 202 : 201);
  } finally {
    await rm(copy, { force: true });
  }
}

/** Opens a pushed copy, refusing one that is no database of this kind. */
function openReplica(path: string): SQLite.Database {
  try {
    const replica = new SQLite(path, { readonly: true, fileMustExist: true });
    replica.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    return replica;
  } catch {
    throw new StorageError(422, 'not a database');
  }
}

async function receive(path: string, body: StorageRequest['body']): Promise<void> {
  const file = await open(path, 'wx', 0o600);
  try {
    const chunks = Buffer.isBuffer(body) || !body ? [body ?? Buffer.alloc(0)] : body;
    for await (const chunk of chunks) await file.write(chunk as Buffer);
    await file.datasync();
  } finally {
    await file.close();
  }
}

async function syncFolder(path: string): Promise<void> {
  const folder = await open(path, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
