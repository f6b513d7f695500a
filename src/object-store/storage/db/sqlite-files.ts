import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { makeFolderOnDeviceSync } from '../device.js';
import { temporaryName } from '../temporary-name.js';

export type SqliteDatabase = SQLite.Database;
export type SqliteStatement = SQLite.Statement;

/**
 * Opens an account or container database: WAL (listings never wait for the writer) and
 * synchronous NORMAL, as Swift runs its databases: a commit is safe from a crash of the process;
 * a power cut may lose the last commits, which replication brings back from the other replicas.
 */
export function openSqlite(path: string): SqliteDatabase {
  const db = new SQLite(path, { fileMustExist: true });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * Makes a database whole before anyone sees it (Swift's `DatabaseBroker.initialize`): built in the
 * device's `tmp/`, synced, then renamed to its place. Answers false when another one is already
 * there (Swift's `DatabaseAlreadyExists`), which is kept.
 */
export function createSqlite(path: string, tmpFolder: string, build: (db: SqliteDatabase) => void): boolean {
  if (existsSync(path)) return false;
  const temporary = join(tmpFolder, temporaryName('.db'));
  const db = new SQLite(temporary);
  try {
    db.transaction(() => build(db))();
  } catch (error) {
    db.close();
    rmSync(temporary, { force: true });
    throw error;
  }
  db.close();
  const file = openSync(temporary, 'r');
  fsyncSync(file);
  closeSync(file);
  makeFolderOnDeviceSync(dirname(tmpFolder), dirname(path));
  if (existsSync(path)) {
    rmSync(temporary, { force: true });
    return false;
  }
  renameSync(temporary, path);
  const folder = openSync(dirname(path), 'r');
  fsyncSync(folder);
  closeSync(folder);
  return true;
}
