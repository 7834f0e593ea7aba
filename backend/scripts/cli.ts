import { ConfigError, loadConfig, loadDotEnv, type Config, type DatabaseConfig } from '../src/config.js';
import { createDb, type Db } from '../src/db/dialect.js';

/** A mistake in how a script was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The app's own configuration: the environment and an optional `.env`, as the server reads it. */
export function readConfig(): Config {
  loadDotEnv();
  return loadConfig();
}

/** Where the database is, for a log line; a PostgreSQL password never shows. */
export function describeDatabase(database: DatabaseConfig): string {
  if (database.dialect === 'sqlite') return `SQLite ${database.path}`;
  const url = new URL(database.url);
  return `PostgreSQL ${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

/**
 * Runs a script's body with the database open, closes it afterwards, and turns the errors a
 * user can fix into one line on stderr: 2 for usage, 1 for configuration or a failed run.
 */
export async function runScript(main: (db: Db, config: Config) => Promise<void>): Promise<void> {
  let db: Db | undefined;
  try {
    const config = readConfig();
    db = createDb(config.database);
    await main(db, config);
  } catch (error) {
    process.exitCode = error instanceof UsageError ? 2 : 1;
    if (error instanceof UsageError) console.error(error.message);
    else if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
    else console.error(`Failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await db?.destroy();
  }
}
