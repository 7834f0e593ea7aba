import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueueJob } from '../../src/services/background/jobs.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { signedInInject, signIn } from '../support/auth.js';

describe(`the jobs API on ${dialect}`, () => {
  let t: TestApp;
  let manager: Awaited<ReturnType<typeof signIn>>;
  let asManager: TestApp['inject'];
  beforeEach(async () => {
    t = await buildTestApp();
    manager = await signIn(t.app, 'manager');
    asManager = signedInInject(t.app, manager.token);
    t.app.background.handle('noop', async () => ({ ok: true }));
  });
  afterEach(async () => t.close());

  const enqueue = (requestedBy: number | null, kind = 'noop') =>
    enqueueJob(t.app.db, { kind, params: {}, requestedBy }).then((r) => r.job.id);

  it('shows a user their own jobs, newest first, and an admin everyone’s with all=true', async () => {
    const mine = [await enqueue(manager.id), await enqueue(manager.id)];
    const admins = await enqueue(t.admin.id);
    const daily = await enqueue(null);

    const own = await asManager({ method: 'GET', url: '/api/v1/jobs' });
    expect(own.statusCode).toBe(200);
    expect(own.json().data.map((j: { id: number }) => j.id)).toEqual([...mine].reverse());
    expect(own.json().meta).toMatchObject({ total: 2 });

    expect((await asManager({ method: 'GET', url: '/api/v1/jobs?all=true' })).statusCode).toBe(403);
    const all = await t.inject({ method: 'GET', url: '/api/v1/jobs?all=true' });
    expect(all.json().data.map((j: { id: number }) => j.id)).toEqual([daily, admins, mine[1], mine[0]]);
  });

  it('answers a job with its state, progress and result, and hides other users’ jobs', async () => {
    const id = await enqueue(manager.id);
    const queued = await asManager({ method: 'GET', url: `/api/v1/jobs/${id}` });
    expect(queued.json().data).toMatchObject({
      id,
      kind: 'noop',
      state: 'queued',
      requested_by: manager.id,
      progress: { done: 0, total: null },
      cancel_requested: false,
      result: null,
      started_at: null,
    });

    await t.app.background.drain();
    const done = await asManager({ method: 'GET', url: `/api/v1/jobs/${id}` });
    expect(done.json().data).toMatchObject({ state: 'succeeded', result: { ok: true } });
    expect(done.json().data.finished_at).toEqual(expect.any(String));

    const admins = await enqueue(t.admin.id);
    expect((await asManager({ method: 'GET', url: `/api/v1/jobs/${admins}` })).statusCode).toBe(404);
    expect((await t.inject({ method: 'GET', url: `/api/v1/jobs/${id}` })).statusCode).toBe(200);
    expect((await asManager({ method: 'GET', url: '/api/v1/jobs/999999' })).statusCode).toBe(404);
  });

  it('cancels a queued job, audits it, and answers 409 for a job that has ended', async () => {
    const id = await enqueue(manager.id);
    const cancelled = await asManager({ method: 'POST', url: `/api/v1/jobs/${id}/cancel` });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().data).toMatchObject({ state: 'cancelled' });

    const again = await asManager({ method: 'POST', url: `/api/v1/jobs/${id}/cancel` });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'conflict' });

    const events = await t.inject({ method: 'GET', url: '/api/v1/audit-events?target_type=job' });
    expect(events.json().data).toMatchObject([
      {
        action: 'job.cancelled',
        actor_id: manager.id,
        target_id: String(id),
        changes: { state: ['queued', 'cancelled'] },
      },
    ]);
  });

  it('lets an admin cancel anyone’s job and a manager only their own', async () => {
    const admins = await enqueue(t.admin.id);
    expect((await asManager({ method: 'POST', url: `/api/v1/jobs/${admins}/cancel` })).statusCode).toBe(404);
    const managers = await enqueue(manager.id);
    const byAdmin = await t.inject({ method: 'POST', url: `/api/v1/jobs/${managers}/cancel` });
    expect(byAdmin.statusCode).toBe(200);
    expect(byAdmin.json().data.state).toBe('cancelled');
  });

  it('needs a signed-in caller', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/jobs' });
    expect(res.statusCode).toBe(401);
  });
});
