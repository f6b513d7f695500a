import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { withStatementCache } from './statement-cache.js';
import { createRequire } from 'node:module';

/** Which SQL engine a database runs on; a few statements differ between them. */
export type SqlEngine = 'sqlite' | 'postgres';

export interface Database<Schema> {
  db: Kysely<Schema>;
  engine: SqlEngine;
}

/**
 * Opens a service's database: `sqlite` gives `<dataDir>/<service>.sqlite` (WAL, so readers
 * never wait for the writer), a `postgres://` URL gives a pooled PostgreSQL connection.
 */
export function connect<Schema>(url: string, dataDir: string, service: string): Database<Schema> {
  if (url.startsWith('postgres')) {
    // Loaded only for PostgreSQL: the all-in-one cloud on SQLite never pays for the driver.
    const pg = createRequire(import.meta.url)('pg') as typeof import('pg');
    return {
      engine: 'postgres',
      db: new Kysely<Schema>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 10 }) }),
      }),
    };
  }
  const file = url === 'sqlite' ? join(dataDir, `${service}.sqlite`) : url.replace(/^sqlite:\/\//, '');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return {
    engine: 'sqlite',
    db: new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) }),
  };
}

/** An in-memory SQLite database, for unit tests. */
export function connectMemory<Schema>(): Database<Schema> {
  return connect<Schema>('sqlite://:memory:', '', '');
}
