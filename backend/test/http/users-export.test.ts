import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { auditEvents } from '../support/audit.js';
import { signIn, signedInInject } from '../support/auth.js';
import { createUser, failure, success } from '../support/http.js';
import { insertUsers } from '../support/users.js';

describe(`exporting users on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const exportOf = (query: string) => t.inject({ url: `/api/v1/users/export?${query}` });

  it('streams every user the filters match, in the sort asked, as CSV with a header row', async () => {
    // More than one keyset page (1,000 rows), so paging under the hood is exercised.
    const rows = Array.from({ length: 3_456 }, (_, i) => ({
      name: `Person ${String(i).padStart(4, '0')}`,
      email: `p${i}@example.com`,
      role: i % 3 === 0 ? ('manager' as const) : ('viewer' as const),
    }));
    await insertUsers(t.app.db, rows, 300);
    const res = await exportOf('role=manager&sort=-name');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="users-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const records = parse<Record<string, string>>(res.body, { columns: true });
    const expected = rows
      .filter((r) => r.role === 'manager')
      .map((r) => r.name)
      .sort()
      .reverse();
    expect(records.map((r) => r.name)).toEqual(expected);
    expect(Object.keys(records[0]!)).toEqual([
      'id',
      'name',
      'email',
      'role',
      'status',
      'created_at',
      'updated_at',
      'last_login_at',
      'email_verified_at',
    ]);
  });

  it("takes every filter of the list, through the list's own parser: the same users, in the same order", async () => {
    const rows = Array.from({ length: 1_234 }, (_, i) => ({
      name: `Person ${String(i).padStart(4, '0')}`,
      email: `p${i}@example.com`,
      role: i % 3 === 0 ? ('manager' as const) : ('viewer' as const),
      status: i % 5 === 0 ? ('disabled' as const) : ('active' as const),
    }));
    await insertUsers(t.app.db, rows, 300);
    await t.app.db
      .updateTable('users')
      .set({ email_verified_at: new Date().toISOString() })
      .where('email', 'like', 'p1%')
      .execute();
    const listed = async (query: string) => {
      const ids: number[] = [];
      for (let url = `/api/v1/users?per_page=100&${query}`; ;) {
        const page = success<{ id: number }[]>(await t.inject({ url }));
        ids.push(...page.data.map((u) => u.id));
        const next = (page.meta as unknown as { next_cursor: string | null }).next_cursor;
        if (!next) return ids;
        url = `/api/v1/users?per_page=100&cursor=${encodeURIComponent(next)}`;
      }
    };
    for (const query of [
      'email_verified=true',
      'email_verified=false&role=viewer&sort=-email',
      'status=disabled&sort=-created_at',
      'q=p12&role=manager&sort=name',
    ]) {
      const res = await exportOf(`format=ndjson&${query}`);
      expect(res.statusCode, res.body).toBe(200);
      const exported = res.body
        .trimEnd()
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { id: number }).id);
      const expected = await listed(query);
      expect(expected.length, query).toBeGreaterThan(0);
      expect(exported, query).toEqual(expected);
    }
    // A query the list does not take is refused, not ignored.
    expect(failure(await exportOf('verified=true'), 422).code).toBe('validation_error');
  });

  it('streams NDJSON, one user a line, with a search', async () => {
    await createUser(t, { name: 'Ada Lovelace', email: 'ada@example.com' });
    await createUser(t, { name: 'Grace Hopper', email: 'grace@example.com' });
    const res = await exportOf('format=ndjson&q=lovelace');
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = res.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { email: string });
    expect(lines.map((l) => l.email)).toEqual(['ada@example.com']);
  });

  it('neutralises cells a spreadsheet would run as formulas, with an apostrophe', async () => {
    const names = ['=1+2', '+SUM(A1)', '-3', '@cmd', '\tTabbed', '\rReturn', 'Plain'];
    await insertUsers(
      t.app.db,
      names.map((name, i) => ({ name, email: `f${i}@example.com` })),
    );
    const res = await exportOf('q=f&sort=email');
    const records = parse<Record<string, string>>(res.body, { columns: true });
    expect(records.map((r) => r.name)).toEqual([
      "'=1+2",
      "'+SUM(A1)",
      "'-3",
      "'@cmd",
      "'\tTabbed",
      "'\rReturn",
      'Plain',
    ]);
  });

  it('records who exported, in which format, with which filter', async () => {
    await exportOf('format=csv&role=viewer&q=ada&sort=-created_at');
    const [event] = (await auditEvents(t.app)).filter((e) => e.action === 'user.list_exported');
    expect(event).toMatchObject({
      actor_id: t.admin.id,
      target_type: null,
      changes: { format: [null, 'csv'], filter: [null, { q: 'ada', role: 'viewer', sort: '-created_at' }] },
    });
  });

  it('is for managers and admins: a viewer is refused', async () => {
    const viewer = await signIn(t.app, 'viewer');
    failure(await signedInInject(t.app, viewer.token)({ url: '/api/v1/users/export' }), 403);
    const manager = await signIn(t.app, 'manager');
    expect((await signedInInject(t.app, manager.token)({ url: '/api/v1/users/export' })).statusCode).toBe(
      200,
    );
  });

  it('refuses a format it does not write', async () => {
    failure(await exportOf('format=xlsx'), 422);
  });
});
