import { Migrator, sql, type MigrationResultSet } from 'kysely';
import { isPostgres, type Db } from './dialect.js';
import { migrations } from './migrations/index.js';

/**
 * The PostgreSQL schema migrations run in, named explicitly: without it Kysely takes a
 * `kysely_migration_lock` table in any schema of the database as this one's, so two schemas
 * migrating at once (tests, or two apps in one database) break each other.
 */
export async function migrationSchema(db: Db): Promise<string | undefined> {
  if (!isPostgres(db)) return undefined;
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema;
}

export function createMigrator(db: Db, schema?: string): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/** Applies pending migrations; throws the migration's own error when one fails. */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const result = await createMigrator(db, await migrationSchema(db)).migrateToLatest();
  if (result.error) {
    throw result.error instanceof Error
      ? result.error
      : new Error(`migration failed: ${JSON.stringify(result.error)}`);
  }
  return result;
}
