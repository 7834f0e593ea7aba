import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Group } from '../../src/schemas/groups.js';
import { USER_SORT_VALUES, type User } from '../../src/schemas/users.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { addMember, createGroup } from '../support/groups.js';
import { failure, success } from '../support/http.js';
import { insertUsers } from '../support/users.js';
import { listUsers, matchingIds, tiedUsers } from '../support/users-list.js';

// No one here has signed in: the group, not the sign-in filters, is what these tests page by.
const seeds = tiedUsers(30, 26).map((seed) => ({ ...seed, last_login_at: null }));

const FILTERS = ['', 'q=ann', 'role=viewer&status=active', 'q=ANN&role=admin', 'status=disabled'];

describe(`the users list filtered by group, on ${dialect}`, () => {
  let t: TestApp;
  let everyone: User[];
  let group: Group;
  let members: Set<number>;
  beforeAll(async () => {
    t = await buildTestApp();
    const ids = await insertUsers(t.app.db, seeds);
    everyone = success<User[]>(await t.inject({ method: 'GET', url: '/api/v1/users?per_page=100' })).data;
    group = await createGroup(t, { name: 'Chosen' });
    const other = await createGroup(t, { name: 'Others' });
    // Four users in five, so runs of equal sort values are split and every filter below leaves
    // some matching users out of the group.
    members = new Set(ids.filter((_, i) => i % 5 !== 1));
    for (const id of members) await addMember(t, group.id, id);
    for (const id of ids.filter((_, i) => i % 2 === 0)) await addMember(t, other.id, id);
  });
  afterAll(async () => {
    await t.close();
  });

  /** The ids the filters and the group select, worked out here from every user. */
  const matching = (filters: string, inGroup = true) =>
    matchingIds(inGroup ? everyone.filter((u) => members.has(u.id)) : everyone, filters);

  describe.each(FILTERS)('with filters "%s"', (filters) => {
    it.each(USER_SORT_VALUES)(
      'visits every member once by cursor, as by page number, with an exact total (sort %s)',
      async (sort) => {
        const query = `${filters}&group=${group.id}&sort=${sort}`;
        const expected = matching(filters);
        const byNumber: number[] = [];
        const first = await listUsers(t, `${query}&per_page=4`);
        expect(first.meta).toMatchObject({ total: expected.length, total_exact: true });
        byNumber.push(...first.ids);
        for (let page = 2; page <= first.meta.pages; page++) {
          const next = await listUsers(t, `${query}&per_page=4&page=${page}`);
          expect(next.meta.total).toBe(expected.length);
          byNumber.push(...next.ids);
        }
        let page = first;
        const byCursor = [...page.ids];
        while (page.meta.next_cursor !== null) {
          page = await listUsers(t, `cursor=${page.meta.next_cursor}&per_page=4`);
          expect(page.meta).toMatchObject({ total: expected.length, total_exact: true });
          byCursor.push(...page.ids);
        }
        expect(byCursor).toEqual(byNumber);
        expect([...byCursor].sort((a, b) => a - b)).toEqual(expected);
      },
    );
  });

  it('has data that the filters narrow, so the totals above could be wrong', () => {
    for (const filters of FILTERS) {
      expect(matching(filters).length).toBeGreaterThan(4);
      // Some users the filters select are not members: a total from user_counts would differ.
      expect(matching(filters, false).length).toBeGreaterThan(matching(filters).length);
    }
  });

  it('keeps the group in the cursor, and refuses a different one beside it', async () => {
    const first = await listUsers(t, `group=${group.id}&per_page=2`);
    const second = await listUsers(t, `cursor=${first.meta.next_cursor}&group=${group.id}&per_page=2`);
    expect(second.ids).toEqual(matching('').slice(2, 4));
    const res = await t.inject({
      method: 'GET',
      url: `/api/v1/users?cursor=${first.meta.next_cursor}&group=${group.id + 1}`,
    });
    expect(Object.keys(failure(res, 422).errors ?? {})).toEqual(['group']);
  });

  it('answers an empty list for a group that does not exist', async () => {
    expect((await listUsers(t, 'group=9999')).meta).toMatchObject({
      total: 0,
      total_exact: true,
      next_cursor: null,
    });
  });

  it('follows memberships as they change', async () => {
    const newcomer = everyone.find((u) => !members.has(u.id))!;
    await addMember(t, group.id, newcomer.id);
    expect((await listUsers(t, `group=${group.id}&per_page=100`)).ids).toContain(newcomer.id);
    await t.inject({ method: 'DELETE', url: `/api/v1/groups/${group.id}/members/${newcomer.id}` });
    expect((await listUsers(t, `group=${group.id}&per_page=100`)).meta.total).toBe(members.size);
  });
});
