import pg from 'pg';

/**
 * The engines a suite runs on: SQLite always, PostgreSQL when STRATUS_TEST_POSTGRES_URL names
 * a database the tests may add schemas to.
 */
export function testEngines(): [string, string | undefined][] {
  const engines: [string, string | undefined][] = [['sqlite', undefined]];
  if (process.env.STRATUS_TEST_POSTGRES_URL)
    engines.push(['postgres', process.env.STRATUS_TEST_POSTGRES_URL]);
  return engines;
}

/**
 * Makes (or drops) a schema of the suite's own in the PostgreSQL database at `url`, so suites
 * that wipe `public` meanwhile do not disturb it; returns the URL whose connections use it.
 */
export async function postgresSchema(
  url: string,
  schema: string,
  action: 'create' | 'drop',
): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`);
  if (action === 'create') await client.query(`create schema ${schema}`);
  await client.end();
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}
