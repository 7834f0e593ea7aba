import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/dialect.js';
import { ValidationError } from '../../src/errors.js';
import { USER_SORT_VALUES, type ListUsersQuery } from '../../src/schemas/users.js';
import { listUsers } from '../../src/services/user-list.service.js';
import { buildTestDb, dialect } from '../support/app.js';
import { rejection } from '../support/errors.js';
import { handMadeCursor, insertUsers } from '../support/users.js';

const NAMES = ['Ada', 'Ada', 'Bob', 'Zoë', 'Ива', 'ann', 'Ann', 'Bob', 'Ada', 'Carl'];
const ROLES = ['viewer', 'manager', 'viewer', 'admin'] as const;
const TIMES = ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-01T00:00:00.000Z'];

describe(`cursor pagination on ${dialect}`, () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ db, close } = await buildTestDb());
    // Names, roles and creation times repeat, so every sort meets ties that the id must break.
    await insertUsers(
      db,
      Array.from({ length: 37 }, (_, i) => ({
        name: NAMES[i % NAMES.length]!,
        email: `person${i}@example.com`,
        role: ROLES[i % ROLES.length],
        status: i % 5 === 0 ? 'disabled' : 'active',
        created_at: TIMES[i % TIMES.length],
        last_login_at: i % 3 === 1 ? null : TIMES[(i + 1) % TIMES.length],
      })),
    );
  });
  afterEach(async () => {
    await close();
  });

  async function byPages(query: ListUsersQuery): Promise<number[]> {
    const ids: number[] = [];
    for (let page = 1; ; page++) {
      const { items } = await listUsers(db, { ...query, page });
      if (items.length === 0) return ids;
      ids.push(...items.map((u) => u.id));
    }
  }

  async function byCursor(query: ListUsersQuery): Promise<{ ids: number[]; pages: number[] }> {
    let result = await listUsers(db, query);
    const ids = result.items.map((u) => u.id);
    const pages = [result.meta.page];
    while (result.meta.next_cursor !== null) {
      result = await listUsers(db, { per_page: query.per_page, cursor: result.meta.next_cursor });
      ids.push(...result.items.map((u) => u.id));
      pages.push(result.meta.page);
    }
    return { ids, pages };
  }

  const filters: ListUsersQuery[] = [
    {},
    { role: 'viewer' },
    { q: 'ad' },
    { role: 'manager', status: 'active' },
  ];

  for (const sort of USER_SORT_VALUES) {
    it(`visits every user once, in page order, sorted by ${sort} with any filter`, async () => {
      for (const filter of filters) {
        const query = { ...filter, sort, per_page: 4 };
        const expected = await byPages(query);
        const walked = await byCursor(query);
        expect(walked.ids).toEqual(expected);
        expect(new Set(walked.ids).size).toBe(walked.ids.length);
        expect(walked.pages).toEqual(walked.pages.map((_, i) => i + 1));
        expect(walked.ids.length).toBe((await listUsers(db, query)).meta.total);
      }
    });
  }

  it('lets the page size change along the way and ends with a null cursor', async () => {
    const first = await listUsers(db, { per_page: 30 });
    const second = await listUsers(db, { per_page: 10, cursor: first.meta.next_cursor! });
    expect(second.items.map((u) => u.id)).toEqual((await byPages({ per_page: 40 })).slice(30, 37));
    expect(second.meta).toMatchObject({ page: 2, per_page: 10, next_cursor: null });
  });

  it('is not shifted by a user added or removed before its position, as page numbers are', async () => {
    const first = await listUsers(db, { per_page: 10, sort: 'name' });
    const expectedNext = (await listUsers(db, { per_page: 10, sort: 'name', page: 2 })).items;
    // "AAA" sorts before every name on the first page; the first user leaves.
    await insertUsers(db, [{ name: 'AAA', email: 'early@example.com' }]);
    await db.deleteFrom('users').where('id', '=', first.items[0]!.id).execute();
    const next = await listUsers(db, { per_page: 10, cursor: first.meta.next_cursor! });
    expect(next.items.map((u) => u.id)).toEqual(expectedNext.map((u) => u.id));
  });

  it('carries its query: the same fields may be repeated, a different one is refused', async () => {
    const query = { q: 'AD', role: 'viewer', status: 'active', sort: '-name' } as const;
    const { meta } = await listUsers(db, { ...query, per_page: 2 });
    const cursor = meta.next_cursor!;
    const alone = await listUsers(db, { cursor, per_page: 2 });
    const repeated = await listUsers(db, { ...query, q: ' ad ', cursor, per_page: 2 });
    expect(repeated.items).toEqual(alone.items);
    for (const [field, value] of [
      ['q', 'bob'],
      ['role', 'manager'],
      ['status', 'disabled'],
      ['sort', 'name'],
    ] as const) {
      const error = await rejection(listUsers(db, { cursor, [field]: value }), ValidationError);
      expect(Object.keys(error.fieldErrors)).toEqual([field]);
    }
  });

  it('refuses a page number beside a cursor', async () => {
    const { meta } = await listUsers(db, { per_page: 2 });
    const error = await rejection(listUsers(db, { cursor: meta.next_cursor!, page: 2 }), ValidationError);
    expect(error.fieldErrors).toEqual({ page: ['cannot be given together with cursor'] });
  });

  const good = { v: 1, sort: 'id', after: [5, 5], page: 2 };
  const bad: [string, string][] = [
    ['not base64 JSON', 'garbage!!'],
    ['base64 of something else', Buffer.from('hello').toString('base64url')],
    ['a JSON array', handMadeCursor([1, 2])],
    ['another version', handMadeCursor({ ...good, v: 2 })],
    ['an unknown sort', handMadeCursor({ ...good, sort: 'password_hash' })],
    ['text where an id belongs', handMadeCursor({ ...good, after: ['5', 5] })],
    ['a number where a time belongs', handMadeCursor({ ...good, sort: 'created_at', after: [5, 5] })],
    ['a time PostgreSQL could not read', handMadeCursor({ ...good, sort: 'created_at', after: ['2020', 5] })],
    [
      'a time in another form',
      handMadeCursor({ ...good, sort: '-updated_at', after: ['2026-01-01 00:00:00Z', 5] }),
    ],
    ['a number where a name belongs', handMadeCursor({ ...good, sort: 'name', after: [5, 5] })],
    ['an unknown role', handMadeCursor({ ...good, role: 'root' })],
    ['an extra field', handMadeCursor({ ...good, offset: 10 })],
    ['page 1', handMadeCursor({ ...good, page: 1 })],
    ['a zero id', handMadeCursor({ ...good, after: [5, 0] })],
  ];
  for (const [what, cursor] of bad) {
    it(`refuses a cursor with ${what}, never reaching the database`, async () => {
      const error = await rejection(listUsers(db, { cursor }), ValidationError);
      expect(Object.keys(error.fieldErrors)).toEqual(['cursor']);
    });
  }

  it('accepts a hand-made cursor of the right shape, which can only ask for what a query could', async () => {
    const page = await listUsers(db, {
      cursor: handMadeCursor({ ...good, sort: '-created_at', after: [TIMES[1], 3] }),
    });
    expect(page.meta.page).toBe(2);
    expect(page.items.every((u) => u.created_at <= TIMES[1]!)).toBe(true);
  });
});
