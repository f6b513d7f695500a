import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * better-sqlite3 behind Kysely's SQLite driver, with prepared statements kept by their SQL.
 * Kysely prepares every query afresh; a service issues the same few hundred statements over
 * and over, and preparing was a fifth of the time of a token issue. The cache is bounded, the
 * oldest statement going first. (A statement being iterated by Kysely's `stream()` is busy until
 * the iteration ends: the same query cannot run inside a stream of itself.)
 */
export function withStatementCache(database: SqliteDatabase, maxStatements = 1000): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= maxStatements) statements.delete(statements.keys().next().value!);
        statement = database.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
