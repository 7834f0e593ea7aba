import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/dialect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/types.js';
import { listUsers } from '../../src/services/user-list.service.js';
import { dialect } from '../support/app.js';
import { freshSchema } from '../support/postgres-database.js';
import { insertUsers } from '../support/users.js';

/**
 * The users list's sorts by role, status and last sign-in each have an index (migration 007),
 * and the last sign-in's is on an expression the repository must write exactly as the migration
 * does. Each page query the list sends, the first page and one after a cursor, is explained on
 * the database: it must read the index in order and sort nothing itself.
 */

const INDEXES: Record<string, string> = {
  role: 'users_role_id_idx',
  status: 'users_status_id_idx',
  last_login_at: 'users_last_login_idx',
};

describe(`the indexes the users list sorts by, on ${dialect}`, () => {
  let db: Db;
  let close: () => Promise<void>;
  const sent: CompiledQuery[] = [];
  const log = (event: LogEvent) => {
    if (event.level === 'query') sent.push(event.query);
  };

  beforeAll(async () => {
    // Kysely on its own, without the fast path, so every query the list runs goes through `log`.
    if (dialect === 'sqlite') {
      const kysely = new Kysely<Database>({
        dialect: new SqliteDialect({ database: new SQLite(':memory:') }),
        log,
      });
      db = kysely;
      close = () => kysely.destroy();
    } else {
      const { url, schema, drop } = await freshSchema('t');
      const pool = new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` });
      const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
      db = kysely;
      close = async () => {
        await kysely.destroy();
        await drop();
      };
    }
    await migrateToLatest(db);
    await insertUsers(
      db,
      Array.from({ length: 60 }, (_, i) => ({
        name: `Person ${i}`,
        email: `person${i}@example.com`,
        role: (['admin', 'manager', 'viewer'] as const)[i % 3],
        status: i % 4 === 0 ? 'disabled' : 'active',
        last_login_at: i % 3 === 0 ? null : `2026-0${1 + (i % 9)}-01T00:00:00.000Z`,
      })),
    );
  });
  afterAll(async () => {
    await close();
  });

  /** The plan of `query` as text: SQLite's query plan, or PostgreSQL's with sorting priced out. */
  async function plan(query: CompiledQuery): Promise<string> {
    if (dialect === 'sqlite') {
      const { rows } = await db.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
      );
      return rows.map((r) => r.detail).join('\n');
    }
    // On a table this small PostgreSQL would rather scan and sort; forbidding both leaves an
    // index in order as the only cheap plan, if the query can use one.
    return db.transaction().execute(async (trx) => {
      await trx.executeQuery(CompiledQuery.raw('set local enable_seqscan = off'));
      await trx.executeQuery(CompiledQuery.raw('set local enable_sort = off'));
      const { rows } = await trx.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]),
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  }

  /** The page query of one list request (the one that orders rows). */
  async function pageQuery(run: () => Promise<unknown>): Promise<CompiledQuery> {
    sent.length = 0;
    await run();
    const query = sent.find((q) => /order by/i.test(q.sql));
    if (!query) throw new Error('the list sent no ordered query');
    return query;
  }

  for (const [field, index] of Object.entries(INDEXES)) {
    for (const sort of [field, `-${field}`] as const) {
      it(`reads ${index} in order for sort=${sort}, on the first page and after a cursor`, async () => {
        const request = { sort: sort as never, per_page: 7 };
        const first = await listUsers(db, request);
        const cursor = first.meta.next_cursor!;
        for (const query of [
          await pageQuery(() => listUsers(db, request)),
          await pageQuery(() => listUsers(db, { cursor, per_page: 7 })),
        ]) {
          const text = await plan(query);
          expect(text, query.sql).toContain(index);
          expect(text, query.sql).not.toMatch(/TEMP B-TREE|Sort/);
        }
      });
    }
  }
});
