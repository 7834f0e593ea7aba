import { ConfigError, loadConfig, loadDotEnv } from '../src/config.js';
import { BackupError, backupSqlite, restoreSqlite } from '../src/db/backup.js';

/**
 * npm run db:backup -- --out FILE    copy the SQLite database while the server runs
 * npm run db:restore -- --in FILE    replace the SQLite database with a backup (server stopped)
 * The database is the server's own (DATABASE_URL). PostgreSQL: pg_dump and pg_restore.
 */

const USAGE = 'Usage: npm run db:backup -- --out FILE | npm run db:restore -- --in FILE';
const POSTGRES = 'DATABASE_URL is PostgreSQL: use pg_dump -Fc and pg_restore (docs/deployment.md, "Backups")';

function option(args: string[], name: string): string {
  const [flag, value, ...rest] = args;
  if (flag !== name || value === undefined || value.startsWith('--') || rest.length > 0) {
    throw new BackupError(USAGE);
  }
  return value;
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (command !== 'backup' && command !== 'restore') throw new BackupError(USAGE);
  const file = option(args, command === 'backup' ? '--out' : '--in');
  loadDotEnv();
  const { database } = loadConfig();
  if (database.dialect !== 'sqlite') throw new BackupError(POSTGRES);
  if (database.path === ':memory:')
    throw new BackupError('DATABASE_URL is sqlite::memory:; there is nothing to back up');
  if (command === 'backup') {
    const { users, pages } = await backupSqlite(database.path, file);
    console.log(`backed up ${database.path} to ${file}: ${users} users, ${pages} pages, integrity ok`);
  } else {
    const { users, kept } = await restoreSqlite(file, database.path);
    console.log(`restored ${file} to ${database.path}: ${users} users`);
    if (kept) console.log(`the database it replaced is kept as ${kept}`);
  }
}

try {
  await main();
} catch (error) {
  if (error instanceof BackupError || error instanceof ConfigError) {
    console.error(error.message);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
