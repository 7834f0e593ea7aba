import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { auditEvents } from '../support/audit.js';
import { createAccount, TEST_PASSWORD } from '../support/auth.js';

const WRONG = 'not the right password at all';

describe(`sign-in lockout on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const attempt = (email: string, password: string, remoteAddress = '127.0.0.1') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress,
      payload: { email, password },
    });
  const failTimes = async (email: string, times: number) => {
    for (let i = 0; i < times; i++) expect((await attempt(email, WRONG)).statusCode).toBe(401);
  };
  const retryAfter = (res: { headers: Record<string, unknown> }) => Number(res.headers['retry-after']);

  it('locks an account after 5 failures: 429 with Retry-After, even with the right password', async () => {
    const viewer = await createAccount(t.app, 'viewer');
    await failTimes(viewer.email, 5);

    const res = await attempt(viewer.email, TEST_PASSWORD);

    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ status: 'error', code: 'rate_limited' });
    expect(retryAfter(res)).toBeGreaterThan(0);
    expect(retryAfter(res)).toBeLessThanOrEqual(5 * 60);
    expect(res.cookies).toEqual([]);
  });

  it('does not lock after 4 failures, and a success starts the count again', async () => {
    const viewer = await createAccount(t.app, 'viewer');
    await failTimes(viewer.email, 4);
    expect((await attempt(viewer.email, TEST_PASSWORD)).statusCode).toBe(200);
    await failTimes(viewer.email, 4);
    expect((await attempt(viewer.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('locks a disabled account after five attempts whether the password was right or wrong', async () => {
    const [rightEachTime, wrongEachTime] = [
      await createAccount(t.app, 'viewer'),
      await createAccount(t.app, 'viewer'),
    ];
    for (const { id } of [rightEachTime, wrongEachTime]) {
      await t.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: { status: 'disabled' } });
    }
    for (let i = 0; i < 5; i++) {
      expect((await attempt(rightEachTime.email, TEST_PASSWORD)).statusCode).toBe(401);
      expect((await attempt(wrongEachTime.email, WRONG)).statusCode).toBe(401);
    }

    expect((await attempt(rightEachTime.email, TEST_PASSWORD)).statusCode).toBe(429);
    expect((await attempt(wrongEachTime.email, TEST_PASSWORD)).statusCode).toBe(429);
  });

  it('locks only the account that failed', async () => {
    const victim = await createAccount(t.app, 'viewer');
    const bystander = await createAccount(t.app, 'viewer');
    await failTimes(victim.email, 5);

    expect((await attempt(victim.email, TEST_PASSWORD)).statusCode).toBe(429);
    expect((await attempt(bystander.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('audits the lockout against the account', async () => {
    const viewer = await createAccount(t.app, 'viewer');
    await failTimes(viewer.email, 5);

    const events = await auditEvents(t.app);
    expect(events.filter((e) => e.action === 'auth.login_failed')).toHaveLength(5);
    expect(events.filter((e) => e.action === 'auth.lockout')).toMatchObject([
      {
        actor_id: null,
        actor_email: viewer.email,
        target_type: 'user',
        target_id: String(viewer.id),
        changes: { locked_for_seconds: [null, 5 * 60] },
      },
    ]);
  });

  it('lets an admin clear a lockout, which is audited, and the account signs in at once', async () => {
    const viewer = await createAccount(t.app, 'viewer');
    await failTimes(viewer.email, 5);

    const res = await t.inject({ method: 'DELETE', url: `/api/v1/users/${viewer.id}/lockout` });

    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'success', data: null });
    expect((await attempt(viewer.email, TEST_PASSWORD)).statusCode).toBe(200);
    const cleared = (await auditEvents(t.app)).filter((e) => e.action === 'auth.lockout_cleared');
    expect(cleared).toHaveLength(1);
    expect(cleared[0]).toMatchObject({ actor_id: t.admin.id, target_id: String(viewer.id) });
    const [wait, after] = cleared[0]!.changes!.locked_for_seconds!;
    expect(wait).toBeGreaterThan(0);
    expect(after).toBeNull();
  });

  it('tells whoever may lift a lockout when it ends and whether the user has a password', async () => {
    const viewer = await createAccount(t.app, 'viewer');
    const created = await t.inject({
      method: 'POST',
      url: '/api/v1/users',
      payload: { name: 'No Password', email: 'no-password@example.com' },
    });
    const noPassword = created.json().data;
    const credentials = async (id: number) => {
      const res = await t.inject({ method: 'GET', url: `/api/v1/users/${id}/credentials` });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().data;
    };

    expect(await credentials(viewer.id)).toEqual({
      has_password: true,
      locked_until: null,
      lockout_store: 'memory',
    });
    expect(await credentials(noPassword.id)).toMatchObject({ has_password: false, locked_until: null });

    const before = Date.now();
    await failTimes(viewer.email, 5);
    const until = Date.parse((await credentials(viewer.id)).locked_until);
    expect(until).toBeGreaterThanOrEqual(before + 5 * 60_000 - 1000);
    expect(until).toBeLessThanOrEqual(Date.now() + 5 * 60_000);

    await t.inject({ method: 'DELETE', url: `/api/v1/users/${viewer.id}/lockout` });
    expect((await credentials(viewer.id)).locked_until).toBeNull();
    expect((await t.inject({ method: 'GET', url: '/api/v1/users/987654/credentials' })).statusCode).toBe(404);
  });

  it('makes the second lockout last longer than the first', async () => {
    const viewer = await createAccount(t.app, 'viewer');
    await failTimes(viewer.email, 5);
    const first = retryAfter(await attempt(viewer.email, TEST_PASSWORD));

    // The first lockout runs out (its keys expire), and the account fails again.
    await t.app.counters.delete(`login:attempts:${viewer.email}`);
    await t.app.counters.delete(`login:locked-until:${viewer.email}`);
    expect((await attempt(viewer.email, WRONG)).statusCode).toBe(401);
    await failTimes(viewer.email, 4);
    const second = retryAfter(await attempt(viewer.email, TEST_PASSWORD));

    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    const lengths = (await auditEvents(t.app))
      .filter((e) => e.action === 'auth.lockout')
      .map((e) => e.changes!.locked_for_seconds![1]);
    expect(lengths).toEqual([5 * 60, 10 * 60]);
  });

  it('starts over from the shortest lockout once an admin has cleared one', async () => {
    const viewer = await createAccount(t.app, 'viewer');
    await failTimes(viewer.email, 5);
    await t.inject({ method: 'DELETE', url: `/api/v1/users/${viewer.id}/lockout` });
    await failTimes(viewer.email, 5);

    expect(retryAfter(await attempt(viewer.email, TEST_PASSWORD))).toBeLessThanOrEqual(5 * 60);
  });

  it('limits one address to LOGIN_RATE_LIMIT (30) attempts a minute across accounts', async () => {
    const address = '203.0.113.7';
    // Different accounts each time, so no account lockout is involved.
    for (let i = 0; i < 30; i++) {
      expect((await attempt(`guess-${i}@example.com`, WRONG, address)).statusCode).toBe(401);
    }

    const limited = await attempt(t.admin.email, TEST_PASSWORD, address);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ status: 'error', code: 'rate_limited' });
    expect(retryAfter(limited)).toBeGreaterThan(0);
    expect(retryAfter(limited)).toBeLessThanOrEqual(60);
    // Another address is not affected.
    expect((await attempt(t.admin.email, TEST_PASSWORD, '203.0.113.8')).statusCode).toBe(200);
  });
});
