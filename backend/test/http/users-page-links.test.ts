import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_SORT_VALUES } from '../../src/schemas/users.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { addMember, createGroup } from '../support/groups.js';
import { insertUsers, type UserSeed } from '../support/users.js';
import { listUsers, ROLES, tiedUsers } from '../support/users-list.js';

// Previous and last pages by cursor return exactly the rows a page number (an offset) returns,
// for every sort, with ties, filters, a search and a group (decision 0158).

const seeds = tiedUsers(23);

describe(`previous and last pages by cursor on ${dialect}`, () => {
  let t: TestApp;
  let filters: string[];
  beforeAll(async () => {
    t = await buildTestApp();
    const ids = await insertUsers(t.app.db, seeds);
    const group = await createGroup(t, { name: 'Some' });
    for (const id of ids.filter((_, i) => i % 3 !== 1)) await addMember(t, group.id, id);
    filters = [
      '',
      'q=ann',
      'q=an&status=active',
      'role=viewer&status=active',
      'q=ANN&role=admin',
      `group=${group.id}`,
      // The sign-in filters (issue 16) are carried by every cursor too.
      'last_login_before=2026-02-15T00:00:00Z',
      'last_login_after=2026-02-15T00:00:00Z&status=active',
      'never_signed_in=true',
      'never_signed_in=false&role=viewer',
    ];
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(USER_SORT_VALUES)(
    'matches the numbered pages going back and to the end, sorted by %s',
    async (sort) => {
      for (const filter of filters) {
        for (const perPage of [3, 4]) {
          const query = `${filter}&sort=${sort}&per_page=${perPage}`;
          const first = await listUsers(t, query);
          const numbered = [first];
          for (let page = 2; page <= first.meta.pages; page++)
            numbered.push(await listUsers(t, `${query}&page=${page}`));
          const lastNumbered = numbered.at(-1)!;
          expect(first.meta.prev_cursor, query).toBeNull();
          expect(lastNumbered.meta.last_cursor, query).toBeNull();
          if (first.meta.pages <= 1) {
            expect(first.meta.last_cursor, query).toBeNull();
            continue;
          }
          // The last page from any page but the last, by its cursor: the same rows and meta.
          const last = await listUsers(t, `cursor=${first.meta.last_cursor}&per_page=${perPage}`);
          expect(last, `${query}: last`).toEqual({
            ids: lastNumbered.ids,
            meta: { ...lastNumbered.meta, prev_cursor: last.meta.prev_cursor },
          });
          // Back from the last page to the first by prev_cursor, and back from each numbered page.
          let page = last;
          for (let n = numbered.length - 1; n >= 1; n--) {
            expect(page.meta.prev_cursor, `${query}: page ${n + 1}`).not.toBeNull();
            page = await listUsers(t, `cursor=${page.meta.prev_cursor}&per_page=${perPage}`);
            expect(page.ids, `${query}: back to page ${n}`).toEqual(numbered[n - 1]!.ids);
            expect(page.meta.page).toBe(n);
            const fromNumber = await listUsers(
              t,
              `cursor=${numbered[n]!.meta.prev_cursor}&per_page=${perPage}`,
            );
            expect(fromNumber.ids, `${query}: page ${n + 1}'s previous`).toEqual(numbered[n - 1]!.ids);
          }
          expect(page.meta.prev_cursor).toBeNull();
          // And forward again from a page reached backwards.
          const second = await listUsers(t, `cursor=${page.meta.next_cursor}&per_page=${perPage}`);
          expect(second.ids).toEqual(numbered[1]!.ids);
        }
      }
    },
  );

  it('has ties on the sort fields and filters that select some of several pages', async () => {
    for (const filter of filters.slice(1)) {
      const { meta } = await listUsers(t, `${filter}&per_page=3`);
      expect(meta.pages, filter).toBeGreaterThan(1);
      expect(meta.total, filter).toBeLessThan(seeds.length);
    }
  });

  it('counts a large search in full for its last page', async () => {
    // 1,001 more users named alike: the total of a search stops at 1,000 otherwise.
    const many = Array.from({ length: 1001 }, (_, i) => ({ name: 'Zed Many', email: `zed${i}@example.com` }));
    await insertUsers(t.app.db, many);
    const first = await listUsers(t, 'q=zed many&per_page=7');
    expect(first.meta).toMatchObject({ total: 1000, total_exact: false });
    const last = await listUsers(t, `cursor=${first.meta.last_cursor}&per_page=7`);
    expect(last.meta).toMatchObject({ total: 1001, total_exact: true, page: 143, pages: 143 });
    const byNumber = await listUsers(t, 'q=zed many&per_page=7&page=143');
    expect(last.ids).toEqual(byNumber.ids);
    expect(last.ids).toHaveLength(1001 - 142 * 7);
    await t.app.db.deleteFrom('users').where('name', '=', 'Zed Many').execute();
  });

  it('shows the first page when rows before a previous cursor went away', async () => {
    const second = await listUsers(t, 'sort=id&per_page=4&page=2');
    const firstIds = (await listUsers(t, 'sort=id&per_page=4')).ids;
    await t.app.db.deleteFrom('users').where('id', '=', firstIds[1]!).execute();
    const back = await listUsers(t, `cursor=${second.meta.prev_cursor}&per_page=4`);
    expect(back.meta).toMatchObject({ page: 1, prev_cursor: null });
    expect(back.ids).toEqual((await listUsers(t, 'sort=id&per_page=4')).ids);
  });
});

/** The ids an OFFSET gives, written here in SQL rather than taken from the code under test. */
async function byOffset(t: TestApp, where: string, descending: boolean, perPage: number, offset: number) {
  const direction = sql.raw(descending ? 'desc' : 'asc');
  const { rows } = await sql<{ id: number }>`select id from users
    where deleted_at is null and ${sql.raw(where)}
    order by id ${direction} limit ${perPage} offset ${offset}`.execute(t.app.db);
  return rows.map((r) => r.id);
}

describe(`page numbers deep into the list by id on ${dialect}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
    // Past three blocks of 1,024 ids, with gaps and role and status changes after the insert,
    // users in the recycle bin and some restored from it (migration 015: the block counts
    // leave the bin out), and last sign-ins for the filters the counts do not know.
    const many: UserSeed[] = Array.from({ length: 3500 }, (_, i) => ({
      name: `User ${i}`,
      email: `u${i}@example.com`,
      role: ROLES[(i * 7) % 3],
      status: i % 5 === 0 ? 'disabled' : 'active',
      last_login_at: i % 3 === 0 ? null : i % 2 ? '2026-01-01T00:00:00.000Z' : '2026-06-01T00:00:00.000Z',
    }));
    const ids = await insertUsers(t.app.db, many);
    await t.app.db
      .deleteFrom('users')
      .where(
        'id',
        'in',
        ids.filter((id) => id % 11 === 0 || (id > 1500 && id < 1900)),
      )
      .execute();
    await t.app.db
      .updateTable('users')
      .set({ role: 'admin' })
      .where(
        'id',
        'in',
        ids.filter((id) => id % 13 === 0),
      )
      .execute();
    await t.app.db
      .updateTable('users')
      .set({ status: 'disabled' })
      .where(
        'id',
        'in',
        ids.filter((id) => id % 17 === 0),
      )
      .execute();
    const binned = ids.filter((id) => id % 7 === 0 || (id > 2500 && id < 2700));
    await t.app.db
      .updateTable('users')
      .set({ deleted_at: '2026-12-01T00:00:00.000Z' })
      .where('id', 'in', binned)
      .execute();
    // Back from the bin, some with a new role on the way out.
    await t.app.db
      .updateTable('users')
      .set({ deleted_at: null })
      .where(
        'id',
        'in',
        binned.filter((id) => id % 2 === 0),
      )
      .execute();
    await t.app.db
      .updateTable('users')
      .set({ role: 'manager', deleted_at: '2026-12-02T00:00:00.000Z' })
      .where(
        'id',
        'in',
        ids.filter((id) => id % 29 === 0),
      )
      .execute();
  });
  afterAll(async () => {
    await t.close();
  });

  const cases: [string, string][] = [
    ['', 'true'],
    ['role=viewer', "role = 'viewer'"],
    ['role=admin', "role = 'admin'"],
    ['status=disabled', "status = 'disabled'"],
    ['role=manager&status=active', "role = 'manager' and status = 'active'"],
    // Filters user_id_blocks cannot answer: the page is found by an offset instead. Each of the
    // first two matches over 1,024 users, so its deep pages are where the block path would be.
    ['never_signed_in=false', 'last_login_at is not null'],
    ['last_login_before=2026-12-01T00:00:00Z', `last_login_at < '2026-12-01T00:00:00.000Z'`],
    [
      'role=viewer&last_login_before=2026-03-01T00:00:00Z',
      `role = 'viewer' and last_login_at < '2026-03-01T00:00:00.000Z'`,
    ],
    ['last_login_after=2026-03-01T00:00:00Z', `last_login_at >= '2026-03-01T00:00:00.000Z'`],
  ];

  it.each(cases)('answers every page with the rows of an offset, filters "%s"', async (filter, where) => {
    for (const sort of ['id', '-id']) {
      for (const perPage of [7, 100]) {
        const { meta } = await listUsers(t, `${filter}&sort=${sort}&per_page=${perPage}`);
        // Every page past the first block's worth, the last, and one past it. A filter counted
        // only up to a limit (meta.total_exact false) has more pages than meta says: count them.
        const { rows } = await sql<{ n: number | string }>`select count(*) as n from users
          where deleted_at is null and ${sql.raw(where)}`.execute(t.app.db);
        const pages = Math.ceil(Number(rows[0]!.n) / perPage);
        if (meta.total_exact) expect(pages).toBe(meta.pages);
        for (let page = 2; page <= pages + 1; page++) {
          const offset = (page - 1) * perPage;
          if (offset < 1024 && page % 9 !== 0) continue;
          const got = await listUsers(t, `${filter}&sort=${sort}&per_page=${perPage}&page=${page}`);
          const expected = await byOffset(t, where, sort === '-id', perPage, offset);
          expect(got.ids, `${filter} ${sort} per_page=${perPage} page=${page}`).toEqual(expected);
          // A lower bound stays one, until the last page, which knows the exact count.
          if (meta.total_exact) expect(got.meta.total).toBe(meta.total);
          else expect(got.meta.total).toBeGreaterThanOrEqual(meta.total);
        }
      }
    }
  });

  it('keeps the per-block counts equal to a count of the rows', async () => {
    const kept = await sql<{ role: string; status: string; block: number; n: number }>`
      select role, status, block, n from user_id_blocks where n <> 0 order by role, status, block`.execute(
      t.app.db,
    );
    const counted = await sql<{ role: string; status: string; block: number; n: number }>`
      select role, status, id / 1024 as block, count(*) as n from users where deleted_at is null
      group by role, status, id / 1024 order by role, status, block`.execute(t.app.db);
    const plain = (rows: { role: string; status: string; block: number; n: number }[]) =>
      rows.map((r) => [r.role, r.status, Number(r.block), Number(r.n)]);
    expect(plain(kept.rows)).toEqual(plain(counted.rows));
    expect(kept.rows.length).toBeGreaterThan(10);
  });
});
