import SQLite from 'better-sqlite3';

/** How many prepared statements a connection keeps, by SQL text. */
export const STATEMENT_CACHE_SIZE = 500;

/** SQLite's one connection of a database handle, and what the handle's fast paths need of it. */
export interface SqliteConnection {
  /** The connection, with recently used statements kept prepared. */
  readonly database: SQLite.Database;
  /**
   * A number that changes whenever the database may have changed since it was last read: a
   * write through this connection, or a commit by any other connection or process.
   */
  generation(): number;
}

/** Opens the file with the settings every connection of this project uses. */
export function openSqlite(path: string): SqliteConnection {
  const db = new SQLite(path);
  // WAL lets readers work while one writer writes; the busy timeout makes a second
  // process wait for the lock instead of failing at once.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // 16 MiB of page cache (the default is 2 MiB): the upper levels of every index stay in
  // memory, so a lookup at a million users reads no more pages from the OS than at ten.
  // Random reads across a million rows miss a cache of either size; 32 MiB cost 16 MB more.
  db.pragma('cache_size = -16384');
  // Checkpoint the WAL into the database every 4,000 pages (16 MiB) rather than 1,000:
  // each checkpoint waits for the disk, and at 1,000 they came every few dozen edits.
  db.pragma('wal_autocheckpoint = 4000');

  let generation = 0;
  const wrote = () => void generation++;
  // data_version changes when another connection commits; it says nothing of this one's writes,
  // which are counted as they are prepared and run (see withStatementCache).
  const dataVersion = db.prepare('pragma data_version').pluck();
  let seenVersion = dataVersion.get();
  return {
    database: withStatementCache(db, wrote),
    generation() {
      const version = dataVersion.get();
      if (version !== seenVersion) {
        seenVersion = version;
        generation++;
      }
      return generation;
    },
  };
}

/**
 * Kysely prepares every SQLite query anew; keeping the prepared statements of recent queries
 * (by SQL text, parameters bound per call) saves SQLite's parse and plan on every request.
 * A statement that is still being iterated is busy, so that caller gets a fresh one.
 * Every statement that may write (an UPDATE … RETURNING reads too, so `readonly`, not
 * `reader`), and every exec and pragma, calls `wrote` before it runs. That holds because the
 * connection goes only to Kysely and `runCompiled`, which prepare each statement just before
 * running it; code that kept a prepared write to run later would have to call `wrote` itself.
 */
function withStatementCache(db: SQLite.Database, wrote: () => void): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = (source: string): SQLite.Statement => {
    let statement = cache.get(source);
    if (statement && !statement.busy) {
      // Map keeps insertion order: re-inserting makes this the most recently used.
      cache.delete(source);
      cache.set(source, statement);
    } else {
      const cached = statement;
      statement = db.prepare(source);
      if (!cached) {
        cache.set(source, statement);
        if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      }
    }
    if (!statement.readonly) wrote();
    return statement;
  };
  const exec: SQLite.Database['exec'] = (source) => {
    wrote();
    return db.exec(source);
  };
  const pragma: SQLite.Database['pragma'] = (source, options) => {
    wrote();
    return db.pragma(source, options);
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') return prepare;
      if (property === 'exec') return exec;
      if (property === 'pragma') return pragma;
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
