import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../src/schemas/users.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { failure, success } from '../support/http.js';
import { handMadeCursor, insertUsers } from '../support/users.js';

interface Meta {
  page: number;
  total: number;
  next_cursor: string | null;
}

describe(`a cursor and the query it continues, on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
    await insertUsers(
      t.app.db,
      Array.from({ length: 12 }, (_, i) => ({
        name: i % 2 === 0 ? `Ann ${i}` : `Bob ${i}`,
        email: `user${i}@example.com`,
        role: i % 3 === 0 ? 'manager' : 'viewer',
        status: i % 5 === 4 ? 'disabled' : 'active',
        created_at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
      })),
    );
  });
  afterEach(async () => {
    await t.close();
  });

  const get = (query: string) => t.inject({ method: 'GET', url: `/api/v1/users?${query}` });
  async function list(query: string) {
    const res = await get(query);
    expect(res.statusCode, `${query}: ${res.body}`).toBe(200);
    const body = success<User[]>(res);
    return { users: body.data, meta: body.meta as unknown as Meta };
  }
  /** The cursor to the second page of a query. */
  async function cursorOf(query: string): Promise<string> {
    const cursor = (await list(query)).meta.next_cursor;
    expect(cursor).not.toBeNull();
    return cursor!;
  }
  function refusal(res: Awaited<ReturnType<typeof get>>, field: string) {
    const body = failure(res, 422);
    expect(body.code).toBe('validation_error');
    expect(Object.keys(body.errors ?? {}), res.body).toEqual([field]);
  }

  const QUERY = 'q=ann&role=viewer&status=active&sort=-created_at';

  it('continues the search, filters and sort when sent alone', async () => {
    const cursor = await cursorOf(`${QUERY}&per_page=1`);
    const next = await list(`cursor=${cursor}&per_page=100`);
    const all = await list(`${QUERY}&per_page=100`);
    expect(next.users.map((u) => u.id)).toEqual(all.users.slice(1).map((u) => u.id));
    expect(next.meta).toMatchObject({ page: 2, total: all.meta.total });
    for (const user of next.users) {
      expect(user).toMatchObject({ role: 'viewer', status: 'active', name: expect.stringMatching(/^Ann/) });
    }
  });

  it('accepts the same search, filters and sort repeated next to it', async () => {
    const cursor = await cursorOf(`${QUERY}&per_page=1`);
    const alone = await list(`cursor=${cursor}`);
    expect(await list(`cursor=${cursor}&${QUERY}`)).toEqual(alone);
    // The same search, written in another case and with spaces around it.
    expect(await list(`cursor=${cursor}&q=%20ANN%20&sort=-created_at`)).toEqual(alone);
  });

  it.each([
    ['q=bob', 'q'],
    ['q=an', 'q'],
    ['role=manager', 'role'],
    ['status=disabled', 'status'],
    ['sort=created_at', 'sort'],
    ['sort=-id', 'sort'],
  ])('refuses a cursor with %s changed under it, naming that field', async (change, field) => {
    const cursor = await cursorOf(`${QUERY}&per_page=1`);
    refusal(await get(`cursor=${cursor}&${change}`), field);
  });

  it.each([
    ['q=ann', 'q'],
    ['role=viewer', 'role'],
    ['status=active', 'status'],
  ])('refuses %s added to a cursor of a query without it', async (added, field) => {
    const cursor = await cursorOf('per_page=1');
    refusal(await get(`cursor=${cursor}&${added}`), field);
  });

  it('refuses a cursor together with a page number, even page 1', async () => {
    const cursor = await cursorOf('per_page=1');
    refusal(await get(`cursor=${cursor}&page=2`), 'page');
    refusal(await get(`cursor=${cursor}&page=1`), 'page');
  });

  it('follows the cursor of a long search whose lower case is longer than it is', async () => {
    // 100 emoji are 200 UTF-16 units: the search below is 102 characters and 202 units.
    const name = '😀'.repeat(100);
    await insertUsers(t.app.db, [
      { name, email: 'a1@example.com' },
      { name, email: 'a2@example.com' },
    ]);
    const q = encodeURIComponent(`${name}\na`);
    const cursor = await cursorOf(`q=${q}&per_page=1`);
    expect((await list(`cursor=${cursor}`)).users.map((u) => u.email)).toEqual(['a2@example.com']);
  });

  const valid = { v: 1, sort: 'id', after: [3, 3], page: 2 };
  const at = (sort: string, value: unknown) => ({ ...valid, sort, after: [value, 3] });

  it.each([
    ['text that is not base64', 'not a cursor!'],
    ['base64 of text that is not JSON', Buffer.from('hello').toString('base64url')],
    ['base64 of cut-off JSON', handMadeCursor(valid).slice(0, -4)],
    ['JSON null', handMadeCursor(null)],
    ['a JSON array', handMadeCursor([1, 2])],
    ['an empty object', handMadeCursor({})],
    ['no version', handMadeCursor({ ...valid, v: undefined })],
    ['version 2', handMadeCursor({ ...valid, v: 2 })],
    ['version "1"', handMadeCursor({ ...valid, v: '1' })],
    ['an unknown sort', handMadeCursor({ ...valid, sort: 'password_hash' })],
    ['an unknown role', handMadeCursor({ ...valid, role: 'owner' })],
    ['an unknown status', handMadeCursor({ ...valid, status: 'deleted' })],
    ['an empty search', handMadeCursor({ ...valid, q: '' })],
    ['a search that is not text', handMadeCursor({ ...valid, q: 5 })],
    ['no position', handMadeCursor({ ...valid, after: undefined })],
    ['a position of one value', handMadeCursor({ ...valid, after: [3] })],
    ['a position of three values', handMadeCursor({ ...valid, after: [3, 3, 3] })],
    ['a position object', handMadeCursor({ ...valid, after: { value: 3, id: 3 } })],
    ['an id of 0', handMadeCursor({ ...valid, after: [3, 0] })],
    ['a fractional id', handMadeCursor({ ...valid, after: [3, 2.5] })],
    ['an id as text', handMadeCursor({ ...valid, after: [3, '3'] })],
    ['page 1', handMadeCursor({ ...valid, page: 1 })],
    ['page as text', handMadeCursor({ ...valid, page: '2' })],
    ['an extra field', handMadeCursor({ ...valid, offset: 40 })],
    ['text for an id sort', handMadeCursor(at('id', '3'))],
    ['a number for a name sort', handMadeCursor(at('name', 3))],
    ['a number for an email sort', handMadeCursor(at('-email', 3))],
    ['a number for a time sort', handMadeCursor(at('created_at', 1767225600000))],
    ['a year for a time sort', handMadeCursor(at('created_at', '2020'))],
    ['a date for a time sort', handMadeCursor(at('-updated_at', '2020-01-01'))],
    ['a time without milliseconds', handMadeCursor(at('created_at', '2020-01-01T00:00:00Z'))],
    ['a time with an offset', handMadeCursor(at('created_at', '2020-01-01T00:00:00.000+00:00'))],
    ['a time that is not one', handMadeCursor(at('updated_at', 'yesterday'))],
    ['an impossible date', handMadeCursor(at('created_at', '2020-02-30T00:00:00.000Z'))],
  ])('refuses a cursor of %s with a 422 naming cursor', async (_, cursor) => {
    refusal(await get(`cursor=${cursor}`), 'cursor');
  });

  // Values that pass the cursor's own checks but that a database cannot compare with its
  // columns: each must be refused before it reaches SQL, not end as a server error.
  it.each([
    ['an id past a 32-bit integer', handMadeCursor({ ...valid, after: [3, 2 ** 31] })],
    ['an id sort value past a 32-bit integer', handMadeCursor({ ...valid, after: [1e20, 3] })],
    ['a NUL character in a name', handMadeCursor(at('name', 'Ann\u0000'))],
    ['a NUL character in the search', handMadeCursor({ ...valid, q: 'an\u0000n' })],
    ['year 0', handMadeCursor(at('created_at', '0000-01-01T00:00:00.000Z'))],
    ['a year before 0', handMadeCursor(at('created_at', '-000001-01-01T00:00:00.000Z'))],
    ['a year past 9999', handMadeCursor(at('-created_at', '+010000-01-01T00:00:00.000Z'))],
  ])('refuses a cursor with %s with a 422, not a server error', async (_, cursor) => {
    refusal(await get(`cursor=${cursor}`), 'cursor');
  });

  it('accepts a well-formed hand-made cursor like one it gave out', async () => {
    const page = await list(`cursor=${handMadeCursor(valid)}&per_page=2`);
    expect(page.meta.page).toBe(2);
    expect(page.users.map((u) => u.id)).toEqual([4, 5]);
  });
});
