import pg from 'pg';

export const DEFAULT_TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The URL to test PostgreSQL on, or null to skip it (never null when CI=true). */
export async function postgresForTests(): Promise<string | null> {
  const url = process.env.TEST_POSTGRES_URL ?? DEFAULT_TEST_POSTGRES_URL;
  if (process.env.TEST_POSTGRES === 'off') return null;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return url;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.CI === 'true') {
      throw new Error(
        `PostgreSQL tests need ${url} and it is unreachable (${reason}); CI does not skip them`,
      );
    }
    console.warn(`PostgreSQL at ${url} is unreachable (${reason}): skipping the PostgreSQL run.`);
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}
