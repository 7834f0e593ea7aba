import pg from 'pg';

export const DEFAULT_TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The URL to test PostgreSQL on, or null to skip it (never null when CI=true). */
export async function postgresForTests(): Promise<string | null> {
  const url = process.env.TEST_POSTGRES_URL ?? DEFAULT_TEST_POSTGRES_URL;
  if (process.env.TEST_POSTGRES === 'off') return null;
  // A refused connection fails at once; the timeout only ends a wait on an address that never
  // answers, and is long enough that a busy machine's slow connect is not taken for one.
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 30_000 });
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
