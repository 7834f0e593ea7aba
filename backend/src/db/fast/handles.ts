import type { Db } from '../dialect.js';
import type { LazySqliteConnection, SqliteConnection } from './sqlite-connection.js';

/** The handles createDb made, with SQLite's connection where there is one. */
const fastHandles = new WeakMap<Db, { sqlite?: LazySqliteConnection }>();

/**
 * Turns the fast path on for a handle createDb made. Refuses a handle with Kysely plugins:
 * a compiled query keeps what a plugin's transformQuery did to its first build, and raw
 * SQLite rows never pass through a plugin's transformResult, so a plugin would act on some
 * queries and not others, depending on the path each took.
 */
export function enableFastPath(db: Db, sqlite?: LazySqliteConnection): void {
  const { plugins } = db.getExecutor();
  if (plugins.length > 0) {
    const names = plugins.map((plugin) => plugin.constructor.name).join(', ');
    throw new Error(
      `The fast path (db/fast) cannot serve a Kysely instance with plugins (${names}): ` +
        'compiled queries would keep the plugin’s first rewrite, and raw SQLite rows skip its ' +
        'result transform. Add plugins with db.withPlugin(), which the fast path leaves alone.',
    );
  }
  fastHandles.set(db, sqlite ? { sqlite } : {});
}

/** Whether `db` is a handle createDb made (not a transaction, nor one made by withPlugin &c.). */
export function hasFastPath(db: Db): boolean {
  return fastHandles.has(db);
}

/**
 * SQLite's connection of a handle createDb made, once opened, for reading past Kysely; never
 * for a handle with plugins, whose rows must pass through them.
 */
export function sqliteConnectionOf(db: Db): SqliteConnection | undefined {
  const connection = fastHandles.get(db)?.sqlite?.current;
  return connection && db.getExecutor().plugins.length === 0 ? connection : undefined;
}

/**
 * A number that changes whenever the database may have changed, for keeping what was read
 * until then; null where there is no cheap way to know (PostgreSQL, whose other clients
 * write unseen) and on any handle but the one createDb made (transactions among them).
 */
export function changeGeneration(db: Db): number | null {
  return sqliteConnectionOf(db)?.generation() ?? null;
}
