import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/domain/roles.js';
import { permissions } from '../../src/permissions.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { eventsDuring } from '../support/audit.js';
import { createAccount, login, signedInInject, signIn, TEST_PASSWORD } from '../support/auth.js';

const NEW_PASSWORD = 'a brand new passphrase 2026';

describe(`my own account on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const as = (token: string) => signedInInject(t.app, token);
  const changePassword = (token: string, current_password: string, new_password: string) =>
    as(token)({
      method: 'PUT',
      url: '/api/v1/auth/me/password',
      payload: { current_password, new_password },
    });

  // The role table's own properties are tested in unit/permissions.test.ts; what each role may
  // do at each route, in http/permissions.test.ts. GET /auth/me reports the table's row.
  it.each(ROLES)('tells a %s who they are and what they may do', async (role) => {
    const user = await signIn(t.app, role);
    const res = await as(user.token)({ method: 'GET', url: '/api/v1/auth/me' });

    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    expect(data.user).toMatchObject({ id: user.id, email: user.email, role });
    expect([...data.permissions].sort()).toEqual([...permissions.of(role)].sort());
    expect(data.permissions).toContain('users:read');
    expect(data.must_change_password).toBe(false);
  });

  describe('PATCH /me', () => {
    it('renames me, audited as user.updated with me as both actor and target', async () => {
      const viewer = await signIn(t.app, 'viewer');
      const { result: res, events } = await eventsDuring(t.app, () =>
        as(viewer.token)({ method: 'PATCH', url: '/api/v1/auth/me', payload: { name: ' Grace Hopper ' } }),
      );

      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        message: 'Profile updated',
        data: { id: viewer.id, name: 'Grace Hopper' },
      });
      expect(events).toMatchObject([
        {
          action: 'user.updated',
          actor_id: viewer.id,
          target_type: 'user',
          target_id: String(viewer.id),
          changes: { name: ['Test viewer', 'Grace Hopper'] },
        },
      ]);
    });

    it('changes nothing but the name: a viewer cannot make themselves an admin', async () => {
      const viewer = await signIn(t.app, 'viewer');
      const res = await as(viewer.token)({
        method: 'PATCH',
        url: '/api/v1/auth/me',
        payload: { name: 'Mallory', role: 'admin' },
      });

      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toEqual({ role: ['is not a known field'] });
      const me = await as(viewer.token)({ method: 'GET', url: '/api/v1/auth/me' });
      expect(me.json().data.user).toMatchObject({ role: 'viewer', name: 'Test viewer' });
    });
  });

  describe('PUT /me/password', () => {
    it('refuses a wrong current password with 422 and keeps the old one', async () => {
      const viewer = await signIn(t.app, 'viewer');
      const res = await changePassword(viewer.token, 'not my password at all', NEW_PASSWORD);

      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toHaveProperty('current_password');
      expect((await login(t.app, viewer.email)).statusCode).toBe(200);
      expect((await login(t.app, viewer.email, NEW_PASSWORD)).statusCode).toBe(401);
    });

    it.each([
      ['too short', 'eleven char', /at least 12 characters/],
      ['too long', 'x'.repeat(129), /at most 128 characters/],
      ['common, whatever its case', 'FinalFantasy', /too common/],
      ['containing the email', 'margaret loves gardens', /email/],
      ['the current one', TEST_PASSWORD, /differ/],
      ['twelve spaces', ' '.repeat(12), /repeated/],
      ['one letter repeated', 'aaaaaaaaaaaa', /repeated/],
      ['a listed one with a trailing space', 'password1234 ', /too common/],
      ['a listed one padded with zero-width spaces', '\u200bpassword1234\u200b', /invisible/],
      ['a listed one in fullwidth letters', 'ｐａｓｓｗｏｒｄ１２３４', /too common/],
      ['eleven characters and a NUL', 'abcdefghijk\u0000', /control/],
    ])('refuses a new password that is %s, naming the rule', async (_case, password, rule) => {
      const user = await createAccount(t.app, 'viewer', 'margaret@example.com');
      const { token } = await signIn(t.app, 'viewer', user.email);
      const res = await changePassword(token, TEST_PASSWORD, password);

      expect(res.statusCode).toBe(422);
      expect(res.json().errors.new_password.join(' ')).toMatch(rule);
      expect((await login(t.app, user.email)).statusCode).toBe(200);
    });

    it('changes my password and ends my other sessions, keeping this one', async () => {
      const here = await signIn(t.app, 'viewer');
      const elsewhere = await signIn(t.app, 'viewer');
      const someoneElse = await signIn(t.app, 'manager');

      const res = await changePassword(here.token, TEST_PASSWORD, NEW_PASSWORD);

      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'success', data: null });
      const me = (token: string) => as(token)({ method: 'GET', url: '/api/v1/auth/me' });
      expect((await me(here.token)).statusCode).toBe(200);
      expect((await me(elsewhere.token)).statusCode).toBe(401);
      expect((await me(someoneElse.token)).statusCode).toBe(200);
      expect((await login(t.app, here.email)).statusCode).toBe(401);
      expect((await login(t.app, here.email, NEW_PASSWORD)).statusCode).toBe(200);
    });
  });

  describe('my sessions', () => {
    const signInFrom = async (email: string, userAgent: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'user-agent': userAgent },
        payload: { email, password: TEST_PASSWORD },
      });
      return res.json().data.access_token as string;
    };
    const listSessions = (token: string) => as(token)({ method: 'GET', url: '/api/v1/auth/sessions' });

    it('lists my live sessions, marking the one I am using', async () => {
      const viewer = await createAccount(t.app, 'viewer');
      const laptop = await signInFrom(viewer.email, 'Laptop browser');
      const phone = await signInFrom(viewer.email, 'Phone browser');

      const res = await listSessions(phone);

      expect(res.statusCode).toBe(200);
      const sessions = res.json().data;
      expect(sessions).toHaveLength(2);
      const current = sessions.filter((s: { current: boolean }) => s.current);
      expect(current).toMatchObject([{ user_agent: 'Phone browser', ip: '127.0.0.1' }]);
      for (const session of sessions) {
        expect(Object.keys(session).sort()).toEqual(
          ['created_at', 'current', 'expires_at', 'id', 'ip', 'last_used_at', 'user_agent'].sort(),
        );
      }
      // The other list, seen from the laptop, marks the laptop's session instead.
      const fromLaptop = (await listSessions(laptop)).json().data;
      expect(fromLaptop.find((s: { current: boolean }) => s.current).user_agent).toBe('Laptop browser');
    });

    it('ends another session of mine, which stops working at once, and no longer lists it', async () => {
      const viewer = await createAccount(t.app, 'viewer');
      const laptop = await signInFrom(viewer.email, 'Laptop browser');
      const phone = await signInFrom(viewer.email, 'Phone browser');
      const phoneSession = (await listSessions(phone))
        .json()
        .data.find((s: { current: boolean }) => s.current);

      const res = await as(laptop)({ method: 'DELETE', url: `/api/v1/auth/sessions/${phoneSession.id}` });

      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'success', data: null, message: 'Session ended' });
      expect((await listSessions(phone)).statusCode).toBe(401);
      expect((await listSessions(laptop)).json().data).toHaveLength(1);
    });

    it("answers 404 for someone else's session and leaves it alone", async () => {
      const viewer = await signIn(t.app, 'viewer');
      const adminSession = (await listSessions(t.admin.token)).json().data[0];

      const res = await as(viewer.token)({
        method: 'DELETE',
        url: `/api/v1/auth/sessions/${adminSession.id}`,
      });

      expect(res.statusCode).toBe(404);
      expect((await listSessions(t.admin.token)).statusCode).toBe(200);
    });

    it('answers 404 for a session that has already ended and 422 for an id that cannot be one', async () => {
      const viewer = await createAccount(t.app, 'viewer');
      const laptop = await signInFrom(viewer.email, 'Laptop browser');
      const phone = await signInFrom(viewer.email, 'Phone browser');
      const phoneSession = (await listSessions(phone))
        .json()
        .data.find((s: { current: boolean }) => s.current);
      const end = (id: string) => as(laptop)({ method: 'DELETE', url: `/api/v1/auth/sessions/${id}` });

      expect((await end(phoneSession.id)).statusCode).toBe(200);
      expect((await end(phoneSession.id)).statusCode).toBe(404);
      expect((await end('not-a-session-id')).statusCode).toBe(422);
    });
  });
});
