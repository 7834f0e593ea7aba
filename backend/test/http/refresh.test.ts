import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { auditEvents } from '../support/audit.js';
import { insertRefreshToken, insertSession } from '../../src/db/sessions.repository.js';
import { hashToken, newRefreshToken, newSessionId } from '../../src/security/tokens.js';
import { createAccount, signIn } from '../support/auth.js';
import { decodeToken } from '../support/tokens.js';

const refreshCookie = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === 'refresh_token');

describe(`refresh and sign-out on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const refresh = (cookie?: string, remoteAddress = '127.0.0.1') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      remoteAddress,
      cookies: cookie === undefined ? {} : { refresh_token: cookie },
    });
  const me = (token: string) =>
    t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
  /** As if `token` had been rotated a minute ago, past the grace that covers a lost answer. */
  const rotatedLongAgo = (token: string) =>
    t.app.db
      .updateTable('refresh_tokens')
      .set({ rotated_at: new Date(Date.now() - 60_000).toISOString() })
      .where('token_hash', '=', hashToken(token))
      .execute();
  const logout = (token: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { authorization: `Bearer ${token}` },
    });

  it('trades the refresh cookie for a new access token and a new cookie in the same session', async () => {
    const viewer = await signIn(t.app, 'viewer');
    const res = await refresh(viewer.refreshToken);

    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    expect(data).toMatchObject({ token_type: 'Bearer', user: { id: viewer.id } });
    expect(decodeToken(data.access_token).payload.sid).toBe(decodeToken(viewer.token).payload.sid);
    expect((await me(data.access_token)).statusCode).toBe(200);

    const next = refreshCookie(res);
    expect(next).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
    expect(next?.value).not.toBe(viewer.refreshToken);
    expect((await refresh(next?.value)).statusCode).toBe(200);
  });

  it('refuses a missing or unknown refresh token', async () => {
    for (const res of [await refresh(), await refresh('not-a-token-we-issued')]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('treats a rotated token presented again as stolen: the whole session ends and it is audited', async () => {
    const viewer = await signIn(t.app, 'viewer');
    const sid = decodeToken(viewer.token).payload.sid;
    const rotated = await refresh(viewer.refreshToken);
    const current = { token: rotated.json().data.access_token, cookie: refreshCookie(rotated)!.value };
    await rotatedLongAgo(viewer.refreshToken);

    const reuse = await refresh(viewer.refreshToken);

    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().message).toMatch(/reuse/i);
    // Both the thief's copy and the rightful holder's newer token are now worthless.
    expect((await refresh(current.cookie)).statusCode).toBe(401);
    expect((await me(current.token)).statusCode).toBe(401);
    expect((await me(viewer.token)).statusCode).toBe(401);
    const reuseEvents = (await auditEvents(t.app)).filter((e) => e.action === 'auth.refresh_reuse');
    expect(reuseEvents).toMatchObject([{ actor_id: viewer.id, target_type: 'session', target_id: sid }]);
  });

  it('renews a token presented again within moments of its rotation: a reload lost the first answer', async () => {
    const viewer = await signIn(t.app, 'viewer');
    const first = await refresh(viewer.refreshToken);
    // The browser navigated away before it stored the new cookie, and sends the old one again.
    const again = await refresh(viewer.refreshToken);

    expect(again.statusCode, again.body).toBe(200);
    expect(decodeToken(again.json().data.access_token).payload.sid).toBe(
      decodeToken(viewer.token).payload.sid,
    );
    // Both answers' tokens work; nothing was taken for theft.
    expect((await refresh(refreshCookie(again)!.value)).statusCode).toBe(200);
    expect((await refresh(refreshCookie(first)!.value)).statusCode).toBe(200);
    expect((await auditEvents(t.app)).map((e) => e.action)).not.toContain('auth.refresh_reuse');

    // Past the grace, the same copy is theft again.
    await rotatedLongAgo(viewer.refreshToken);
    expect((await refresh(viewer.refreshToken)).statusCode).toBe(401);
  });

  it('ends only the session whose token was reused', async () => {
    const phone = await signIn(t.app, 'viewer');
    const laptop = await signIn(t.app, 'viewer');
    await refresh(phone.refreshToken);
    await rotatedLongAgo(phone.refreshToken);
    await refresh(phone.refreshToken);

    expect((await me(phone.token)).statusCode).toBe(401);
    expect((await me(laptop.token)).statusCode).toBe(200);
    expect((await refresh(laptop.refreshToken)).statusCode).toBe(200);
  });

  it('clears the cookie when it refuses a refresh', async () => {
    const res = await refresh('not-a-token-we-issued');
    const cleared = refreshCookie(res);
    expect(cleared?.value).toBe('');
    expect(cleared?.path).toBe('/api/v1/auth');
  });

  it('refuses to refresh for a user who has since been disabled', async () => {
    const viewer = await signIn(t.app, 'viewer');
    const disabled = await t.inject({
      method: 'PATCH',
      url: `/api/v1/users/${viewer.id}`,
      payload: { status: 'disabled' },
    });
    expect(disabled.statusCode).toBe(200);
    expect((await refresh(viewer.refreshToken)).statusCode).toBe(401);
  });

  it('ends the sessions of a disabled user for good: enabled again, the old cookie is refused, and no theft alarm', async () => {
    const viewer = await signIn(t.app, 'viewer');
    const setStatus = (status: string) =>
      t.inject({ method: 'PATCH', url: `/api/v1/users/${viewer.id}`, payload: { status } });
    await setStatus('disabled');
    expect((await refresh(viewer.refreshToken)).statusCode).toBe(401);
    await setStatus('active');

    const res = await refresh(viewer.refreshToken);
    expect(res.statusCode).toBe(401);
    expect(res.json().message).not.toMatch(/reuse/i);
    expect((await auditEvents(t.app)).map((e) => e.action)).not.toContain('auth.refresh_reuse');
    // Signing in again works as for anyone.
    expect((await signIn(t.app, 'viewer')).id).toBe(viewer.id);
  });

  it('signs out: the session ends, the cookie is cleared and both tokens stop working', async () => {
    const viewer = await signIn(t.app, 'viewer');
    const other = await signIn(t.app, 'viewer');

    const res = await logout(viewer.token);

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'success', data: null, message: 'Signed out' });
    const cleared = refreshCookie(res);
    expect(cleared).toMatchObject({ value: '', path: '/api/v1/auth' });
    expect(cleared?.expires?.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await me(viewer.token)).statusCode).toBe(401);
    expect((await refresh(viewer.refreshToken)).statusCode).toBe(401);
    expect((await logout(viewer.token)).statusCode).toBe(401);
    // The same user's other session is not touched.
    expect((await me(other.token)).statusCode).toBe(200);
  });

  describe('limits', () => {
    const OFFICE = '198.51.100.7';

    /** People with a session each, as if they had signed in earlier; answers their cookies. */
    async function signedInPeople(count: number): Promise<string[]> {
      const now = new Date();
      const expiresAt = new Date(now.getTime() + 24 * 3600_000).toISOString();
      const cookies: string[] = [];
      for (let i = 0; i < count; i++) {
        const person = await createAccount(t.app, 'viewer');
        const [id, cookie] = [newSessionId(), newRefreshToken()];
        const session = {
          id,
          userId: person.id,
          now: now.toISOString(),
          expiresAt,
          ip: OFFICE,
          userAgent: null,
        };
        await insertSession(t.app.db, session);
        await insertRefreshToken(t.app.db, hashToken(cookie), id, now.toISOString());
        cookies.push(cookie);
      }
      return cookies;
    }

    it('never limits valid renewals: 200 people behind one address, each reloading the console 3 times', async () => {
      const cookies = await signedInPeople(200);
      const statuses = new Map<number, number>();
      const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);

      for (let reload = 0; reload < 3; reload++) {
        const renewals = await Promise.all(cookies.map((cookie) => refresh(cookie, OFFICE)));
        // And as many signed-out consoles starting, which renew with no cookie at all.
        const signedOut = await Promise.all(cookies.map(() => refresh(undefined, OFFICE)));
        renewals.forEach((res, i) => {
          count(res.statusCode);
          cookies[i] = refreshCookie(res)?.value ?? '';
        });
        signedOut.forEach((res) => count(res.statusCode));
      }

      expect(Object.fromEntries(statuses)).toEqual({ 200: 600, 401: 600 });
    });

    it('limits failed renewals from one address to LOGIN_RATE_LIMIT (30) a minute, and only those', async () => {
      const [valid] = await signedInPeople(1);
      for (let i = 0; i < 30; i++)
        expect((await refresh(`stolen-or-stale-${i}`, OFFICE)).statusCode).toBe(401);

      const limited = await refresh('one-more', OFFICE);
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ status: 'error', code: 'rate_limited' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
      // Another address is not affected, and a valid renewal from this one still works.
      expect((await refresh('one-more', '198.51.100.8')).statusCode).toBe(401);
      expect((await refresh(valid, OFFICE)).statusCode).toBe(200);
    });
  });
});
