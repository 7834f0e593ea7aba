import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPostgres, type Db } from '../../src/db/dialect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { ROLES } from '../../src/domain/roles.js';
import { STATUSES } from '../../src/domain/statuses.js';
import { listUsers } from '../../src/services/user-list.service.js';
import { buildTestDb, dialect, freshDbForEachTest } from '../support/app.js';
import { migrateDownTo, migrateTo, migrationBefore, migrationsAfter } from '../support/migrations.js';
import { countRows, insertUsers } from '../support/users.js';

// Named, never "the latest": a later migration must not break these. The way back up is to the
// latest, because the services these tests read through expect the schema of today.
const MIGRATION = '2026_11_26_004_users_search_and_counts';
const BEFORE = '2026_11_26_003_users_search_index';
const MERGING = '2026_11_26_005_users_search_merging';

describe(`migration 004 (user counts and search index) down and up on ${dialect}`, () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ db, close } = await buildTestDb());
    await insertUsers(
      db,
      Array.from({ length: 30 }, (_, i) => ({
        name: `Early ${i}`,
        email: `early${i}@example.com`,
        role: ROLES[i % 3],
        status: STATUSES[i % 4 === 0 ? 1 : 0],
      })),
    );
  });
  afterEach(async () => {
    await close();
  });

  /** Back to 003, through every later migration (005 tunes the index 004 makes), 004 last. */
  async function rollBack(): Promise<void> {
    const undone = await migrateDownTo(db, BEFORE);
    expect(undone).toEqual(migrationsAfter(BEFORE).reverse());
    expect(undone.at(-1)).toBe(MIGRATION);
  }

  async function triggersOnUsers(): Promise<string[]> {
    const { rows } = isPostgres(db)
      ? await sql<{ name: string }>`select tgname as name from pg_trigger
          where tgrelid = 'users'::regclass and not tgisinternal`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_master
          where type = 'trigger' and tbl_name = 'users'`.execute(db);
    return rows.map((r) => r.name);
  }

  /** user_counts, and meta.total for each role and status, against count(*) of users. */
  async function expectExactCounts(): Promise<void> {
    const { rows } = await sql<{ role: string; status: string; n: number | string }>`
      select role, status, n from user_counts`.execute(db);
    expect(rows).toHaveLength(ROLES.length * STATUSES.length);
    for (const row of rows) expect(Number(row.n), `${row.role} ${row.status}`).toBe(await countRows(db, row));
    expect((await listUsers(db, {})).meta.total).toBe(await countRows(db));
    for (const role of ROLES) {
      expect((await listUsers(db, { role })).meta.total).toBe(await countRows(db, { role }));
    }
  }
  const found = async (q: string) => (await listUsers(db, { q, per_page: 100 })).items.map((u) => u.email);

  it('takes away the counts table, its triggers and the search index, and keeps every user', async () => {
    await rollBack();
    // Every row, read as schema 003 has it (no recycle bin yet).
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from users`.execute(db);
    expect(Number(rows[0]!.n)).toBe(30);
    await expect(sql`select n from user_counts`.execute(db)).rejects.toThrow();
    expect(await triggersOnUsers()).toEqual([]);
    if (!isPostgres(db)) await expect(sql`select rowid from users_search`.execute(db)).rejects.toThrow();
  });

  it('recounts and reindexes, on the way up, what changed while it was rolled back', async () => {
    await rollBack();
    // Writes no trigger sees: inserts, moves between roles and statuses, a rename, deletes.
    await insertUsers(db, [
      { name: 'Late Admin', email: 'late1@example.com', role: 'admin' },
      { name: 'Late Manager', email: 'late2@example.com', role: 'manager', status: 'disabled' },
    ]);
    await db.updateTable('users').set({ role: 'manager' }).where('email', 'like', 'early1%').execute();
    await db.updateTable('users').set({ status: 'disabled' }).where('role', '=', 'viewer').execute();
    await db
      .updateTable('users')
      .set({ name: 'Renamed', search_key: 'renamed\nearly5@example.com' })
      .where('email', '=', 'early5@example.com')
      .execute();
    await db.deleteFrom('users').where('email', 'in', ['early2@example.com', 'early3@example.com']).execute();

    await migrateToLatest(db);
    await expectExactCounts();
    expect(await found('late')).toEqual(['late1@example.com', 'late2@example.com']);
    expect(await found('renamed')).toEqual(['early5@example.com']);
    expect(await found('early 5')).toEqual([]);
    expect(await found('early2@')).toEqual([]);
  });

  it('keeps counting and indexing after going up again, and can go down and up once more', async () => {
    await rollBack();
    await migrateToLatest(db);
    await insertUsers(db, [{ name: 'After', email: 'after@example.com', role: 'admin' }]);
    await db.deleteFrom('users').where('email', '=', 'early0@example.com').execute();
    await expectExactCounts();
    expect(await found('after@')).toEqual(['after@example.com']);

    await rollBack();
    await migrateToLatest(db);
    await expectExactCounts();
    expect(await found('after@')).toEqual(['after@example.com']);
  });
});

describe.runIf(dialect === 'sqlite')('migration 005 (search index merging) on sqlite', () => {
  const testDb = freshDbForEachTest();

  // FTS5 keeps its settings as rows of its config table; a setting never made has no row.
  const automerge = async () =>
    (await sql<{ v: number }>`select v from users_search_config where k = 'automerge'`.execute(testDb()))
      .rows[0]?.v;

  it('sets the search index to merge eight segments at a time, and back to four going down', async () => {
    await migrateDownTo(testDb(), migrationBefore(MERGING));
    expect(await automerge()).toBe(4);
    await migrateTo(testDb(), MERGING);
    expect(await automerge()).toBe(8);
    await migrateToLatest(testDb());
    await insertUsers(testDb(), [{ name: 'Merged Later', email: 'merged@example.com' }]);
    expect((await listUsers(testDb(), { q: 'merged l' })).items.map((u) => u.email)).toEqual([
      'merged@example.com',
    ]);
  });
});
