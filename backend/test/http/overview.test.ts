import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Overview } from '../../src/schemas/overview.js';
import { recordEvent } from '../../src/services/audit.service.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { createAccount, signIn, signedInInject, TEST_PASSWORD } from '../support/auth.js';
import { addMember, createGroup } from '../support/groups.js';
import { createUser, failure, success } from '../support/http.js';
import { insertUsers } from '../support/users.js';

const request = { ip: '192.0.2.1', userAgent: 'seed', requestId: null };
const DAY_MS = 86_400_000;
const WRONG = 'not the right password at all';

describe(`the overview on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const read = async (inject = t.inject): Promise<Overview> => {
    const res = await inject({ method: 'GET', url: '/api/v1/overview' });
    expect(res.statusCode, res.body).toBe(200);
    return success<Overview>(res).data;
  };
  const seed = (action: 'auth.login' | 'auth.login_failed' | 'auth.logout', at: string, times = 1) =>
    Promise.all(
      Array.from({ length: times }, () =>
        recordEvent(t.app.db, { action, actor: null, actorEmail: 'x@example.com', request }, new Date(at)),
      ),
    );
  const attempt = (email: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

  it('counts users by status and role from the kept counts, every one listed, zeros included', async () => {
    await insertUsers(t.app.db, [
      { name: 'V1', email: 'v1@example.com' },
      { name: 'V2', email: 'v2@example.com', status: 'disabled' },
      { name: 'V3', email: 'v3@example.com' },
      { name: 'M1', email: 'm1@example.com', role: 'manager', status: 'disabled' },
    ]);

    const { users } = await read();

    // The test's admin is the fifth user.
    expect(users).toEqual({
      total: 5,
      by_status: [
        { status: 'active', count: 3 },
        { status: 'disabled', count: 2 },
        { status: 'invited', count: 0 },
      ],
      by_role: [
        { role: 'viewer', count: 3 },
        { role: 'manager', count: 1 },
        { role: 'admin', count: 1 },
      ],
    });
  });

  it('counts sign-ins and failures per UTC day over the last 30 days, today last, empty days as zeros', async () => {
    const first = await read();
    const today = first.sign_ins.to;
    expect([
      new Date().toISOString().slice(0, 10),
      new Date(Date.now() - DAY_MS).toISOString().slice(0, 10),
    ]).toContain(today);
    const dayBefore = (n: number) => new Date(Date.parse(today) - n * DAY_MS).toISOString().slice(0, 10);
    // The window's first and last instants count; the instant before the first does not.
    await seed('auth.login', `${dayBefore(29)}T00:00:00.000Z`);
    await seed('auth.login', `${dayBefore(30)}T23:59:59.999Z`, 5);
    await seed('auth.login_failed', `${dayBefore(30)}T12:00:00.000Z`, 2);
    await seed('auth.login_failed', `${dayBefore(10)}T08:00:00.000Z`, 2);
    await seed('auth.login', `${today}T23:59:59.999Z`, 2);
    await seed('auth.logout', `${today}T10:00:00.000Z`, 4);
    // Through the API: one wrong password, and the sign-in that set up the test.
    expect((await attempt(t.admin.email, WRONG)).statusCode).toBe(401);

    const { sign_ins } = await read();

    expect(sign_ins.from).toBe(dayBefore(29));
    expect(sign_ins.to).toBe(today);
    expect(sign_ins.days.map((d) => d.day)).toEqual(Array.from({ length: 30 }, (_, i) => dayBefore(29 - i)));
    const busy = sign_ins.days.filter((d) => d.succeeded > 0 || d.failed > 0);
    expect(busy).toEqual([
      { day: dayBefore(29), succeeded: 1, failed: 0 },
      { day: dayBefore(10), succeeded: 0, failed: 2 },
      { day: today, succeeded: 3, failed: 1 },
    ]);
  });

  it('keeps the daily counts equal to count(*) of the events through bulk inserts and deletes', async () => {
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1 + (i % 40), i % 24)).toISOString();
    const rows = Array.from({ length: 600 }, (_, i) => ({
      occurred_at: at(i),
      action: ['auth.login', 'auth.login_failed', 'user.updated'][i % 3]!,
    }));
    await t.app.db.insertInto('audit_events').values(rows).execute();
    await t.app.db.deleteFrom('audit_events').where('occurred_at', '<', '2026-01-09T00:00:00.000Z').execute();

    const day =
      dialect === 'postgres'
        ? sql`to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD')`
        : sql`substr(occurred_at, 1, 10)`;
    const { rows: truth } = await sql<{ day: string; action: string; n: number | string }>`
      select ${day} as day, action, count(*) as n from audit_events
      where action in ('auth.login', 'auth.login_failed') group by 1, 2 order by 1, 2`.execute(t.app.db);
    const kept = await t.app.db
      .selectFrom('audit_daily_counts')
      .selectAll()
      .where('n', '>', 0)
      .orderBy('day')
      .orderBy('action')
      .execute();
    expect(kept.map((r) => ({ ...r, n: Number(r.n) }))).toEqual(truth.map((r) => ({ ...r, n: Number(r.n) })));
    expect(truth.length).toBeGreaterThan(50);
  });

  it('lists the accounts locked now, and drops one when an admin lifts its lock', async () => {
    const locked = await createAccount(t.app, 'viewer', 'locked@example.com');
    const other = await createAccount(t.app, 'viewer', 'four-wrong@example.com');
    for (let i = 0; i < 5; i++) expect((await attempt(locked.email, WRONG)).statusCode).toBe(401);
    for (let i = 0; i < 4; i++) expect((await attempt(other.email, WRONG)).statusCode).toBe(401);

    const before = await read();
    expect(before.locked).toEqual({
      count: 1,
      count_exact: true,
      accounts: [
        { id: locked.id, name: 'Test viewer', email: locked.email, locked_until: expect.any(String) },
      ],
      lockout_store: 'memory',
    });
    expect(Date.parse(before.locked!.accounts[0]!.locked_until)).toBeGreaterThan(Date.now());

    expect((await t.inject({ method: 'DELETE', url: `/api/v1/users/${locked.id}/lockout` })).statusCode).toBe(
      200,
    );
    expect((await read()).locked).toMatchObject({ count: 0, accounts: [] });
    expect((await attempt(locked.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('shows the newest changes people made, named as the audit log names them, each once', async () => {
    const ada = await createUser(t, { name: 'Ada Lovelace', email: 'ada@example.com' });
    const group = await createGroup(t, { name: 'Engineers' });
    await addMember(t, group.id, ada.id);
    await t.inject({ method: 'PATCH', url: `/api/v1/users/${ada.id}`, payload: { name: 'Ada L.' } });
    // Sign-in traffic is not a change.
    await attempt('ada@example.com', WRONG);
    await signIn(t.app, 'viewer');

    const { recent_actions } = await read();

    expect(recent_actions!.map((e) => e.action)).toEqual([
      'user.updated',
      'group.member_added',
      'group.created',
      'user.created',
    ]);
    expect(recent_actions![0]).toMatchObject({
      actor_id: t.admin.id,
      actor_name: 'Test admin',
      target_type: 'user',
      target_id: String(ada.id),
      target_name: 'Ada L.',
      changes: { name: ['Ada Lovelace', 'Ada L.'] },
    });
  });

  it('answers at most the 10 newest changes, newest first, across actions', async () => {
    for (let i = 0; i < 12; i++) {
      await recordEvent(
        t.app.db,
        {
          action: i % 2 ? 'user.updated' : 'group.updated',
          actor: { id: t.admin.id, email: t.admin.email },
          target: { type: i % 2 ? 'user' : 'group', id: i },
          request,
        },
        new Date(Date.UTC(2030, 0, 1, i)),
      );
    }
    const { recent_actions } = await read();
    expect(recent_actions!.map((e) => e.target_id)).toEqual([
      '11',
      '10',
      '9',
      '8',
      '7',
      '6',
      '5',
      '4',
      '3',
      '2',
    ]);
  });

  it('reads each action newest first, ties by id, past an action with more events than a page', async () => {
    const event = (action: 'user.updated' | 'group.updated', id: number, hour: number) =>
      recordEvent(
        t.app.db,
        {
          action,
          actor: { id: t.admin.id, email: t.admin.email },
          target: { type: action === 'user.updated' ? 'user' : 'group', id },
          request,
        },
        new Date(Date.UTC(2030, 0, 1, hour)),
      );
    await event('user.updated', 900, 1);
    // 25 at one instant: more than the 20 each action is cut at, so order among them is by id.
    for (let i = 0; i < 25; i++) await event('group.updated', 100 + i, 2);
    await event('user.updated', 901, 3);

    const { recent_actions } = await read();

    expect(recent_actions!.map((e) => e.target_id)).toEqual([
      '901',
      ...Array.from({ length: 9 }, (_, i) => String(124 - i)),
    ]);
  });

  it('shows each role what it may see: locks to admins, changes to those who read the audit log', async () => {
    const as = async (role: 'viewer' | 'manager') =>
      read(signedInInject(t.app, (await signIn(t.app, role)).token));
    const viewer = await as('viewer');
    const manager = await as('manager');
    const admin = await read();

    for (const seen of [viewer, manager, admin]) expect(seen.sign_ins.days).toHaveLength(30);
    expect([viewer.locked, viewer.recent_actions]).toEqual([null, null]);
    expect([manager.locked, manager.recent_actions]).toEqual([null, null]);
    expect(admin.locked).not.toBeNull();
    expect(admin.recent_actions).not.toBeNull();
    failure(await t.app.inject({ method: 'GET', url: '/api/v1/overview' }), 401);
  });
});
