import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { login, signedInInject, signIn } from '../support/auth.js';

const NEW_PASSWORD = 'set by an admin on a tuesday';

/** Changes to an account take effect on that account's very next request. */
describe(`changes that take effect at once on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const as = (token: string) => signedInInject(t.app, token);
  const listUsers = (token: string) => as(token)({ method: 'GET', url: '/api/v1/users' });
  const createUser = (token: string) =>
    as(token)({
      method: 'POST',
      url: '/api/v1/users',
      payload: { name: 'New Hire', email: `hire-${Math.random().toString(36).slice(2)}@example.com` },
    });
  const patchUser = (id: number, payload: object) =>
    t.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, payload });

  it('disabling a user makes their very next request 401, and they cannot sign in again', async () => {
    const viewer = await signIn(t.app, 'viewer');
    expect((await listUsers(viewer.token)).statusCode).toBe(200);

    expect((await patchUser(viewer.id, { status: 'disabled' })).statusCode).toBe(200);

    const res = await listUsers(viewer.token);
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect((await login(t.app, viewer.email)).statusCode).toBe(401);
  });

  it('a role change keeps the session and its new permissions apply on the next request', async () => {
    const user = await signIn(t.app, 'viewer');
    expect((await createUser(user.token)).statusCode).toBe(403);

    expect((await patchUser(user.id, { role: 'manager' })).statusCode).toBe(200);

    expect((await createUser(user.token)).statusCode).toBe(201);
    const me = await as(user.token)({ method: 'GET', url: '/api/v1/auth/me' });
    expect(me.json().data.permissions).toContain('users:create');

    expect((await patchUser(user.id, { role: 'viewer' })).statusCode).toBe(200);
    expect((await createUser(user.token)).statusCode).toBe(403);
    expect((await listUsers(user.token)).statusCode).toBe(200);
  });

  describe("an admin setting a user's password", () => {
    const setPassword = (id: number, password: string) =>
      t.inject({ method: 'PUT', url: `/api/v1/users/${id}/password`, payload: { password } });

    it('ends all of that user’s sessions and lets them sign in with the new password only', async () => {
      const phone = await signIn(t.app, 'viewer');
      const laptop = await signIn(t.app, 'viewer');

      const res = await setPassword(phone.id, NEW_PASSWORD);

      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'success', data: null });
      expect((await listUsers(phone.token)).statusCode).toBe(401);
      expect((await listUsers(laptop.token)).statusCode).toBe(401);
      expect((await login(t.app, phone.email)).statusCode).toBe(401);
      expect((await login(t.app, phone.email, NEW_PASSWORD)).statusCode).toBe(200);
      // The admin's own session is not touched.
      expect((await listUsers(t.admin.token)).statusCode).toBe(200);
    });

    it('applies the password policy, naming the rule, and then changes nothing', async () => {
      const viewer = await signIn(t.app, 'viewer');
      const res = await setPassword(viewer.id, 'qwerty123456');

      expect(res.statusCode).toBe(422);
      expect(res.json().errors.password.join(' ')).toMatch(/too common/);
      expect((await listUsers(viewer.token)).statusCode).toBe(200);
    });

    it('answers 404 for a user that does not exist', async () => {
      expect((await setPassword(987654, NEW_PASSWORD)).statusCode).toBe(404);
    });
  });

  describe("an admin and a user's sessions", () => {
    it("lists another user's live sessions, none of them marked as the admin's own", async () => {
      const viewer = await signIn(t.app, 'viewer');
      await signIn(t.app, 'viewer');

      const res = await t.inject({ method: 'GET', url: `/api/v1/users/${viewer.id}/sessions` });

      expect(res.statusCode).toBe(200);
      expect(res.json().data).toHaveLength(2);
      expect(res.json().data.map((s: { current: boolean }) => s.current)).toEqual([false, false]);
    });

    it('ends every session of a user at once and says how many', async () => {
      const phone = await signIn(t.app, 'viewer');
      const laptop = await signIn(t.app, 'viewer');

      const res = await t.inject({ method: 'DELETE', url: `/api/v1/users/${phone.id}/sessions` });

      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ data: null, message: '2 session(s) ended' });
      expect((await listUsers(phone.token)).statusCode).toBe(401);
      expect((await listUsers(laptop.token)).statusCode).toBe(401);
      const after = await t.inject({ method: 'GET', url: `/api/v1/users/${phone.id}/sessions` });
      expect(after.json().data).toEqual([]);
      // Signing in again starts a new session.
      expect((await login(t.app, phone.email)).statusCode).toBe(200);
    });

    it('answers 404 for a user that does not exist', async () => {
      for (const method of ['GET', 'DELETE'] as const) {
        const res = await t.inject({ method, url: '/api/v1/users/987654/sessions' });
        expect(res.statusCode).toBe(404);
      }
    });

    const sessionIds = async (userId: number): Promise<string[]> =>
      (await t.inject({ method: 'GET', url: `/api/v1/users/${userId}/sessions` }))
        .json()
        .data.map((s: { id: string }) => s.id);
    const endOne = (userId: number, sessionId: string) =>
      t.inject({ method: 'DELETE', url: `/api/v1/users/${userId}/sessions/${sessionId}` });

    it('ends one session of a user, leaving the others, and records who ended which', async () => {
      const phone = await signIn(t.app, 'viewer');
      const [phoneSession] = await sessionIds(phone.id);
      const laptop = signedInInject(t.app, (await login(t.app, phone.email)).json().data.access_token);

      const res = await endOne(phone.id, phoneSession!);

      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ data: null, message: 'Session ended' });
      expect((await listUsers(phone.token)).statusCode).toBe(401);
      expect((await laptop({ method: 'GET', url: '/api/v1/users' })).statusCode).toBe(200);
      expect(await sessionIds(phone.id)).not.toContain(phoneSession);
      expect(await sessionIds(phone.id)).toHaveLength(1);
      const events = await t.inject({
        method: 'GET',
        url: `/api/v1/audit-events?action=session.revoked&target_id=${phoneSession}`,
      });
      expect(events.json().data).toEqual([
        expect.objectContaining({ actor_id: t.admin.id, target_type: 'session', target_id: phoneSession }),
      ]);
    });

    it("answers 404 for a session that is another user's, already ended, or nobody's", async () => {
      const viewer = await signIn(t.app, 'viewer');
      const other = await signIn(t.app, 'viewer', 'other-viewer@example.com');
      const [session] = await sessionIds(viewer.id);
      expect((await endOne(other.id, session!)).statusCode).toBe(404);
      expect((await listUsers(viewer.token)).statusCode).toBe(200);
      expect((await endOne(viewer.id, session!)).statusCode).toBe(200);
      expect((await endOne(viewer.id, session!)).statusCode).toBe(404);
      expect((await endOne(viewer.id, 'f'.repeat(32))).statusCode).toBe(404);
      expect((await endOne(987654, 'f'.repeat(32))).statusCode).toBe(404);
      expect((await endOne(viewer.id, 'not-a-session')).statusCode).toBe(422);
    });
  });
});
