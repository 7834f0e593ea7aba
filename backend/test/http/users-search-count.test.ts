import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/schemas/users.js';
import { EXACT_COUNT_LIMIT } from '../../src/services/user-list.service.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { success } from '../support/http.js';
import { countRows, insertUsers } from '../support/users.js';
import type { UsersListMeta } from '../support/users-list.js';

describe(`counting a large search on ${dialect}`, () => {
  // One more user than is counted exactly: the first EXACT_COUNT_LIMIT at cap.test, the last
  // at cap.tes, so "cap.test" matches exactly the limit and "cap.tes" one more.
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
    const seeds = Array.from({ length: EXACT_COUNT_LIMIT + 1 }, (_, i) => ({
      name: `Bulk ${i}`,
      email: `bulk${i}@${i < EXACT_COUNT_LIMIT ? 'cap.test' : 'cap.tes'}`,
      role: (['viewer', 'manager', 'admin'] as const)[i % 3],
    }));
    await insertUsers(t.app.db, seeds, 1000);
  });
  afterAll(async () => {
    await t.close();
  });

  async function meta(query: string): Promise<UsersListMeta> {
    const res = await t.inject({ method: 'GET', url: `/api/v1/users?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return success<User[]>(res).meta as unknown as UsersListMeta;
  }
  /** count(*) of the users whose search key contains `text` (plain letters and dots here). */
  const matching = async (text: string, role?: string) => {
    const byRole = role === undefined ? sql`true` : sql`role = ${role}`;
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from users
      where search_key like ${`%${text}%`} and ${byRole}`.execute(t.app.db);
    return Number(rows[0]!.n);
  };

  it('counts 1,000 exactly', () => {
    expect(EXACT_COUNT_LIMIT).toBe(1_000);
  });

  it('reports a search matching more than that as at least 1,000, not exact', async () => {
    expect(await matching('cap.tes')).toBe(EXACT_COUNT_LIMIT + 1);
    expect(await meta('q=cap.tes&per_page=20')).toEqual({
      page: 1,
      per_page: 20,
      total: EXACT_COUNT_LIMIT,
      total_exact: false,
      pages: EXACT_COUNT_LIMIT / 20,
      next_cursor: expect.any(String) as string,
      prev_cursor: null,
      last_cursor: expect.any(String) as string,
    });
  });

  it('counts a search matching exactly 1,000 exactly', async () => {
    expect(await matching('cap.test')).toBe(EXACT_COUNT_LIMIT);
    expect(await meta('q=cap.test')).toMatchObject({ total: EXACT_COUNT_LIMIT, total_exact: true });
  });

  it('counts a search matching fewer exactly', async () => {
    expect(await meta('q=bulk100')).toMatchObject({ total: await matching('bulk100'), total_exact: true });
    const filtered = await meta('q=cap.tes&role=manager');
    expect(filtered).toMatchObject({ total: await matching('cap.tes', 'manager'), total_exact: true });
    expect(filtered.total).toBeGreaterThan(300);
  });

  it('counts every user exactly when there is no search, however many', async () => {
    expect(await meta('')).toMatchObject({ total: await countRows(t.app.db), total_exact: true });
    expect(await meta('role=viewer')).toMatchObject({
      total: await countRows(t.app.db, { role: 'viewer' }),
      total_exact: true,
    });
  });

  it('gives the exact total on the last numbered page, even past the cap', async () => {
    // 1,001 matches: page 51 of 20 holds the last one, so the total is known without counting.
    expect(await meta('q=cap.tes&per_page=20&page=51')).toMatchObject({
      page: 51,
      total: EXACT_COUNT_LIMIT + 1,
      total_exact: true,
      pages: 51,
      next_cursor: null,
    });
    // A page past the end holds nothing to count from: the capped count answers.
    expect(await meta('q=cap.tes&per_page=20&page=52')).toMatchObject({
      total: EXACT_COUNT_LIMIT,
      total_exact: false,
    });
    // A full page is not the last: page 50 of the same search still reports the cap.
    expect(await meta('q=cap.tes&per_page=20&page=50')).toMatchObject({
      total: EXACT_COUNT_LIMIT,
      total_exact: false,
    });
  });
});
