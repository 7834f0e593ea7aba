import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely';
import SQLite from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { enableFastPath, LazySqliteConnection, usePreparedStatements } from './fast/index.js';
import type { Database, Db, Timestamp } from './types.js';

/**
 * Opening each database (createDb) and the helpers that behave differently on SQLite and
 * PostgreSQL: errors, timestamps, transactions. Not every difference is here: where a query
 * itself differs, its repository branches on isPostgres beside it (search and the sort walk in
 * user-pages.repository.ts, row locks in versioned.ts, the admin-set lock in
 * users.repository.ts, the migration lock in migrate.ts); migrations have their own helpers (migrations/dialect-helpers.ts);
 * backup.ts is SQLite's alone; the fast path, with its rules, is in fast/.
 */

export type { Db };

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

export function poolStats(db: Db): PoolStats | null {
  return poolStatsOf.get(db)?.() ?? null;
}

export function createDb(config: DatabaseConfig, options: DbOptions = {}): Db {
  if (config.dialect === 'sqlite') {
    if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
    const connection = new LazySqliteConnection(() => openSqlite(config.path));
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection.open }) });
    enableFastPath(db, connection);
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
  enableFastPath(db);
  poolStatsOf.set(db, () => ({
    max: config.poolSize,
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
  }));
  return db;
}

/** Opens the file with the settings every SQLite connection of this project uses. */
function openSqlite(path: string): SQLite.Database {
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
  return db;
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
  if (db.isTransaction || afterCommitOf.has(db)) return work(db);
  let handle: Db | null = null;
  const tracked = async (trx: Db) => {
    afterCommitOf.set(trx, []);
    try {
      return await work(trx);
    } finally {
      handle = trx;
    }
  };
  try {
    const result = isPostgres(db)
      ? await db.transaction().execute(tracked)
      : await db.connection().execute(async (conn) => {
          await sql`begin immediate`.execute(conn);
          try {
            const value = await tracked(conn);
            await sql`commit`.execute(conn);
            return value;
          } catch (error) {
            await sql`rollback`.execute(conn);
            throw error;
          }
        });
    if (handle) runAfterCommit(handle);
    return result;
  } finally {
    if (handle) afterCommitOf.delete(handle);
  }
}

/**
 * Runs `work` inside a savepoint of the open transaction `trx`: a throw undoes only what `work`
 * did and passes on, and the transaction goes on (on PostgreSQL a failed statement otherwise
 * spoils the whole transaction). A bulk change's items use it to report a failure and continue.
 */
export async function withSavepoint<T>(trx: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  await sql`savepoint item`.execute(trx);
  try {
    const value = await work(trx);
    await sql`release savepoint item`.execute(trx);
    return value;
  } catch (error) {
    await sql`rollback to savepoint item`.execute(trx);
    await sql`release savepoint item`.execute(trx);
    throw error;
  }
}

// The open transactions of inTransaction, each with what waits for its commit.
const afterCommitOf = new WeakMap<Db, (() => void)[]>();

/**
 * Calls `then` once the transaction `db` commits (at once when `db` is no transaction of
 * inTransaction's); never when it rolls back. What enqueues background work uses it to wake the
 * worker only when the work can be seen.
 */
export function afterCommit(db: Db, then: () => void): void {
  const waiting = afterCommitOf.get(db);
  if (waiting) waiting.push(then);
  else then();
}

function runAfterCommit(trx: Db): void {
  const callbacks = afterCommitOf.get(trx) ?? [];
  afterCommitOf.delete(trx);
  for (const callback of callbacks) callback();
}

export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
