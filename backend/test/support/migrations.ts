import { NO_MIGRATIONS, type MigrationResult } from 'kysely';
import type { Db } from '../../src/db/dialect.js';
import { createMigrator, currentSchema } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';

/**
 * Moving a test database to a named migration, so a test about migration 004 keeps passing when
 * 006 lands: it names the migrations it is about and computes the rest from the list.
 */

/** Every migration's name, oldest first. */
export const migrationNames: readonly string[] = Object.keys(migrations);

function indexOf(name: string): number {
  const index = migrationNames.indexOf(name);
  if (index < 0) throw new Error(`no migration named ${name}`);
  return index;
}

/** The migrations after `name`, oldest first: what rolling back to `name` undoes. */
export function migrationsAfter(name: string): string[] {
  return migrationNames.slice(indexOf(name) + 1);
}

/** The migration before `name`, or NO_MIGRATIONS for the first. */
export function migrationBefore(name: string): string | typeof NO_MIGRATIONS {
  const index = indexOf(name);
  return index === 0 ? NO_MIGRATIONS : migrationNames[index - 1]!;
}

/**
 * Applies or undoes migrations until `name` is the latest applied (NO_MIGRATIONS: none is);
 * throws the migration's own error when one fails. Answers what ran, in the order it ran.
 */
export async function migrateTo(db: Db, name: string | typeof NO_MIGRATIONS): Promise<MigrationResult[]> {
  if (typeof name === 'string') indexOf(name);
  const { error, results = [] } = await createMigrator(db, await currentSchema(db)).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
  return results;
}

/** migrateTo, for a database at or past `name`: answers the names undone, newest first. */
export async function migrateDownTo(db: Db, name: string | typeof NO_MIGRATIONS): Promise<string[]> {
  const results = await migrateTo(db, name);
  const up = results.find((r) => r.direction !== 'Down');
  if (up) {
    const target = typeof name === 'string' ? name : 'no migrations';
    throw new Error(`migrating down to ${target} applied ${up.migrationName}`);
  }
  return results.map((r) => r.migrationName);
}
