import { sql } from 'kysely';
import type { Db } from '../src/db/dialect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { searchKey } from '../src/services/user-fields.js';
import { describeDatabase, runScript, UsageError } from './cli.js';
import { person, random } from './seed-data.js';

/**
 * `npm run db:seed -- --count N`: inserts N made-up users (default 1000), migrating first.
 * Rows go in 1,000 to a statement (well under SQLite's 32,766 bound variables) and 10,000 to a
 * transaction, so 100,000 users take seconds rather than minutes on either database.
 */

const USAGE = 'Usage: npm run db:seed -- --count N (N from 1 to 10000000)';
const ROWS_PER_INSERT = 1000;
const ROWS_PER_TRANSACTION = 50_000;

function parseCount(args: string[]): number {
  if (args.length === 0) return 1000;
  const match = /^--count(?:=| )(\S+)$/.exec(args.join(' '));
  if (!match) throw new UsageError(`Unknown arguments "${args.join(' ')}". ${USAGE}`);
  const value = match[1]!;
  const count = Number(value);
  if (!/^\d+$/.test(value) || count < 1 || count > 10_000_000) {
    throw new UsageError(`--count "${value}" is invalid: expected an integer from 1 to 10000000`);
  }
  return count;
}

async function seed(db: Db, count: number): Promise<number> {
  // Numbers continue from the highest id, so a second run never repeats an earlier email.
  const { max } = await db
    .selectFrom('users')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirstOrThrow();
  const first = Number(max ?? 0) + 1;
  const next = random(first);
  const now = Date.now();
  let inserted = 0;
  for (let start = 0; start < count; start += ROWS_PER_TRANSACTION) {
    const end = Math.min(count, start + ROWS_PER_TRANSACTION);
    await db.transaction().execute(async (trx) => {
      for (let from = start; from < end; from += ROWS_PER_INSERT) {
        const rows = [];
        for (let i = from; i < Math.min(end, from + ROWS_PER_INSERT); i++) {
          const p = person(first + i, next, now);
          rows.push({
            ...p,
            search_key: searchKey(p.name, p.email),
            created_at: p.created_at.toISOString(),
            updated_at: p.updated_at.toISOString(),
            last_login_at: p.last_login_at?.toISOString() ?? null,
          });
        }
        // An address someone already has is skipped rather than failing the whole run.
        const result = await trx
          .insertInto('users')
          .values(rows)
          .onConflict((oc) => oc.column('email').where('deleted_at', 'is', null).doNothing())
          .executeTakeFirst();
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
      }
    });
  }
  return inserted;
}

await runScript(async (db, config) => {
  const count = parseCount(process.argv.slice(2));
  console.log(`seeding ${count} users into ${describeDatabase(config.database)}`);
  await migrateToLatest(db);
  if (config.database.dialect === 'sqlite') {
    await sql`pragma cache_size = -131072`.execute(db);
  }
  const started = performance.now();
  const inserted = await seed(db, count);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  // A bulk load leaves PostgreSQL's statistics behind until autovacuum gets to the table; with
  // old ones the planner can sort every manager to show twenty of them.
  if (config.database.dialect === 'postgres') await sql`analyze users`.execute(db);
  const skipped = count - inserted;
  console.log(
    `inserted ${inserted} users in ${seconds} s` + (skipped > 0 ? ` (${skipped} skipped: email taken)` : ''),
  );
});
