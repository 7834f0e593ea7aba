import {
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  ReferenceNode,
  SelectAllNode,
  SelectQueryNode,
  SqliteDialect,
  sql,
  type Compilable,
  type CompiledQuery,
} from 'kysely';
import type SQLite from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { openSqlite, STATEMENT_CACHE_SIZE, type SqliteConnection } from './sqlite-connection.js';
import type { Database, Timestamp } from './types.js';

/**
 * Everything that differs between SQLite and PostgreSQL lives here; repositories and services
 * are the same code on both.
 */

export type Db = Kysely<Database>;
export type Dialect = DatabaseConfig['dialect'];

export interface DbOptions {
  /** PostgreSQL only: the schema to use (tests give each run one of its own). */
  searchPath?: string;
}

/** Connections of a database handle, for metrics; SQLite has one connection and no pool. */
export interface PoolStats {
  max: number;
  total: number;
  idle: number | null;
  waiting: number | null;
}

const poolStatsOf = new WeakMap<Db, () => PoolStats>();

/** SQLite's one connection behind each handle, once Kysely has opened it (see runCompiled). */
const sqliteOf = new WeakMap<Db, { connection?: SqliteConnection }>();

export function poolStats(db: Db): PoolStats | null {
  return poolStatsOf.get(db)?.() ?? null;
}

/**
 * A number that changes whenever the database may have changed, for keeping what was read
 * until then; null where there is no cheap way to know (PostgreSQL, whose other clients
 * write unseen) and inside a transaction.
 */
export function changeGeneration(db: Db): number | null {
  if (db.isTransaction) return null;
  return sqliteOf.get(db)?.connection?.generation() ?? null;
}

export function createDb(config: DatabaseConfig, options: DbOptions = {}): Db {
  if (config.dialect === 'sqlite') {
    if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
    const opened: { connection?: SqliteConnection } = {};
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({
        database: () => {
          opened.connection = openSqlite(config.path);
          return Promise.resolve(opened.connection.database);
        },
      }),
    });
    sqliteOf.set(db, opened);
    poolStatsOf.set(db, () => ({ max: 1, total: 1, idle: null, waiting: null }));
    return db;
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
  pool.on('connect', usePreparedStatements);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  poolStatsOf.set(db, () => ({
    max: config.poolSize,
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
  }));
  return db;
}

const statementNames = new Map<string, string>();

/**
 * Whether a query's text has a `*` other than in `count(*)`: a `select *` (or `t.*`) named once
 * fails with "cached plan must not change result type" on that connection from the moment a
 * migration adds or drops a column of its table, so such queries are never named. (A `*` that
 * multiplies is left unnamed too, which costs only the planning.)
 */
function selectsAnyStar(text: string): boolean {
  return text.replace(/count\(\*\)/gi, '').includes('*');
}

/**
 * Kysely sends every PostgreSQL query unnamed, so the server parses and plans it on each call;
 * a named statement is prepared once per connection and then only bound and run, which halves
 * the time of the two lookups every signed-in request makes. Only queries with parameters are
 * named (statements like BEGIN gain nothing), and only the first STATEMENT_CACHE_SIZE distinct
 * texts, which bounds what each connection keeps on the server.
 */
function usePreparedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const named = (text: string): string | undefined => {
    let name = statementNames.get(text);
    if (name === undefined && statementNames.size < STATEMENT_CACHE_SIZE) {
      name = `k${createHash('sha1').update(text).digest('hex')}`;
      statementNames.set(text, name);
    }
    return name;
  };
  (client as { query: unknown }).query = (text: unknown, values?: unknown[], ...rest: unknown[]) => {
    const name =
      typeof text === 'string' && values?.length && !selectsAnyStar(text) ? named(text) : undefined;
    return name ? query({ name, text, values }, ...rest) : query(text, values, ...rest);
  };
}

const UNIQUE_VIOLATION = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505']);

export function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && 'code' in error && UNIQUE_VIOLATION.has(String(error.code))
  );
}

/**
 * ISO 8601 UTC for a value read from either database. SQLite hands back the text this code
 * wrote with toISOString, already in that form (and parsing it again costs a list of 20 users
 * a fifth of its time).
 */
export function toIso(value: Timestamp): string {
  return typeof value === 'string' && value.length === 24 && value.endsWith('Z')
    ? value
    : (value instanceof Date ? value : new Date(value)).toISOString();
}

export function toIsoOrNull(value: Timestamp | null): string | null {
  return value === null ? null : toIso(value);
}

/** A LIKE pattern matching text anywhere, its wildcards escaped (use with ESCAPE '\'). */
export function likeContains(text: string): string {
  return '%' + text.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
}

export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Runs `work` in a write transaction. On SQLite it starts with BEGIN IMMEDIATE, taking the write
 * lock up front: a deferred transaction that reads and then writes fails with SQLITE_BUSY when
 * another process wrote in between, and busy_timeout cannot save it.
 */
export async function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  if (isPostgres(db)) return db.transaction().execute(work);
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (error) {
      await sql`rollback`.execute(conn);
      throw error;
    }
  });
}

/**
 * A query of fixed shape, built and compiled once per database handle and then run with new
 * parameters: for the lookups every request makes, where building and compiling the query
 * cost as much as running it. `build` receives stand-ins for the parameters; the compiled
 * query must use each of them exactly once, in order (checked on first use).
 */
