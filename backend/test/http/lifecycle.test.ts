import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/dialect.js';
import { renderMail, type MailPayload } from '../../src/mail/templates/index.js';
import type { User } from '../../src/schemas/users.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { createUser, failure, success } from '../support/http.js';

// Issue 16: the recycle bin, sign-in filters, the dormant policy, export and erasure.

const DAY = 86_400_000;
let t: TestApp;
afterEach(async () => t?.close());

async function setLastLogin(db: Db, id: number, at: Date | null, created?: Date) {
  await db
    .updateTable('users')
    .set({ last_login_at: at?.toISOString() ?? null, ...(created && { created_at: created.toISOString() }) })
    .where('id', '=', id)
    .execute();
}

const ids = (res: { json: () => unknown }) => (res.json() as { data: User[] }).data.map((u) => u.id);

describe(`the recycle bin on ${dialect}`, () => {
  it('hides a deleted user everywhere, restores them as they were, and purges them after the window', async () => {
    const now = new Date('2026-12-10T12:00:00Z');
    let clock = now;
    t = await buildTestApp({ now: () => clock });
    const ada = await createUser(t, { name: 'Ada Lovelace', email: 'ada@example.com', role: 'manager' });
    const group = (
      await t.inject({ method: 'POST', url: '/api/v1/groups', payload: { name: 'Team' } })
    ).json<{
      data: { id: number };
    }>().data;
    await t.inject({
      method: 'POST',
      url: `/api/v1/groups/${group.id}/members`,
      payload: { user_id: ada.id },
    });

    expect((await t.inject({ method: 'DELETE', url: `/api/v1/users/${ada.id}` })).statusCode).toBe(200);
    expect((await t.inject({ method: 'GET', url: `/api/v1/users/${ada.id}` })).statusCode).toBe(404);
    expect(ids(await t.inject({ method: 'GET', url: '/api/v1/users' }))).not.toContain(ada.id);
    expect(ids(await t.inject({ method: 'GET', url: '/api/v1/users?q=lovelace' }))).toEqual([]);
    expect((await t.inject({ method: 'GET', url: '/api/v1/users?role=manager' })).json()).toMatchObject({
      meta: { total: 0 },
    });
    expect(
      (await t.inject({ method: 'GET', url: `/api/v1/groups/${group.id}/members` })).json(),
    ).toMatchObject({ data: [], meta: { total: 0 } });
    const bin = await t.inject({ method: 'GET', url: '/api/v1/users/deleted' });
    expect(bin.json()).toMatchObject({
      data: [{ id: ada.id, email: 'ada@example.com' }],
      meta: { total: 1 },
    });

    const restored = await t.inject({ method: 'POST', url: `/api/v1/users/${ada.id}/restore` });
    expect(success<User>(restored).data).toMatchObject({ ...ada, version: ada.version + 2 });
    expect(
      (await t.inject({ method: 'GET', url: `/api/v1/groups/${group.id}/members` })).json(),
    ).toMatchObject({
      meta: { total: 1 },
    });

    // Deleted again; the purge of the day after the window removes the row for good.
    await t.inject({ method: 'DELETE', url: `/api/v1/users/${ada.id}` });
    clock = new Date(now.getTime() + 31 * DAY);
    await t.app.background.drain();
    expect(await t.app.db.selectFrom('users').select('id').where('id', '=', ada.id).execute()).toEqual([]);
    const purged = await t.app.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'user.purged')
      .execute();
    expect(purged).toMatchObject([{ actor_id: null, target_id: String(ada.id) }]);
  });

  it('answers 409 to a restore when the email was taken meanwhile, and purges at once with purge=true', async () => {
    t = await buildTestApp();
    const ada = await createUser(t, { name: 'Ada', email: 'ada@example.com' });
    await t.inject({ method: 'DELETE', url: `/api/v1/users/${ada.id}` });
    await createUser(t, { name: 'New Ada', email: 'ada@example.com', reuse_deleted_email: true });
    const res = await t.inject({ method: 'POST', url: `/api/v1/users/${ada.id}/restore` });
    expect(failure(res, 409).message).toMatch(/ada@example.com belongs to another user/);

    const bob = await createUser(t, { name: 'Bob', email: 'bob@example.com' });
    await t.inject({ method: 'DELETE', url: `/api/v1/users/${bob.id}?purge=true` });
    expect(await t.app.db.selectFrom('users').select('id').where('id', '=', bob.id).execute()).toEqual([]);
  });

  it('keeps the last active admin: a delete of them is refused', async () => {
    t = await buildTestApp();
    const other = await createUser(t, { name: 'Other', email: 'other@example.com', role: 'admin' });
    await t.inject({ method: 'DELETE', url: `/api/v1/users/${other.id}` });
    // The signed-in admin is the last active one; the binned admin does not count.
    const admins = await t.app.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('deleted_at', 'is', null)
      .execute();
    expect(admins.map((a) => a.id)).toEqual([t.admin.id]);
  });
});

