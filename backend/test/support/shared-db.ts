import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/dialect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { dialect } from './app.js';
import { freshSchema } from './postgres-database.js';

/**
 * A fresh migrated database opened through `count` separate handles, as separate processes
 * would: a SQLite file (an in-memory database cannot be shared) or a PostgreSQL schema with a
 * pool per handle.
 */
export async function sharedDatabase(count: number): Promise<{ handles: Db[]; close: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ums-shared-'));
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: `sqlite:${join(dir, 'app.db')}` });
    const handles = Array.from({ length: count }, () => createDb(config.database));
    await migrateToLatest(handles[0]!);
    return {
      handles,
      close: async () => {
        await Promise.all(handles.map((db) => db.destroy()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const { url, schema, drop } = await freshSchema('q');
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, DATABASE_POOL_SIZE: '3' });
  const handles = Array.from({ length: count }, () => createDb(config.database, { searchPath: schema }));
  await migrateToLatest(handles[0]!);
  return {
    handles,
    close: async () => {
      await Promise.all(handles.map((db) => db.destroy()));
      await drop();
    },
  };
}

/**
 * The handles for workers that run at the same time in this one process. On SQLite that is one
 * handle: better-sqlite3 waits for a lock synchronously, so a second connection in the same
 * process waiting for the first's write lock stops the event loop the first needs to finish.
 * Separate processes on one file are tested with real processes (test/process/).
 */
export function concurrentHandles(handles: Db[]): Db[] {
  return dialect === 'sqlite' ? handles.map(() => handles[0]!) : handles;
}
