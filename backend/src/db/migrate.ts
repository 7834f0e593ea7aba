import { Migrator, sql, type MigrationResultSet } from 'kysely';
import { isPostgres, type Db } from './dialect.js';
import { migrations } from './migrations/index.js';

/**
 * `schema` names where the migration bookkeeping tables live on PostgreSQL. Without it Kysely
 * looks for them in every schema of the database, and a database with another migrated schema
 * in it (another app, or the tests' one schema per app) makes it skip creating its own.
 */
export function createMigrator(db: Db, schema?: string): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/** The schema unqualified names resolve to on PostgreSQL (the search path's first); none on SQLite. */
export async function currentSchema(db: Db): Promise<string | undefined> {
  if (!isPostgres(db)) return undefined;
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? undefined;
}

/** Applies pending migrations; throws the migration's own error when one fails. */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const result = await createMigrator(db, await currentSchema(db)).migrateToLatest();
  if (result.error) {
    throw result.error instanceof Error
      ? result.error
      : new Error(`migration failed: ${JSON.stringify(result.error)}`);
  }
  return result;
}
