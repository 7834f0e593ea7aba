import type SQLite from 'better-sqlite3';

/** How many prepared statements a connection keeps, by SQL text (and PostgreSQL names). */
export const STATEMENT_CACHE_SIZE = 500;

/** SQLite's one connection of a database handle, and what the fast path needs of it. */
export interface SqliteConnection {
  /** The connection, with recently used statements kept prepared. */
  readonly database: SQLite.Database;
  /**
   * A number that changes whenever the database may have changed since it was last read: by
   * any statement of this connection, or a commit by any other connection or process.
   */
  generation(): number;
}

/**
 * SQLite's connection for Kysely, opened on its first query (Kysely opens it lazily), so the
 * fast path can reach the connection of the handle it belongs to.
 */
export class LazySqliteConnection {
  #connection: SqliteConnection | undefined;
  constructor(private readonly openFile: () => SQLite.Database) {}

  /** For SqliteDialect's `database` option. */
  readonly open = (): Promise<SQLite.Database> => {
    this.#connection = withFastPath(this.openFile());
    return Promise.resolve(this.#connection.database);
  };

  /** The connection, once Kysely has opened it. */
  get current(): SqliteConnection | undefined {
    return this.#connection;
  }
}

/**
 * The generation is read from SQLite's own counters, so no writer has to report itself:
 * - `total_changes()`: rows changed by this connection's INSERT, UPDATE and DELETE statements
 *   (with their triggers), counted by SQLite when each statement finishes, however and
 *   whenever it was prepared, inside a transaction or not;
 * - `schema_version`: any CREATE, DROP or ALTER (a dropped table's rows are not "changes");
 * - `data_version`: a commit by any other connection, in this process or another.
 * On a WAL file each pragma costs about 1.4 µs, as a read of one row does; total_changes()
 * 0.04 µs: 2.8 µs in all, against the 16 µs of the session lookup it saves. schema_version is
 * half of that, paid so that DDL needs no rule either (decision 0135).
 * https://sqlite.org/c3ref/total_changes.html, https://sqlite.org/pragma.html#pragma_data_version
 */
function withFastPath(db: SQLite.Database): SqliteConnection {
  const totalChanges = db.prepare('select total_changes()').pluck();
  const dataVersion = db.prepare('pragma data_version').pluck();
  const schemaVersion = db.prepare('pragma schema_version').pluck();
  const read = (): [unknown, unknown, unknown] => [
    totalChanges.get(),
    dataVersion.get(),
    schemaVersion.get(),
  ];
  let seen = read();
  let generation = 0;
  return {
    database: withStatementCache(db),
    generation() {
      const now = read();
      if (now[0] !== seen[0] || now[1] !== seen[1] || now[2] !== seen[2]) {
        seen = now;
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
 */
function withStatementCache(db: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = (source: string): SQLite.Statement => {
    let statement = cache.get(source);
    if (statement && !statement.busy) {
      // Map keeps insertion order: re-inserting makes this the most recently used.
      cache.delete(source);
      cache.set(source, statement);
      return statement;
    }
    const cached = statement;
    statement = db.prepare(source);
    if (!cached) {
      cache.set(source, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    return statement;
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') return prepare;
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
