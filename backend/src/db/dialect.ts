import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely';
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

/** SQLite's one connection behind each handle, once Kysely has opened it. */
const sqliteOf = new WeakMap<Db, { connection?: SqliteConnection }>();

/** SQLite's one connection of a handle, once opened; undefined on PostgreSQL. */
export function sqliteDatabaseOf(db: Db): SQLite.Database | undefined {
  return sqliteOf.get(db)?.connection?.database;
}

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

// Constraint violations by the codes each driver gives them: better-sqlite3's extended result
// codes (https://sqlite.org/rescode.html), PostgreSQL's SQLSTATE (Appendix A of its manual).
const UNIQUE_VIOLATION = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505']);
const FOREIGN_KEY_VIOLATION = new Set(['SQLITE_CONSTRAINT_FOREIGNKEY', '23503']);

const hasCode = (error: unknown, codes: Set<string>) =>
  typeof error === 'object' && error !== null && 'code' in error && codes.has(String(error.code));

export function isUniqueViolation(error: unknown): boolean {
  return hasCode(error, UNIQUE_VIOLATION);
}

/** A row names one that does not exist, or a row still named elsewhere was deleted. */
export function isForeignKeyViolation(error: unknown): boolean {
  return hasCode(error, FOREIGN_KEY_VIOLATION);
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

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
