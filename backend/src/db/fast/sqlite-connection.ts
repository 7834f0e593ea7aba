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
 * The generation is read from counters that move after a change, never before, whichever way
 * it was made, so no writer has to report itself:
 * - `total_changes()`: rows changed by this connection's INSERT, UPDATE and DELETE statements
 *   (with their triggers), counted by SQLite when each statement finishes, however and
 *   whenever it was prepared, inside a transaction or not;
 * - writes run: every statement of this connection that returns no rows and may write
 *   (DDL among them, whose dropped rows total_changes() does not count), counted after it
 *   ran (countedOnRun), and every exec;
 * - `data_version`: a commit by any other connection, in this process or another.
 * On a WAL file `pragma data_version` costs about 1.4 µs, as a read of one row does, and
 * total_changes() 0.04 µs, against the 16 µs of the session lookup they save.
 * (`pragma schema_version` would catch DDL too, for 1.4 µs more on every lookup: decision 0135.)
 * https://sqlite.org/c3ref/total_changes.html, https://sqlite.org/pragma.html#pragma_data_version
 */
function withFastPath(db: SQLite.Database): SqliteConnection {
  const totalChanges = db.prepare('select total_changes()').pluck();
  const dataVersion = db.prepare('pragma data_version').pluck();
  let writesRun = 0;
  const read = (): [unknown, unknown, number] => [totalChanges.get(), dataVersion.get(), writesRun];
  let seen = read();
  let generation = 0;
  return {
    database: withStatementCache(db, () => void writesRun++),
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
 * Statements that return no rows and may write, and exec, call `ran` after they run.
 */
function withStatementCache(db: SQLite.Database, ran: () => void): SQLite.Database {
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
    if (!statement.reader && !statement.readonly) statement = countedOnRun(statement, ran);
    if (!cached) {
      cache.set(source, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    }
    return statement;
  };
  const exec = (source: string): SQLite.Database => {
    try {
      db.exec(source);
    } finally {
      ran();
    }
    return proxy;
  };
  const proxy = new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') return prepare;
      if (property === 'exec') return exec;
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return proxy;
}

/**
 * A statement that calls `ran` after each run, however it was kept or bound: methods that
 * answer the statement itself (bind, safeIntegers) answer this wrapper. A statement that
 * returns no rows can only be run (better-sqlite3 refuses get, all and iterate for it).
 */
function countedOnRun(statement: SQLite.Statement, ran: () => void): SQLite.Statement {
  const wrapper: SQLite.Statement = new Proxy(statement, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      const method = value as (...a: unknown[]) => unknown;
      if (property === 'run') {
        return (...args: unknown[]) => {
          try {
            return method.apply(target, args);
          } finally {
            ran();
          }
        };
      }
      return (...args: unknown[]) => {
        const result = method.apply(target, args);
        return result === target ? wrapper : result;
      };
    },
  });
  return wrapper;
}
