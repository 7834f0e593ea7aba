import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/domain/roles.js';
import { STATUSES } from '../../src/domain/statuses.js';
import type { User } from '../../src/schemas/users.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { createUser, success } from '../support/http.js';
import { closeGate } from '../support/race.js';
import { countRows, userRow } from '../support/users.js';

// Every filter meta.total is taken from user_counts for: none, each role, each status, each pair.
const FILTERS: { role?: string; status?: string }[] = [
  {},
  ...ROLES.map((role) => ({ role })),
  ...STATUSES.map((status) => ({ status })),
  ...ROLES.flatMap((role) => STATUSES.map((status) => ({ role, status }))),
];

describe(`user counts kept by triggers, on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  /** meta.total for every filter, and the counts table itself, against count(*) of users. */
  async function expectExactCounts(): Promise<void> {
    for (const filter of FILTERS) {
      const query = new URLSearchParams({ ...filter, per_page: '1' }).toString();
      const res = await t.inject({ method: 'GET', url: `/api/v1/users?${query}` });
      const meta = success<User[]>(res).meta as unknown as { total: number; total_exact: boolean };
      expect(meta, JSON.stringify(filter)).toMatchObject({
        total: await countRows(t.app.db, filter),
        total_exact: true,
      });
    }
    const { rows } = await sql<{ role: string; status: string; n: number | string }>`
      select role, status, n from user_counts order by role, status`.execute(t.app.db);
    const expected = await Promise.all(
      FILTERS.filter((f) => f.role && f.status).map(async (key) => ({
        ...key,
        n: await countRows(t.app.db, key),
      })),
    );
    // ROLES and STATUSES are in the domain's order; the query orders the rows alphabetically.
    const key = (row: { role?: string; status?: string }) => `${row.role} ${row.status}`;
    expected.sort((a, b) => (key(a) < key(b) ? -1 : 1));
    expect(rows.map((r) => ({ ...r, n: Number(r.n) }))).toEqual(expected);
  }

  const patch = (id: number, payload: Record<string, unknown>) =>
    t.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, payload });

  async function someUsers(): Promise<User[]> {
    return [
      await createUser(t, { name: 'Vi', email: 'vi@example.com' }),
      await createUser(t, { name: 'Ma', email: 'ma@example.com', role: 'manager' }),
      await createUser(t, { name: 'Ad', email: 'ad@example.com', role: 'admin', status: 'disabled' }),
      await createUser(t, { name: 'Vd', email: 'vd@example.com', status: 'disabled' }),
    ];
  }

  it('counts the users created, by role and status', async () => {
    await someUsers();
    await expectExactCounts();
    expect(await countRows(t.app.db)).toBe(5);
  });

  it.each([
    ['the role', { role: 'manager' }],
    ['the status', { status: 'disabled' }],
    ['role and status at once', { role: 'admin', status: 'disabled' }],
    ['neither (the name only)', { name: 'Renamed' }],
    ['nothing (the same role again)', { role: 'viewer' }],
  ])('follows an update of %s', async (_, change) => {
    const [viewer] = await someUsers();
    const res = await patch(viewer!.id, change);
    expect(res.statusCode, res.body).toBe(200);
    await expectExactCounts();
  });

  it('follows a change back and forth', async () => {
    const [viewer] = await someUsers();
    for (const change of [
      { role: 'manager' },
      { status: 'disabled' },
      { role: 'viewer', status: 'active' },
    ]) {
      expect((await patch(viewer!.id, change)).statusCode).toBe(200);
      await expectExactCounts();
    }
  });

  it('follows a delete', async () => {
    const users = await someUsers();
    for (const user of users.slice(1, 3)) {
      const res = await t.inject({ method: 'DELETE', url: `/api/v1/users/${user.id}` });
      expect(res.statusCode, res.body).toBe(200);
    }
    await expectExactCounts();
    expect(await countRows(t.app.db)).toBe(3);
  });

  it('leaves the recycle bin out, invited users in, and counts a restore back (migration 015)', async () => {
    await someUsers();
    await t.app.db
      .insertInto('users')
      .values(
        Array.from({ length: 120 }, (_, i) =>
          userRow({ name: `B${i}`, email: `b${i}@example.com`, status: i % 3 === 0 ? 'invited' : 'active' }),
        ),
      )
      .execute();
    await expectExactCounts();
    const bin = (deletedAt: string | null, like: string) =>
      t.app.db.updateTable('users').set({ deleted_at: deletedAt }).where('name', 'like', like).execute();
    await bin('2026-12-01T00:00:00.000Z', 'B1%');
    await expectExactCounts();
    // A binned row that changes stays out; it comes back as it is now.
    await t.app.db.updateTable('users').set({ role: 'manager' }).where('name', 'like', 'B1%').execute();
    await expectExactCounts();
    await bin(null, 'B1_');
    await expectExactCounts();
    // Purged from the bin: nothing to take off; deleted while live: taken off.
    await t.app.db.deleteFrom('users').where('name', 'like', 'B1%').execute();
    await t.app.db.deleteFrom('users').where('name', 'like', 'B2%').execute();
    await expectExactCounts();
    expect(await countRows(t.app.db, { status: 'invited' })).toBeGreaterThan(0);
  });

  it('counts a bulk insert of 2,500 rows in one statement, without the rows it skipped', async () => {
    await someUsers();
    const rows = Array.from({ length: 2500 }, (_, i) =>
      userRow({
        name: `Bulk ${i}`,
        // Two addresses are taken already: db:seed skips such rows rather than failing.
        email: i < 2 ? ['vi@example.com', 'ma@example.com'][i]! : `bulk${i}@example.com`,
        role: ROLES[i % 3],
        status: STATUSES[i % 7 === 0 ? 1 : 0],
      }),
    );
    const result = await t.app.db
      .insertInto('users')
      .values(rows)
      .onConflict((oc) => oc.column('email').where('deleted_at', 'is', null).doNothing())
      .executeTakeFirst();
    expect(Number(result.numInsertedOrUpdatedRows)).toBe(2498);
    await expectExactCounts();
    expect(await countRows(t.app.db)).toBe(2503);
  });

  it('follows updates and deletes of many rows in one statement', async () => {
    await someUsers();
    await t.app.db
      .insertInto('users')
      .values(Array.from({ length: 300 }, (_, i) => userRow({ name: `M${i}`, email: `m${i}@example.com` })))
      .execute();
    await t.app.db.updateTable('users').set({ role: 'manager' }).where('name', 'like', 'M1%').execute();
    await expectExactCounts();
    await t.app.db
      .updateTable('users')
      .set({ status: 'disabled' })
      .where('role', '=', 'manager')
      .where('name', 'like', 'M%')
      .execute();
    await expectExactCounts();
    await t.app.db.deleteFrom('users').where('name', 'like', 'M2%').execute();
    await expectExactCounts();
  });

  describe('with two requests moving users between roles in opposite directions', () => {
    // On PostgreSQL each transaction takes a count down and another up, in opposite orders; the
    // counts must be locked in one order or the two deadlock, and PostgreSQL fails one (a 500).
    let a: User;
    let b: User;
    beforeEach(async () => {
      a = await createUser(t, { name: 'A', email: 'a@example.com', role: 'viewer' });
      b = await createUser(t, { name: 'B', email: 'b@example.com', role: 'manager' });
    });
    const swap = (toA: string, toB: string) =>
      Promise.all([patch(a.id, { role: toA }), patch(b.id, { role: toB })]);

    it('both succeed when they meet at the counts, and the counts stay exact', async () => {
      // The gate holds the viewer count: each request waits there holding whatever it took first.
      const gate = await closeGate(
        t.app,
        sql`select n from user_counts where role = 'viewer' and status = 'active' for update`,
      );
      const both = swap('manager', 'viewer');
      await gate.openWhenBlocked(2, both);
      for (const res of await both) expect(res.statusCode, res.body).toBe(200);
      await expectExactCounts();
    });

    it('both succeed round after round sent at once, and the counts stay exact', async () => {
      for (let round = 0; round < 8; round++) {
        const answers = await (round % 2 === 0 ? swap('manager', 'viewer') : swap('viewer', 'manager'));
        for (const res of answers) expect(res.statusCode, res.body).toBe(200);
      }
      await expectExactCounts();
    });
  });
});
