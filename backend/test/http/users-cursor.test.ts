import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { USER_SORT_VALUES, type User } from '../../src/schemas/users.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { success } from '../support/http.js';
import { insertUsers, type UserSeed } from '../support/users.js';
import { listUsers, matchingIds, tiedUsers } from '../support/users-list.js';

/** Every page by number, as a client without cursors pages. */
async function pageByNumber(t: TestApp, query: string, perPage: number): Promise<number[]> {
  const ids: number[] = [];
  const first = await listUsers(t, `${query}&per_page=${perPage}`);
  ids.push(...first.ids);
  for (let page = 2; page <= first.meta.pages; page++) {
    ids.push(...(await listUsers(t, `${query}&per_page=${perPage}&page=${page}`)).ids);
  }
  return ids;
}

/**
 * Follows next_cursor from the first page to the end, sending only the cursor and a per_page
 * taken in turn from `sizes`; checks the meta of every page on the way.
 */
async function walk(t: TestApp, query: string, sizes: number[], afterFirstPage?: () => Promise<void>) {
  let page = await listUsers(t, `${query}&per_page=${sizes[0]}`);
  const ids = [...page.ids];
  for (let n = 2; page.meta.next_cursor !== null; n++) {
    expect(page.ids).toHaveLength(page.meta.per_page);
    if (n === 2) await afterFirstPage?.();
    const perPage = sizes[(n - 1) % sizes.length]!;
    page = await listUsers(t, `cursor=${page.meta.next_cursor}&per_page=${perPage}`);
    expect(page.meta).toMatchObject({ page: n, per_page: perPage });
    ids.push(...page.ids);
  }
  return ids;
}

// Ties on every sort field but email; the filters below are chosen for this data.
const seeds = tiedUsers(24);

const FILTERS = ['', 'q=ann', 'q=an&status=active', 'role=viewer&status=active', 'q=ANN&role=admin'];

describe(`walking the users list by cursor on ${dialect}`, () => {
  let t: TestApp;
  let everyone: User[];
  beforeAll(async () => {
    t = await buildTestApp();
    await insertUsers(t.app.db, seeds);
    everyone = success<User[]>(await t.inject({ method: 'GET', url: '/api/v1/users?per_page=100' })).data;
  });
  afterAll(async () => {
    await t.close();
  });

  /** The ids a query's filters select, worked out here from every user. */
  const matching = (query: string) => matchingIds(everyone, query);

  describe.each(FILTERS)('with filters "%s"', (filters) => {
    it.each(USER_SORT_VALUES)(
      'visits every user once, in the order of page numbers, sorted by %s',
      async (sort) => {
        const query = `${filters}&sort=${sort}`;
        const byNumber = await pageByNumber(t, query, 4);
        const byCursor = await walk(t, query, [4, 3, 5, 1, 2]);
        expect(byCursor).toEqual(byNumber);
        expect([...byCursor].sort((a, b) => a - b)).toEqual(matching(query));
      },
    );
  });

  it('has data to walk: ties on every sort field but email, and filters that select some', () => {
    expect(new Set(everyone.map((u) => u.name)).size).toBeLessThan(everyone.length / 4);
    expect(new Set(everyone.map((u) => u.created_at)).size).toBeLessThan(everyone.length / 4);
    expect(new Set(everyone.map((u) => u.updated_at)).size).toBeLessThan(everyone.length / 4);
    expect(new Set(everyone.map((u) => u.last_login_at)).size).toBeLessThan(everyone.length / 4);
    expect(everyone.filter((u) => u.last_login_at === null).length).toBeGreaterThan(4);
    for (const filters of FILTERS.slice(1)) {
      expect(matching(filters).length).toBeGreaterThan(4);
      expect(matching(filters).length).toBeLessThan(everyone.length);
    }
  });

  it('gives no next_cursor on the last page, even when it is full', async () => {
    // 25 users: the admin and the 24 made here.
    const last = await listUsers(t, 'per_page=5&page=5');
    expect(last.ids).toHaveLength(5);
    expect(last.meta.next_cursor).toBeNull();
    let page = await listUsers(t, 'per_page=5');
    while (page.meta.next_cursor !== null)
      page = await listUsers(t, `cursor=${page.meta.next_cursor}&per_page=5`);
    expect(page.meta.page).toBe(5);
    expect(page.ids).toEqual(last.ids);
  });

  it('gives no next_cursor when one page holds everything', async () => {
    expect((await listUsers(t, 'per_page=100')).meta.next_cursor).toBeNull();
    expect((await listUsers(t, 'q=nobody-has-this')).meta).toMatchObject({ total: 0, next_cursor: null });
  });
});

describe(`writes between cursor pages on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
    await insertUsers(t.app.db, seeds.slice(0, 10));
  });
  afterEach(async () => {
    await t.close();
  });

  // Each sort puts the new user before the first page ends: newest first, or an earlier time.
  const newcomers: [string, UserSeed][] = [
    ['-id', { name: 'New', email: 'new@example.com' }],
    ['created_at', { name: 'New', email: 'new@example.com', created_at: '2020-01-01T00:00:00.000Z' }],
  ];

  it.each(newcomers)(
    'does not shift the next page when a user is added before it (sort %s)',
    async (sort, newcomer) => {
      const before = await pageByNumber(t, `sort=${sort}`, 100);
      let added = 0;
      const walked = await walk(t, `sort=${sort}`, [3], async () => {
        added = (await insertUsers(t.app.db, [newcomer]))[0]!;
      });
      expect(walked).toEqual(before);
      expect(walked).not.toContain(added);
      // Paging by number, the same second page starts with the first page's last user again.
      const second = await listUsers(t, `sort=${sort}&per_page=3&page=2`);
      expect(second.ids[0]).toBe(before[2]);
    },
  );

  it('lets a deleted user drop out without skipping anyone, even the one the cursor stands on', async () => {
    const before = await pageByNumber(t, 'sort=-created_at', 100);
    // The last user of the first page (where the cursor points) and the first of the second.
    const gone = [before[2]!, before[3]!];
    const walked = await walk(t, 'sort=-created_at', [3], async () => {
      await t.app.db.deleteFrom('users').where('id', 'in', gone).execute();
    });
    expect(walked).toEqual([...before.slice(0, 3), ...before.slice(4)]);
  });
});