export function compiledOnce<P extends unknown[], R>(
  build: (db: Db, ...params: P) => Compilable<R>,
  standIns: P,
): (db: Db, ...params: P) => Promise<R[]> {
  const compiled = new WeakMap<Db, CompiledQuery<R>>();
  return async (db, ...params) => {
    if (db.isTransaction) return (await db.executeQuery<R>(build(db, ...params))).rows;
    let query = compiled.get(db);
    if (!query) {
      query = build(db, ...standIns).compile();
      if (query.parameters.length !== standIns.length || query.parameters.some((p, i) => p !== standIns[i])) {
        throw new Error(`compiledOnce: the query does not use its parameters once each, in order`);
      }
      compiled.set(db, query);
    }
    return runCompiled(db, query, params);
  };
}

/**
 * compiledOnce for a query whose shape follows the request (which filters, which sort, whether
 * it continues from a cursor): compiled once per distinct `shape` and database handle, then run
 * with new values. `build` gets a stand-in for each value and must turn every one of them, and
 * nothing else, into a parameter (checked on each compile), so no request's value can be kept
 * in a compiled query. Values that change the SQL itself belong in `shape`.
 */
export function compiledByShape<S extends object, V, R>(
  build: (db: Db, shape: S, values: V) => Compilable<R>,
  names: readonly (keyof V & string)[],
): (db: Db, shape: S, values: V) => Promise<R[]> {
  type Compiled = { query: CompiledQuery<R>; order: (keyof V)[] };
  const compiled = new WeakMap<Db, Map<string, Compiled>>();
  const standIns = Object.fromEntries(names.map((name) => [name, `\u0000${name}`])) as V;
  const nameOf = new Map(names.map((name) => [`\u0000${name}`, name]));
  return async (db, shape, values) => {
    if (db.isTransaction) return (await db.executeQuery<R>(build(db, shape, values))).rows;
    let shapes = compiled.get(db);
    if (!shapes) compiled.set(db, (shapes = new Map<string, Compiled>()));
    const key = JSON.stringify(shape);
    let entry = shapes.get(key);
    if (!entry) {
      const query = build(db, shape, standIns).compile();
      const order = query.parameters.map((p) => {
        const name = typeof p === 'string' ? nameOf.get(p) : undefined;
        if (name === undefined) throw new Error(`compiledByShape: parameter ${String(p)} is not a value`);
        return name;
      });
      shapes.set(key, (entry = { query, order }));
    }
    const parameters = entry.order.map((name) => values[name]);
    return runCompiled(db, entry.query, parameters);
  };
}

/**
 * Runs a compiled query. On SQLite a read is run on the connection directly when no
 * transaction is open on it: Kysely's way (a lock on the connection, a chain of promises, the
 * result pipeline) cost a read of one user more than the read itself. The rows are the same,
 * since no Kysely plugin is installed. While a transaction is open, the query waits for it
 * through Kysely, as it would have: running beside it would see its uncommitted writes.
 */
async function runCompiled<R>(db: Db, query: CompiledQuery<R>, parameters: readonly unknown[]): Promise<R[]> {
  const connection = sqliteOf.get(db)?.connection?.database;
  if (connection && !connection.inTransaction) {
    const statement = connection.prepare(query.sql);
    if (statement.reader) {
      return namesItsColumns(query) ? rowsOf<R>(statement, parameters) : (statement.all(parameters) as R[]);
    }
  }
  return (await db.executeQuery<R>({ ...query, parameters })).rows;
}

const explicit = new WeakMap<CompiledQuery, boolean>();

/**
 * Whether a query names each column it selects (no `*`, no `table.*`): only then do its result
 * columns follow from its text alone. SQLite prepares a statement again by itself after the
 * schema changes, and a `*` may then stand for other columns, in another order.
 */
function namesItsColumns(query: CompiledQuery): boolean {
  let answer = explicit.get(query);
  if (answer === undefined) {
    const node = query.query;
    answer =
      SelectQueryNode.is(node) &&
      (node.selections ?? []).every(({ selection }) =>
        ReferenceNode.is(selection) ? !SelectAllNode.is(selection.column) : !SelectAllNode.is(selection),
      );
    explicit.set(query, answer);
  }
  return answer;
}

const columnNames = new WeakMap<SQLite.Statement, string[]>();

/**
 * The statement's rows as objects, built here from its raw arrays: better-sqlite3 builds row
 * objects more slowly (a page of 21 users: 61 µs, against 47 µs this way). Only for queries
 * that name their columns, whose names are then those of the statement's text. The statement is
 * shared with Kysely's path, which expects objects, so raw mode is switched off again at once.
 */
function rowsOf<R>(statement: SQLite.Statement, parameters: readonly unknown[]): R[] {
  let names = columnNames.get(statement);
  if (!names) columnNames.set(statement, (names = statement.columns().map((c) => c.name)));
  let values: unknown[][];
  try {
    values = statement.raw(true).all(parameters) as unknown[][];
  } finally {
    statement.raw(false);
  }
  const rows = new Array<R>(values.length);
  for (let r = 0; r < values.length; r++) {
    const row: Record<string, unknown> = {};
    const value = values[r]!;
    for (let c = 0; c < names.length; c++) row[names[c]!] = value[c];
    rows[r] = row as R;
  }
  return rows;
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
