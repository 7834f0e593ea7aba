import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { createAccount, signedInInject, signIn } from '../support/auth.js';
import { insertUsers } from '../support/users.js';

/** POST /api/v1/users/bulk: each item under the single-user rules, reported item by item. */
describe(`bulk changes to users on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const bulk = (payload: object, headers: Record<string, string> = {}, inject = t.inject) =>
    inject({ method: 'POST', url: '/api/v1/users/bulk', payload, headers });
  const statusOf = async (id: number) =>
    (await t.app.db.selectFrom('users').select('status').where('id', '=', id).executeTakeFirstOrThrow())
      .status;
  const roleOf = async (id: number) =>
    (await t.app.db.selectFrom('users').select('role').where('id', '=', id).executeTakeFirstOrThrow()).role;
  const eventsOf = (jobId: number) =>
    t.app.db.selectFrom('audit_events').selectAll().where('job_id', '=', jobId).orderBy('id').execute();
  const allEvents = async () =>
    Number(
      (
        await t.app.db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const byRef = (items: { ref: string | null }[]) => new Map(items.map((item) => [Number(item.ref), item]));

  it('disables users by id: changed, unchanged when already disabled, yourself skipped; one event per change, with the job id', async () => {
    const a = await createAccount(t.app, 'viewer');
    const b = await createAccount(t.app, 'manager');
    const off = await createAccount(t.app, 'viewer');
    await t.app.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', off.id).execute();

    const res = await bulk({
      action: 'disable',
      ids: [{ id: a.id }, { id: b.id }, { id: off.id }, { id: t.admin.id }],
    });

    expect(res.statusCode, res.body).toBe(200);
    const data = res.json().data;
    expect(data.counts).toEqual({ total: 4, changed: 2, unchanged: 1, skipped: 1, failed: 0 });
    expect(data.items.map((i: { outcome: string }) => i.outcome)).toEqual([
      'changed',
      'changed',
      'unchanged',
      'skipped',
    ]);
    expect(byRef(data.items).get(t.admin.id)).toMatchObject({ code: 'yourself' });
    expect(data.job).toMatchObject({
      kind: 'users.bulk',
      state: 'succeeded',
      progress: { done: 4, total: 4 },
    });
    expect([await statusOf(a.id), await statusOf(b.id), await statusOf(t.admin.id)]).toEqual([
      'disabled',
      'disabled',
      'active',
    ]);

    const events = await eventsOf(data.job.id);
    expect(events.map((e) => [e.action, Number(e.target_id), JSON.parse(e.changes!)])).toEqual([
      ['user.updated', a.id, { status: ['active', 'disabled'] }],
      ['user.updated', b.id, { status: ['active', 'disabled'] }],
    ]);
    expect(events.every((e) => e.actor_id === t.admin.id)).toBe(true);
  });

  it('refuses the last active admin item by item: the second admin taken away is skipped', async () => {
    const other = await createAccount(t.app, 'admin');

    const res = await bulk({
      action: 'set_role',
      role: 'viewer',
      ids: [{ id: other.id }, { id: t.admin.id }],
    });

    const data = res.json().data;
    expect(data.counts).toMatchObject({ changed: 1, skipped: 1 });
    expect(byRef(data.items).get(t.admin.id)).toMatchObject({ outcome: 'skipped', code: 'last_admin' });
    expect([await roleOf(other.id), await roleOf(t.admin.id)]).toEqual(['viewer', 'admin']);
  });

  it('lets a manager change viewers but not admins, and not delete at all', async () => {
    const manager = await signIn(t.app, 'manager');
    const viewer = await createAccount(t.app, 'viewer');
    const as = signedInInject(t.app, manager.token);

    const res = await bulk({ action: 'disable', ids: [{ id: t.admin.id }, { id: viewer.id }] }, {}, as);

    const items = byRef(res.json().data.items);
    expect(items.get(t.admin.id)).toMatchObject({ outcome: 'skipped', code: 'admin_only' });
    expect(items.get(viewer.id)).toMatchObject({ outcome: 'changed' });
    expect(await statusOf(t.admin.id)).toBe('active');

    const refused = await bulk({ action: 'delete', ids: [{ id: viewer.id }] }, {}, as);
    expect(refused.statusCode).toBe(403);
    const viewerSelf = await signIn(t.app, 'viewer', 'plain-viewer@example.com');
    expect(
      (
        await bulk(
          { action: 'disable', ids: [{ id: viewer.id }] },
          {},
          signedInInject(t.app, viewerSelf.token),
        )
      ).statusCode,
    ).toBe(403);
  });

  it('skips a user whose version is not the one given, and an id that does not exist', async () => {
    const a = await createAccount(t.app, 'viewer');
    const res = await bulk({ action: 'disable', ids: [{ id: a.id, version: 99 }, { id: 999_999 }] });
    const items = byRef(res.json().data.items);
    expect(items.get(a.id)).toMatchObject({ outcome: 'skipped', code: 'version_changed' });
    expect(items.get(999_999)).toMatchObject({ outcome: 'skipped', code: 'not_found' });
    expect(await statusOf(a.id)).toBe('active');
  });

  it('enables, ends sessions and deletes under the same rules', async () => {
    const viewer = await signIn(t.app, 'viewer');
    const idle = await createAccount(t.app, 'viewer');

    const ended = (await bulk({ action: 'end_sessions', ids: [{ id: viewer.id }, { id: idle.id }] })).json()
      .data;
    expect(ended.items.map((i: { outcome: string }) => i.outcome)).toEqual(['changed', 'unchanged']);
    const me = await signedInInject(t.app, viewer.token)({ method: 'GET', url: '/api/v1/auth/me' });
    expect(me.statusCode).toBe(401);

    await bulk({ action: 'disable', ids: [{ id: idle.id }] });
    const enabled = (await bulk({ action: 'enable', ids: [{ id: idle.id }, { id: viewer.id }] })).json().data;
    expect(enabled.items.map((i: { outcome: string }) => i.outcome)).toEqual(['changed', 'unchanged']);

    const deleted = (await bulk({ action: 'delete', ids: [{ id: idle.id }, { id: t.admin.id }] })).json()
      .data;
    expect(deleted.items.map((i: { outcome: string; code: string | null }) => [i.outcome, i.code])).toEqual([
      ['changed', null],
      ['skipped', 'yourself'],
    ]);
    // Into the recycle bin, as a single delete does (issue 16).
    const left = await t.app.db.selectFrom('users').select('deleted_at').where('id', '=', idle.id).execute();
    expect(left).toEqual([{ deleted_at: expect.anything() }]);
    expect((await t.inject({ method: 'GET', url: `/api/v1/users/${idle.id}` })).statusCode).toBe(404);
    const events = await eventsOf(deleted.job.id);
    expect(events.map((e) => e.action)).toEqual(['user.deleted']);
  });

  it('answers a dry run with counts and the refused rows, and changes nothing', async () => {
    const other = await createAccount(t.app, 'admin');
    const viewer = await createAccount(t.app, 'viewer');
    const before = await allEvents();

    const res = await bulk({ action: 'disable', filter: { status: 'active' }, dry_run: true });

    expect(res.statusCode, res.body).toBe(200);
    const data = res.json().data;
    expect(data).toMatchObject({ dry_run: true, job: null, items_omitted: 0 });
    expect(data.counts).toEqual({ total: 3, changed: 2, unchanged: 0, skipped: 1, failed: 0 });
    expect(data.items).toEqual([
      expect.objectContaining({ ref: String(t.admin.id), outcome: 'skipped', code: 'yourself' }),
    ]);
    expect([await statusOf(other.id), await statusOf(viewer.id)]).toEqual(['active', 'active']);
    expect(await allEvents()).toBe(before);
    expect(await t.app.db.selectFrom('jobs').selectAll().execute()).toEqual([]);
  });

  it('takes the list’s filters and matches the same users: unverified viewers', async () => {
    const verified = await createAccount(t.app, 'viewer');
    const unverified = await createAccount(t.app, 'viewer');
    const mark = (id: number, at: string | null) =>
      t.app.db.updateTable('users').set({ email_verified_at: at }).where('id', '=', id).execute();
    await mark(verified.id, new Date().toISOString());
    await mark(unverified.id, null);
    const filter = { email_verified: false, role: 'viewer' };
    const listed = (await t.inject({ method: 'GET', url: '/api/v1/users?email_verified=false&role=viewer' }))
      .json()
      .data.map((u: { id: number }) => u.id);
    expect(listed).toEqual([unverified.id]);

    const res = await bulk({ action: 'disable', filter });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.counts).toMatchObject({ total: 1, changed: 1 });
    expect([await statusOf(unverified.id), await statusOf(verified.id)]).toEqual(['disabled', 'active']);

    const unknown = await bulk({ action: 'disable', filter: { last_seen: 'yesterday' }, dry_run: true });
    expect(unknown.statusCode).toBe(422);
  });

  it('takes the list’s filters, sign-in filters too, read by the same parser: the same users as the list', async () => {
    const [idle, recent, never, binned] = await insertUsers(t.app.db, [
      { name: 'Idle', email: 'idle@bulk.example', last_login_at: '2026-01-05T00:00:00.000Z' },
      { name: 'Recent', email: 'recent@bulk.example', last_login_at: '2026-11-30T00:00:00.000Z' },
      { name: 'Never', email: 'never@bulk.example' },
      { name: 'Binned', email: 'binned@bulk.example', last_login_at: '2026-01-05T00:00:00.000Z' },
    ]);
    await t.app.db
      .updateTable('users')
      .set({ deleted_at: new Date().toISOString() })
      .where('id', '=', binned!)
      .execute();
    const listed = async (query: string) => {
      const res = await t.inject({ method: 'GET', url: `/api/v1/users?${query}` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ data: { id: number }[] }>().data.map((u) => u.id);
    };
    const targets = async (filter: object) => {
      const res = await bulk({ action: 'disable', filter, dry_run: true });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ data: { counts: { total: number } } }>().data.counts.total;
    };
    // Instants in any offset the list takes; the bin is in neither. The admin signed in just now.
    const cases: [object, string, number[]][] = [
      [{ last_login_before: '2026-06-01T00:00:00Z' }, 'last_login_before=2026-06-01T00:00:00Z', [idle!]],
      [
        { last_login_after: '2026-06-01T00:00:00+02:00' },
        'last_login_after=2026-06-01T00:00:00%2B02:00',
        [t.admin.id, recent!],
      ],
      [{ never_signed_in: true, q: 'bulk.example' }, 'never_signed_in=true&q=bulk.example', [never!]],
    ];
    for (const [filter, query, expected] of cases) {
      expect(await listed(query), query).toEqual(expected);
      expect(await targets(filter), query).toBe(expected.length);
    }
    // Refused as the list refuses it, naming the field.
    const bad = await bulk({ action: 'disable', filter: { last_login_before: 'yesterday' }, dry_run: true });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('last_login_before');
  });

  it('sees, in a dry run, that the last of several admins would be refused', async () => {
    await createAccount(t.app, 'admin');
    const last = await createAccount(t.app, 'admin');
    const data = (
      await bulk({ action: 'set_role', role: 'manager', filter: { role: 'admin' }, dry_run: true })
    ).json().data;
    expect(data.counts).toMatchObject({ total: 3, changed: 2, skipped: 1 });
    // In id order: the first two go, and the third would be the last.
    expect(data.items).toEqual([expect.objectContaining({ ref: String(last.id), code: 'last_admin' })]);
    expect(
      await t.app.db.selectFrom('users').select('id').where('role', '=', 'admin').execute(),
    ).toHaveLength(3);
  });

  it('predicts the real run across the dry run’s chunks: the admin taken away in the first chunk still counts in the next', async () => {
    await insertUsers(
      t.app.db,
      Array.from({ length: 550 }, (_, i) => ({ name: `V ${i}`, email: `v${i}@chunk.example` })),
    );
    const last = await createAccount(t.app, 'admin');
    const request = { action: 'set_role', role: 'viewer', filter: {} };

    const preview = (await bulk({ ...request, dry_run: true })).json().data;
    expect(preview.counts).toMatchObject({ total: 552, changed: 1, unchanged: 550, skipped: 1 });
    expect(preview.items).toEqual([expect.objectContaining({ ref: String(last.id), code: 'last_admin' })]);

    const res = await bulk(request);
    expect(res.statusCode).toBe(202);
    await t.app.background.drain();
    const problems = await t.inject({
      method: 'GET',
      url: `/api/v1/jobs/${res.json().data.id}/items?outcome=skipped,failed`,
    });
    expect(problems.json().data).toEqual([
      expect.objectContaining({ ref: String(last.id), code: 'last_admin' }),
    ]);
    expect([await roleOf(t.admin.id), await roleOf(last.id)]).toEqual(['viewer', 'admin']);
  });

  it('answers a repeated Idempotency-Key with the first job, applying nothing twice', async () => {
    const a = await createAccount(t.app, 'viewer');
    const headers = { 'idempotency-key': 'retry-me-1' };
    const first = (await bulk({ action: 'disable', ids: [{ id: a.id }] }, headers)).json().data;
    await t.app.db.updateTable('users').set({ status: 'active' }).where('id', '=', a.id).execute();

    const again = (await bulk({ action: 'disable', ids: [{ id: a.id }] }, headers)).json().data;

    expect(again.job.id).toBe(first.job.id);
    expect(again.counts).toEqual(first.counts);
    expect(await statusOf(a.id)).toBe('active');
    expect(await eventsOf(first.job.id)).toHaveLength(1);
    const fresh = (
      await bulk({ action: 'disable', ids: [{ id: a.id }] }, { 'idempotency-key': 'another' })
    ).json().data;
    expect(fresh.job.id).not.toBe(first.job.id);
  });

  it('makes a job of more than 100 users: 202 and Location, progress, items and a CSV report', async () => {
    await insertUsers(
      t.app.db,
      Array.from({ length: 150 }, (_, i) => ({ name: `Temp ${i}`, email: `temp${i}@contractor.example` })),
    );
    const res = await bulk(
      { action: 'disable', filter: { q: 'contractor.example' } },
      { 'idempotency-key': 'k-150' },
    );

    expect(res.statusCode, res.body).toBe(202);
    const job = res.json().data;
    expect(res.headers.location).toBe(`/api/v1/jobs/${job.id}`);
    expect(job).toMatchObject({ state: 'queued', progress: { done: 0, total: 150 } });
    expect(
      (await bulk({ action: 'disable', filter: { q: 'x' } }, { 'idempotency-key': 'k-150' })).json().data.id,
    ).toBe(job.id);

    await t.app.background.drain();

    const done = (await t.inject({ method: 'GET', url: `/api/v1/jobs/${job.id}` })).json().data;
    expect(done).toMatchObject({ state: 'succeeded', progress: { done: 150, total: 150 } });
    expect(done.result).toEqual({ total: 150, changed: 150, unchanged: 0, skipped: 0, failed: 0 });
    expect(await eventsOf(job.id)).toHaveLength(150);

    const page = await t.inject({ method: 'GET', url: `/api/v1/jobs/${job.id}/items?per_page=100` });
    expect(page.json().data).toHaveLength(100);
    expect(page.json().meta.next_after).toBe(99);
    const rest = await t.inject({ method: 'GET', url: `/api/v1/jobs/${job.id}/items?after=99&per_page=100` });
    expect(rest.json()).toMatchObject({ meta: { next_after: null } });
    expect(rest.json().data).toHaveLength(50);
    const problems = await t.inject({
      method: 'GET',
      url: `/api/v1/jobs/${job.id}/items?outcome=skipped,failed`,
    });
    expect(problems.json().data).toEqual([]);

    const report = await t.inject({ method: 'GET', url: `/api/v1/jobs/${job.id}/report` });
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toMatch(/^text\/csv/);
    const lines = report.body.trim().split('\n');
    expect(lines[0]).toBe('seq,ref,outcome,code,message');
    expect(lines).toHaveLength(151);
    expect(lines[1]).toMatch(/^0,\d+,changed,,$/);
  });

  it('keeps another user’s job and its report to them and admins', async () => {
    const manager = await signIn(t.app, 'manager');
    const viewer = await createAccount(t.app, 'viewer');
    const data = (
      await bulk({ action: 'disable', ids: [{ id: viewer.id }] }, {}, signedInInject(t.app, manager.token))
    ).json().data;
    const other = await signIn(t.app, 'manager', 'other-manager@example.com');
    const asOther = signedInInject(t.app, other.token);
    expect((await asOther({ method: 'GET', url: `/api/v1/jobs/${data.job.id}/report` })).statusCode).toBe(
      404,
    );
    expect((await asOther({ method: 'GET', url: `/api/v1/jobs/${data.job.id}/items` })).statusCode).toBe(404);
    expect((await t.inject({ method: 'GET', url: `/api/v1/jobs/${data.job.id}/report` })).statusCode).toBe(
      200,
    );
  });

  it('refuses a body with neither or both of ids and filter, and set_role without a role', async () => {
    expect((await bulk({ action: 'disable' })).statusCode).toBe(422);
    expect((await bulk({ action: 'disable', ids: [{ id: 1 }], filter: {} })).statusCode).toBe(422);
    expect((await bulk({ action: 'set_role', ids: [{ id: 1 }] })).json()).toMatchObject({
      errors: { role: ['is required'] },
    });
    expect((await bulk({ action: 'promote', ids: [{ id: 1 }] })).statusCode).toBe(422);
  });

  it('runs a job as its requester holds their role when it runs: one demoted since fails it', async () => {
    await insertUsers(
      t.app.db,
      Array.from({ length: 101 }, (_, i) => ({ name: `V ${i}`, email: `v${i}@bulk.example` })),
    );
    const other = await signIn(t.app, 'admin', 'second-admin@example.com');
    const res = await bulk(
      { action: 'disable', filter: { q: 'bulk.example' } },
      {},
      signedInInject(t.app, other.token),
    );
    expect(res.statusCode).toBe(202);
    await t.inject({ method: 'PATCH', url: `/api/v1/users/${other.id}`, payload: { role: 'viewer' } });

    await t.app.background.drain();

    const job = (await t.inject({ method: 'GET', url: `/api/v1/jobs/${res.json().data.id}` })).json().data;
    expect(job).toMatchObject({ state: 'failed', progress: { done: 0 } });
    expect(job.error).toMatch(/may not disable/);
  });
});
