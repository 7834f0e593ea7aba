import type { MigrationResult } from 'kysely';
import type { Db } from '../src/db/dialect.js';
import { createMigrator, currentSchema } from '../src/db/migrate.js';
import { describeDatabase, runScript, UsageError } from './cli.js';

/**
 * Migrations by hand, with the migrator the server runs at start:
 *   npm run db:migrate    apply every pending migration
 *   npm run db:rollback   undo the latest applied migration
 *   npm run db:status     list migrations, applied or pending
 */

const USAGE =
  'Usage: tsx backend/scripts/db.ts migrate|rollback|status (npm run db:migrate, db:rollback, db:status)';

function report(results: MigrationResult[] | undefined, done: string, none: string): void {
  if (!results || results.length === 0) console.log(none);
  for (const result of results ?? []) {
    console.log(
      `${result.status === 'Success' ? done : result.status.toLowerCase()} ${result.migrationName}`,
    );
  }
}

function failOn(error: unknown): void {
  if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error));
}

const commands: Record<string, (db: Db) => Promise<void>> = {
  async migrate(db) {
    const { error, results } = await createMigrator(db, await currentSchema(db)).migrateToLatest();
    report(results, 'applied', 'nothing to migrate: the database is up to date');
    failOn(error);
  },
  async rollback(db) {
    const { error, results } = await createMigrator(db, await currentSchema(db)).migrateDown();
    report(results, 'rolled back', 'nothing to roll back');
    failOn(error);
  },
  async status(db) {
    const migrations = await createMigrator(db, await currentSchema(db)).getMigrations();
    const width = Math.max(...migrations.map((m) => m.name.length));
    for (const migration of migrations) {
      const state = migration.executedAt ? `applied ${migration.executedAt.toISOString()}` : 'pending';
      console.log(`${migration.name.padEnd(width)}  ${state}`);
    }
  },
};

await runScript(async (db, config) => {
  const [name, ...rest] = process.argv.slice(2);
  const command = name !== undefined && Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command || rest.length > 0) {
    throw new UsageError(
      name === undefined ? USAGE : `Unknown arguments "${process.argv.slice(2).join(' ')}". ${USAGE}`,
    );
  }
  console.log(`${name} on ${describeDatabase(config.database)}`);
  await command(db);
});
