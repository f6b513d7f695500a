import {
  Migrator,
  sql,
  SqliteAdapter,
  type ColumnDefinitionBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
} from 'kysely';

/** Migrations of one service, in the order they apply; the key is the migration's name. */
export type Migrations = Record<string, Migration>;

/**
 * Brings a service's tables up to date. Each service keeps its own migration table, so
 * services sharing one PostgreSQL database never see each other's history.
 */
export async function migrate(db: Kysely<unknown>, service: string, migrations: Migrations): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  const migrator = new Migrator({
    db,
    provider,
    migrationTableName: `${service}_migration`,
    migrationLockTableName: `${service}_migration_lock`,
    migrationTableSchema: await postgresSchemaOf(db),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw new Error(`${service} database migration failed: ${(error as Error).message}`);
}

/**
 * The schema a PostgreSQL connection works in (its search_path's first), undefined on SQLite.
 * Kysely's migrator looks for its tables in every schema unless told one, so without it a
 * database holding two clouds in two schemas would take one's migration tables for the other's.
 */
async function postgresSchemaOf(db: Kysely<unknown>): Promise<string | undefined> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return undefined;
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema;
}

/** A column builder for an auto-numbered integer primary key, on either engine. */
export function autoIncrementKey(db: Kysely<unknown>) {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  return (column: ColumnDefinitionBuilder) =>
    sqlite ? column.primaryKey().autoIncrement() : column.primaryKey().generatedByDefaultAsIdentity();
}
