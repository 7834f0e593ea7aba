import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../src/schemas/users.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { createUser, createUsers, failure, success } from '../support/http.js';

describe(`listing users on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const list = async (query: string) => {
    const res = await t.inject({ method: 'GET', url: `/api/v1/users?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return success<User[]>(res);
  };
  // The signed-in admin that t.inject acts as is a user too: counts include it, and name lists
  // leave it out so they read as the users each test made.
  const names = async (query: string) =>
    (await list(query)).data.filter((u) => u.id !== t.admin.id).map((u) => u.name);

  it('answers the first page of 20 with true meta by default', async () => {
    const body = await list('');
    expect(body).toEqual({
      status: 'success',
      data: [expect.objectContaining({ id: t.admin.id })],
      message: null,
      meta: {
        page: 1,
        per_page: 20,
        total: 1,
        total_exact: true,
        pages: 1,
        next_cursor: null,
        prev_cursor: null,
        last_cursor: null,
      },
    });
  });

  it('pages through users in id order by default', async () => {
    const created = await createUsers(t, ['A1', 'A2', 'A3', 'A4', 'A5']);
    const ids = [t.admin.id, ...created.map((u) => u.id)];
    const first = await list('per_page=2');
    expect(first.data.map((u) => u.id)).toEqual(ids.slice(0, 2));
    expect(first.meta).toEqual({
      page: 1,
      per_page: 2,
      total: 6,
      total_exact: true,
      pages: 3,
      next_cursor: expect.any(String),
      prev_cursor: null,
      last_cursor: expect.any(String),
    });
    const last = await list('per_page=2&page=3');
    expect(last.data.map((u) => u.id)).toEqual(ids.slice(4, 6));
    expect(last.meta).toEqual({
      page: 3,
      per_page: 2,
      total: 6,
      total_exact: true,
      pages: 3,
      next_cursor: null,
      prev_cursor: expect.any(String),
      last_cursor: null,
    });
  });

  it('continues with meta.next_cursor and answers 422 for a bad cursor or one beside page', async () => {
    const [a] = await createUsers(t, ['A', 'B', 'C']);
    const first = await list('per_page=2&sort=-id');
    const cursor = (first.meta as unknown as { next_cursor: string }).next_cursor;
    const next = await list(`per_page=2&cursor=${cursor}`);
    expect(next.data.map((u) => u.id)).toEqual([a!.id, t.admin.id]);
    expect(next.meta).toMatchObject({ page: 2, next_cursor: null });
    const beside = failure(await t.inject({ method: 'GET', url: '/api/v1/users?page=2&cursor=abc' }), 422);
    expect(beside).toMatchObject({ code: 'validation_error', errors: { page: [expect.any(String)] } });
    const bad = failure(await t.inject({ method: 'GET', url: '/api/v1/users?cursor=abc' }), 422);
    expect(bad).toMatchObject({ code: 'validation_error', errors: { cursor: [expect.any(String)] } });
  });

  it('answers a page past the end with 200, no data and true meta', async () => {
    await createUsers(t, ['A', 'B', 'C']);
    const body = await list('per_page=2&page=5');
    expect(body.data).toEqual([]);
    expect(body.meta).toEqual({
      page: 5,
      per_page: 2,
      total: 4,
      total_exact: true,
      pages: 2,
      next_cursor: null,
      // Past the end there is no first row to go back from: page numbers lead back.
      prev_cursor: null,
      last_cursor: null,
    });
  });

  it('accepts per_page at its bounds, 1 and 100', async () => {
    await createUsers(t, ['A', 'B']);
    expect((await list('per_page=1')).data).toHaveLength(1);
    expect((await list('per_page=100')).meta).toMatchObject({ per_page: 100, total: 3, pages: 1 });
  });

  it.each([
    ['page=0', 'page'],
    ['page=-1', 'page'],
    ['page=abc', 'page'],
    ['page=1.5', 'page'],
    ['per_page=0', 'per_page'],
    ['per_page=101', 'per_page'],
    ['per_page=ten', 'per_page'],
    ['sort=password', 'sort'],
    ['sort=--id', 'sort'],
    ['role=owner', 'role'],
    ['status=deleted', 'status'],
    [`q=${'x'.repeat(201)}`, 'q'],
    ['colour=red', 'colour'],
  ])('refuses %s with a 422 naming the parameter', async (query, param) => {
    const res = await t.inject({ method: 'GET', url: `/api/v1/users?${query}` });
    const body = failure(res, 422);
    expect(body.code).toBe('validation_error');
    expect(Object.keys(body.errors ?? {})).toEqual([param]);
  });

  describe('searching with q', () => {
    beforeEach(async () => {
      await createUser(t, { name: 'Иван Петров', email: 'ivan@example.com' });
      await createUser(t, { name: 'Ada Lovelace', email: 'ADA@Analytical.Engine' });
      await createUser(t, { name: 'Ωmega Σίσυφος', email: 'sisyphus@example.gr' });
      await createUser(t, { name: '100% Sure', email: 'sure@example.com' });
      await createUser(t, { name: 'snake_case', email: 'snake@example.com' });
      await createUser(t, { name: 'back\\slash', email: 'slash@example.com' });
      await createUser(t, { name: 'Plain Name', email: 'plain@example.com' });
    });

    it('matches names case-insensitively in any script', async () => {
      expect(await names('q=иван')).toEqual(['Иван Петров']);
      expect(await names('q=ИВАН')).toEqual(['Иван Петров']);
      expect(await names(`q=${encodeURIComponent('σίσυφος')}`)).toEqual(['Ωmega Σίσυφος']);
      expect(await names('q=LOVELACE')).toEqual(['Ada Lovelace']);
    });

    it('matches a substring of the email, whatever its case', async () => {
      expect(await names('q=analytical.ENGINE')).toEqual(['Ada Lovelace']);
      expect(await names('q=example.gr')).toEqual(['Ωmega Σίσυφος']);
    });

    it('counts only the matches in meta', async () => {
      const body = await list('q=example.com&per_page=2');
      // Five made here, and the admin at admin@example.com.
      expect(body.meta).toEqual({
        page: 1,
        per_page: 2,
        total: 6,
        total_exact: true,
        pages: 3,
        next_cursor: expect.any(String),
        prev_cursor: null,
        last_cursor: expect.any(String),
      });
    });

    it('treats %, _ and \\ as literal characters, not wildcards', async () => {
      expect(await names(`q=${encodeURIComponent('%')}`)).toEqual(['100% Sure']);
      expect(await names('q=_')).toEqual(['snake_case']);
      expect(await names(`q=${encodeURIComponent('\\')}`)).toEqual(['back\\slash']);
      // As wildcards these would match "100% Sure" and "Plain Name".
      expect(await names(`q=${encodeURIComponent('1%e')}`)).toEqual([]);
      expect(await names('q=p_ain')).toEqual([]);
    });

    it('ignores surrounding whitespace and lists everyone for a blank q', async () => {
      expect(await names('q=%20%20ada%20')).toEqual(['Ada Lovelace']);
      expect((await list('q=%20')).meta?.total).toBe(8);
    });
  });

  it('filters by role and status, alone and together', async () => {
    await createUser(t, { name: 'Admin On', email: 'a1@example.com', role: 'admin' });
    await createUser(t, { name: 'Admin Off', email: 'a2@example.com', role: 'admin', status: 'disabled' });
    await createUser(t, { name: 'Manager', email: 'm@example.com', role: 'manager' });
    await createUser(t, { name: 'Viewer Off', email: 'v@example.com', status: 'disabled' });
    expect(await names('role=admin')).toEqual(['Admin On', 'Admin Off']);
    expect(await names('role=viewer')).toEqual(['Viewer Off']);
    expect(await names('status=disabled')).toEqual(['Admin Off', 'Viewer Off']);
    expect(await names('role=admin&status=active')).toEqual(['Admin On']);
    expect((await list('role=manager&status=disabled')).meta?.total).toBe(0);
  });

  describe('sorting', () => {
    // Name, email and id orders all differ, so each sort is told apart from the others.
    // Names start with distinct capitals: the order is the same under any collation.
    beforeEach(async () => {
      await createUser(t, { name: 'Carol', email: 'b@example.com' });
      await createUser(t, { name: 'Alice', email: 'c@example.com' });
      await createUser(t, { name: 'Bob', email: 'a@example.com' });
      // Carol changes last, so updated_at order differs from created_at order. The pause only
      // makes sure the clock has moved on, so her updated_at is strictly the latest.
      const carol = (await list('q=carol')).data[0]!;
      await new Promise((resolve) => setTimeout(resolve, 5));
      await t.inject({ method: 'PATCH', url: `/api/v1/users/${carol.id}`, payload: { role: 'manager' } });
    });

    const byKey = (users: User[], key: keyof User, descending: boolean) =>
      [...users].sort((a, b) => {
        const x = a[key] as string | number;
        const y = b[key] as string | number;
        const order = x < y ? -1 : x > y ? 1 : a.id - b.id;
        return descending ? -order : order;
      });

    it.each(['id', 'name', 'email', 'role', 'status', 'created_at', 'updated_at'] as const)(
      'sorts by %s ascending and, with a leading -, descending',
      async (field) => {
        const everyone = (await list('')).data;
        const ascending = await list(`sort=${field}`);
        expect(ascending.data.map((u) => u.name)).toEqual(byKey(everyone, field, false).map((u) => u.name));
        const descending = await list(`sort=-${field}`);
        expect(descending.data.map((u) => u.name)).toEqual(byKey(everyone, field, true).map((u) => u.name));
      },
    );

    it('orders by the named field, not by id', async () => {
      expect(await names('sort=name')).toEqual(['Alice', 'Bob', 'Carol']);
      expect(await names('sort=-email')).toEqual(['Alice', 'Carol', 'Bob']);
      expect(await names('sort=-updated_at')).toEqual(['Carol', 'Bob', 'Alice']);
    });

    it('keeps the sort across pages', async () => {
      expect(await names('sort=name&per_page=2&page=2')).toEqual(['Carol']);
    });

    it('sorts by role and status by their names', async () => {
      const bob = (await list('q=bob')).data[0]!;
      await t.inject({ method: 'POST', url: `/api/v1/users/${bob.id}/disable` });
      // Carol is a manager, Alice and Bob viewers; Bob is disabled.
      expect(await names('sort=role')).toEqual(['Carol', 'Alice', 'Bob']);
      expect(await names('sort=-role')).toEqual(['Bob', 'Alice', 'Carol']);
      expect(await names('sort=-status')).toEqual(['Bob', 'Alice', 'Carol']);
    });

    it('sorts by last sign-in with those who never signed in last, and first when descending', async () => {
      const everyone = (await list('')).data;
      const id = (name: string) => everyone.find((u) => u.name === name)!.id;
      const signedIn = { Alice: '2026-05-01T08:00:00.000Z', Carol: '2026-04-01T08:00:00.000Z' };
      for (const [name, at] of Object.entries(signedIn)) {
        await t.app.db.updateTable('users').set({ last_login_at: at }).where('id', '=', id(name)).execute();
      }
      // The admin signed in too (or not): left out of `names`, it cannot change the others' order.
      expect(await names('sort=last_login_at')).toEqual(['Carol', 'Alice', 'Bob']);
      expect(await names('sort=-last_login_at')).toEqual(['Bob', 'Alice', 'Carol']);
      // Across pages the never-signed-in run continues where the page left it.
      const pages: number[] = [];
      const next = (answer: { meta?: object }) =>
        (answer.meta as { next_cursor?: string | null }).next_cursor;
      let page = await list('sort=-last_login_at&per_page=1');
      pages.push(page.data[0]!.id);
      while (next(page)) {
        page = await list(`cursor=${next(page)}&per_page=1`);
        pages.push(page.data[0]!.id);
      }
      expect(pages).toEqual((await list('sort=-last_login_at')).data.map((u) => u.id));
    });
  });
});
