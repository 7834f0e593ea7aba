import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Db } from '../../src/db/dialect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/types.js';
import { dialect } from './app.js';
import { freshSchema } from './postgres-database.js';

/**
 * A migrated database of the run's dialect whose queries are kept as sent, and a way to ask the
 * database how it would run one: for tests that a query is served by the index meant for it.
 */
export interface ExplainableDb {
  db: Db;
  /** every query sent since the last `clear` */
  sent: CompiledQuery[];
  clear(): void;
  /** SQLite's query plan, or PostgreSQL's with table scans and sorts priced out */
  plan(query: CompiledQuery): Promise<string>;
  close(): Promise<void>;
}

export async function explainableDb(): Promise<ExplainableDb> {
  const sent: CompiledQuery[] = [];
  const log = (event: LogEvent) => {
    if (event.level === 'query') sent.push(event.query);
  };
  let db: Kysely<Database>;
  let drop = async () => {};
  // Kysely on its own, without the fast path, so every query goes through `log`.
  if (dialect === 'sqlite') {
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }), log });
  } else {
    const schema = await freshSchema('t');
    const pool = new pg.Pool({
      connectionString: schema.url,
      max: 1,
      options: `-c search_path=${schema.schema}`,
    });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
    drop = schema.drop;
  }
  await migrateToLatest(db);
  return {
    db,
    sent,
    clear: () => {
      sent.length = 0;
    },
    async plan(query) {
      if (dialect === 'sqlite') {
        const { rows } = await db.executeQuery<{ detail: string }>(
          CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
        );
        return rows.map((r) => r.detail).join('\n');
      }
      // On a small table PostgreSQL would rather scan and sort; forbidding both leaves an index
      // as the only cheap plan, if the query can use one.
      return db.transaction().execute(async (trx) => {
        await trx.executeQuery(CompiledQuery.raw('set local enable_seqscan = off'));
        await trx.executeQuery(CompiledQuery.raw('set local enable_sort = off'));
        const { rows } = await trx.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]),
        );
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    },
    async close() {
      await db.destroy();
      await drop();
    },
  };
}
