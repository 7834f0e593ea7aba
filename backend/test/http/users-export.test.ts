import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { auditEvents } from '../support/audit.js';
import { signIn, signedInInject } from '../support/auth.js';
import { createUser, failure } from '../support/http.js';
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
    ]);
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
    const [event] = (await auditEvents(t.app)).filter((e) => e.action === 'user.exported');
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