describe(`sign-in filters and sorts on ${dialect}`, () => {
  it('filters by last sign-in before and after and never, and pages them by cursor', async () => {
    t = await buildTestApp();
    const now = Date.now();
    const users: User[] = [];
    for (let i = 0; i < 7; i++) {
      const user = await createUser(t, { name: `U${i}`, email: `u${i}@example.com` });
      await setLastLogin(t.app.db, user.id, i < 5 ? new Date(now - (i + 1) * 30 * DAY) : null);
      users.push(user);
    }
    const before = new Date(now - 100 * DAY).toISOString();
    const res = await t.inject({
      method: 'GET',
      url: `/api/v1/users?last_login_before=${before}&sort=last_login_at`,
    });
    expect(ids(res)).toEqual([users[4]!.id, users[3]!.id]);
    const after = new Date(now - 70 * DAY).toISOString();
    expect(
      ids(await t.inject({ method: 'GET', url: `/api/v1/users?last_login_after=${after}&sort=id` })),
    ).toEqual([t.admin.id, users[0]!.id, users[1]!.id]);
    expect(ids(await t.inject({ method: 'GET', url: '/api/v1/users?never_signed_in=true' }))).toEqual([
      users[5]!.id,
      users[6]!.id,
    ]);

    // Descending by last sign-in, two at a time: never signed in first, then most recent.
    const seen: number[] = [];
    let url = `/api/v1/users?never_signed_in=false&sort=-last_login_at&per_page=2`;
    for (;;) {
      const page = (await t.inject({ method: 'GET', url })).json<{
        data: User[];
        meta: { next_cursor: string | null };
      }>();
      seen.push(...page.data.map((u) => u.id));
      if (!page.meta.next_cursor) break;
      url = `/api/v1/users?cursor=${page.meta.next_cursor}&per_page=2&never_signed_in=false`;
    }
    // The test's admin signed in just now: the latest sign-in.
    expect(seen).toEqual([t.admin.id, ...users.slice(0, 5).map((u) => u.id)]);
    // A cursor carries its filters: the same one again is fine, a different one is a 422.
    const first = (
      await t.inject({
        method: 'GET',
        url: '/api/v1/users?never_signed_in=false&sort=-last_login_at&per_page=2',
      })
    ).json<{ meta: { next_cursor: string } }>().meta.next_cursor;
    const same = await t.inject({
      method: 'GET',
      url: `/api/v1/users?cursor=${first}&never_signed_in=false`,
    });
    expect(same.statusCode).toBe(200);
    const mismatch = await t.inject({
      method: 'GET',
      url: `/api/v1/users?cursor=${first}&never_signed_in=true`,
    });
    expect(failure(mismatch, 422).errors).toHaveProperty('never_signed_in');
  });
});

