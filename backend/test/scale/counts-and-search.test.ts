import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/dialect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { searchKey } from '../../src/services/user-fields.js';
import { EXACT_COUNT_LIMIT, listUsers } from '../../src/services/user-list.service.js';
import { buildTestDb, dialect } from '../support/app.js';
import { migrateDownTo } from '../support/migrations.js';
import { countRows, insertUsers } from '../support/users.js';

const FILTERS = [
  {},
  { role: 'admin' },
  { role: 'viewer' },
  { status: 'disabled' },
  { role: 'manager', status: 'active' },
  { role: 'viewer', status: 'disabled' },
] as const;

describe(`kept counts and indexed search on ${dialect}`, () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ db, close } = await buildTestDb());
  });
  afterEach(async () => {
    await close();
  });

  /** meta.total for every filter must equal count(*), whatever happened before. */
  async function expectTotalsRight(): Promise<void> {
    for (const filter of FILTERS) {
      const { meta } = await listUsers(db, { ...filter, per_page: 1 });
      expect(meta, JSON.stringify(filter)).toMatchObject({
        total: await countRows(db, filter),
        total_exact: true,
      });
    }
  }

  it('keeps meta.total exact through bulk inserts, role and status changes and deletes', async () => {
    const ids = await insertUsers(
      db,
      Array.from({ length: 2500 }, (_, i) => ({
        name: `Person ${i}`,
        email: `p${i}@example.com`,
        role: (['admin', 'manager', 'viewer'] as const)[i % 3],
        status: i % 7 === 0 ? ('disabled' as const) : ('active' as const),
      })),
    );
    await expectTotalsRight();
    await db.updateTable('users').set({ role: 'manager' }).where('id', 'in', ids.slice(0, 40)).execute();
    await expectTotalsRight();
    await db.updateTable('users').set({ status: 'disabled' }).where('id', 'in', ids.slice(30, 90)).execute();
    await expectTotalsRight();
    await db
      .updateTable('users')
      .set({ role: 'admin', status: 'active' })
      .where('id', 'in', ids.slice(85, 200))
      .execute();
    await expectTotalsRight();
    await db.updateTable('users').set({ name: 'Renamed' }).where('id', 'in', ids.slice(0, 500)).execute();
    await expectTotalsRight();
    await db.deleteFrom('users').where('id', 'in', ids.slice(100, 1300)).execute();
    await expectTotalsRight();
  });

  it('moves users between roles in opposite directions at once without deadlock', async () => {
    const [a, b] = await insertUsers(db, [
      { name: 'A', email: 'a@example.com', role: 'viewer' },
      { name: 'B', email: 'b@example.com', role: 'manager' },
    ]);
    for (let round = 0; round < 5; round++) {
      const swap = round % 2 === 0;
      await Promise.all([
        db.transaction().execute(async (trx) => {
          await trx
            .updateTable('users')
            .set({ role: swap ? 'manager' : 'viewer' })
            .where('id', '=', a!)
            .execute();
          await sql`select 1`.execute(trx);
        }),
        db.transaction().execute(async (trx) => {
          await trx
            .updateTable('users')
            .set({ role: swap ? 'viewer' : 'manager' })
            .where('id', '=', b!)
            .execute();
          await sql`select 1`.execute(trx);
        }),
      ]);
      await expectTotalsRight();
    }
  });

  // The title reads the limit, so changing the limit cannot leave the title stale.
  it(`counts a search only up to ${EXACT_COUNT_LIMIT.toLocaleString('en')} matches and says when it stopped`, async () => {
    await insertUsers(
      db,
      Array.from({ length: EXACT_COUNT_LIMIT + 1 }, (_, i) => ({
        name: i < 3 ? `Needle Rare ${i}` : `Needle ${i}`,
        email: `n${i}@example.com`,
      })),
    );
    const many = await listUsers(db, { q: 'needle' });
    expect(many.meta).toMatchObject({ total: EXACT_COUNT_LIMIT, total_exact: false });
    expect(many.meta.next_cursor).not.toBeNull();
    const few = await listUsers(db, { q: 'needle rare' });
    expect(few.meta).toMatchObject({ total: 3, total_exact: true, pages: 1 });
    // Without a search the kept counts answer, exact at any size.
    expect((await listUsers(db, {})).meta).toMatchObject({
      total: EXACT_COUNT_LIMIT + 1,
      total_exact: true,
    });
  });

  const PEOPLE = [
    ['Иван Петров', 'ivan@example.ru'],
    ['Zoë Saldaña', 'zoe@example.com'],
    ['Ærøskøbing Ålborg', 'dk@example.dk'],
    ['100% Real_Name', 'percent@example.com'],
    ['Back\\Slash', 'slash@example.com'],
    ['Say "hi" there', 'quote@example.com'],
    ['Mary Smith', 'mary.smith@example.com'],
    ['MARY-ANN SMITHSON', 'maryann@example.org'],
    ['李小龙', 'li@example.cn'],
    ['Ann', 'ann@example.com'],
  ];
  const QUERIES = [
    'smith',
    'SMITH',
    'ary',
    'mi',
    'a',
    'иван',
    'ИВАН ПЕТ',
    'zoë',
    'ålborg',
    '100%',
    '%',
    '_',
    'l_n',
    'real_name',
    '\\',
    'back\\s',
    '"hi"',
    '"',
    'y "h',
    'mary.smith@example.com',
    '小龙',
    '李小龙',
    'e.c',
    'nothing like it',
  ];

  it('finds exactly the users whose name or email contains the text, in any case and script', async () => {
    await insertUsers(
      db,
      PEOPLE.map(([name, email]) => ({ name: name!, email: email! })),
    );
    const all = (await listUsers(db, { per_page: 100 })).items;
    for (const q of QUERIES) {
      const expected = all
        .filter((u) => searchKey(u.name, u.email).includes(q.toLowerCase()))
        .map((u) => u.id);
      const found = (await listUsers(db, { q, per_page: 100 })).items.map((u) => u.id);
      expect(found, q).toEqual(expected);
    }
  });

  it('follows renames and deletes in the search index', async () => {
    const [id] = await insertUsers(db, [{ name: 'Old Name', email: 'someone@example.com' }]);
    const search = async (q: string) => (await listUsers(db, { q })).items.map((u) => u.id);
    expect(await search('old name')).toEqual([id]);
    await db
      .updateTable('users')
      .set({ name: 'New Name', search_key: searchKey('New Name', 'someone@example.com') })
      .where('id', '=', id!)
      .execute();
    expect(await search('old name')).toEqual([]);
    expect(await search('new name')).toEqual([id]);
    await db.deleteFrom('users').where('id', '=', id!).execute();
    expect(await search('new name')).toEqual([]);
  });

  it('rolls back to migration 003 and forward again, recounting the users it finds', async () => {
    await insertUsers(db, [
      { name: 'Kept One', email: 'one@example.com', role: 'manager' },
      { name: 'Kept Two', email: 'two@example.com' },
    ]);
    const undone = await migrateDownTo(db, '2026_11_26_003_users_search_index');
    expect(undone.at(-1)).toBe('2026_11_26_004_users_search_and_counts');
    await insertUsers(db, [{ name: 'Added Meanwhile', email: 'three@example.com', status: 'disabled' }]);
    await migrateToLatest(db);
    await expectTotalsRight();
    expect((await listUsers(db, { q: 'meanwhile' })).items.map((u) => u.name)).toEqual(['Added Meanwhile']);
  });
});