describe(`the dormant-account policy on ${dialect}`, () => {
  it('previews, then disables the idle, warns those about to be, and keeps the last admin', async () => {
    const now = new Date('2026-12-10T12:00:00Z');
    t = await buildTestApp({ now: () => now, env: { DORMANT_AFTER_DAYS: '90', DORMANT_WARN_DAYS: '7' } });
    // Mail is the email work's deliverer; here one that takes every message.
    const idle = await createUser(t, { name: 'Idle', email: 'idle@example.com' });
    const soon = await createUser(t, { name: 'Soon', email: 'soon@example.com' });
    const fresh = await createUser(t, { name: 'Fresh', email: 'fresh@example.com' });
    const never = await createUser(t, { name: 'Never', email: 'never@example.com' });
    await setLastLogin(t.app.db, idle.id, new Date(now.getTime() - 120 * DAY));
    await setLastLogin(t.app.db, soon.id, new Date(now.getTime() - 85 * DAY));
    await setLastLogin(t.app.db, fresh.id, new Date(now.getTime() - 5 * DAY));
    await setLastLogin(t.app.db, never.id, null, new Date(now.getTime() - 200 * DAY));
    // The only admin has been idle too: kept.
    await setLastLogin(t.app.db, t.admin.id, new Date(now.getTime() - 300 * DAY));

    const preview = (await t.inject({ method: 'GET', url: '/api/v1/policies/dormant/preview' })).json<{
      data: { counts: { disable: number; warn: number; kept_admins: number }; disable: { id: number }[] };
    }>().data;
    expect(preview.counts).toEqual({ disable: 2, warn: 1, kept_admins: 1 });

    await t.app.background.drain();
    const status = async (id: number) =>
      (await t.app.db.selectFrom('users').select('status').where('id', '=', id).executeTakeFirstOrThrow())
        .status;
    expect(await status(idle.id)).toBe('disabled');
    expect(await status(never.id)).toBe('disabled');
    expect(await status(soon.id)).toBe('active');
    expect(await status(fresh.id)).toBe('active');
    expect(await status(t.admin.id)).toBe('active');
    const events = await t.app.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'user.updated')
      .where('actor_id', 'is', null)
      .execute();
    expect(events.map((e) => Number(e.target_id)).sort()).toEqual([idle.id, never.id].sort());
    expect(JSON.parse(events[0]!.changes!)).toMatchObject({
      reason: [null, expect.stringMatching(/dormant-account policy/)],
    });

    // A second drain the same day runs nothing again; a run asked for now is a job.
    await t.app.background.drain();
    const jobs = await t.app.db
      .selectFrom('jobs')
      .select(['kind', 'unique_key'])
      .where('kind', '=', 'users.dormant')
      .execute();
    expect(jobs).toHaveLength(1);
    const run = await t.inject({ method: 'POST', url: '/api/v1/policies/dormant/run' });
    expect(run.statusCode).toBe(202);
    expect(run.json()).toMatchObject({ data: { kind: 'users.dormant', state: 'queued' } });
  });

  it('warns by mail (an outbox message) when a mail deliverer is registered', async () => {
    const now = new Date('2026-12-10T12:00:00Z');
    const sent: unknown[] = [];
    t = await buildTestApp({
      now: () => now,
      env: { DORMANT_AFTER_DAYS: '90', DORMANT_WARN_DAYS: '7' },
      beforeReady: (app) => app.background.deliver('mail', async (m) => void sent.push(m)),
    });
    const soon = await createUser(t, { name: 'Soon', email: 'soon@example.com' });
    await setLastLogin(t.app.db, soon.id, new Date(now.getTime() - 85 * DAY));
    await t.app.background.drain();
    expect(sent).toMatchObject([
      { kind: 'mail', recipient: 'soon@example.com', payload: { template: 'dormant-warning' } },
    ]);
    // The real template renders it: the day of the disable, and the sign-in page as its link.
    const mail = renderMail((sent[0] as { payload: MailPayload }).payload, 'https://console.test');
    expect(mail.subject).toBe('Your User Management System account will be disabled on 2026-12-15');
    expect(mail.text).toContain('Hello Soon,');
    expect(mail.text).toContain('https://console.test/console/');
    expect(mail.html).toContain('href="https://console.test/console/"');
  });
});

describe(`export and erasure on ${dialect}`, () => {
  it('exports everything about a person without a hash or token', async () => {
    t = await buildTestApp();
    const ada = await createUser(t, {
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      password: 'a long password for ada',
    });
    await t.inject({ method: 'PATCH', url: `/api/v1/users/${ada.id}`, payload: { role: 'manager' } });
    await t.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ada@example.com', password: 'a long password for ada' },
    });
    const res = await t.inject({ method: 'GET', url: `/api/v1/users/${ada.id}/export` });
    const doc = success<Record<string, unknown>>(res).data;
    expect(doc).toMatchObject({
      profile: { id: ada.id, email: 'ada@example.com' },
      has_password: true,
      role_and_status_history: expect.arrayContaining([
        expect.objectContaining({ field: 'role', from: 'viewer', to: 'manager' }),
      ]),
      sessions: [{ user_agent: expect.any(String) }],
    });
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/argon2|password_hash|token_hash|refresh/);
  });
});
