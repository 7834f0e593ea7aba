import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { eventsDuring, type StoredEvent } from '../support/audit.js';
import { createAccount, login, signedInInject, signIn, TEST_PASSWORD } from '../support/auth.js';
import { decodeToken } from '../support/tokens.js';

const AGENT = 'audit-test-agent/1.0';
const NEW_PASSWORD = 'an entirely fresh passphrase 99';
// Bookkeeping and secrets never appear in a diff.
const NEVER_IN_A_DIFF = ['version', 'updated_at', 'search_key', 'password', 'password_hash'];

type Expected = Pick<StoredEvent, 'action' | 'actor_id' | 'target_type' | 'target_id' | 'changes'>;

/** Exactly one event, naming who did what to what, from which request, with this diff. */
function expectOneEvent(res: LightMyRequestResponse, events: StoredEvent[], expected: Expected) {
  expect(res.statusCode).toBeLessThan(300);
  expect(events).toHaveLength(1);
  const [event] = events;
  expect(event).toMatchObject({
    action: expected.action,
    actor_id: expected.actor_id,
    target_type: expected.target_type,
    target_id: expected.target_id,
    ip: '127.0.0.1',
    user_agent: AGENT,
    request_id: res.headers['x-request-id'],
  });
  expect(event!.changes).toEqual(expected.changes);
  for (const field of NEVER_IN_A_DIFF) expect(Object.keys(event!.changes ?? {})).not.toContain(field);
  for (const secret of [TEST_PASSWORD, NEW_PASSWORD, '$argon2']) {
    expect(JSON.stringify(event)).not.toContain(secret);
  }
}

describe(`every change leaves one audit event on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const asAdmin = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.inject({ method, url, payload, headers: { 'user-agent': AGENT } });
  const asUser = (
    token: string,
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => signedInInject(t.app, token)({ method, url, payload, headers: { 'user-agent': AGENT } });
  const userNamed = async (email: string) => {
    const res = await t.inject({ method: 'GET', url: `/api/v1/users?q=${email}` });
    return res.json().data[0];
  };

  it('POST /users: user.created, every field [null, value], no password', async () => {
    const { result: res, events } = await eventsDuring(t.app, () =>
      asAdmin('POST', '/api/v1/users', {
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        role: 'manager',
        password: TEST_PASSWORD,
      }),
    );
    const user = res.json().data;
    expectOneEvent(res, events, {
      action: 'user.created',
      actor_id: t.admin.id,
      target_type: 'user',
      target_id: String(user.id),
      changes: {
        id: [null, user.id],
        name: [null, 'Ada Lovelace'],
        email: [null, 'ada@example.com'],
        role: [null, 'manager'],
        status: [null, 'active'],
        created_at: [null, user.created_at],
      },
    });
  });

  it.each(['PUT', 'PATCH'] as const)(
    '%s /users/:id: user.updated, only the fields that changed',
    async (method) => {
      const viewer = await createAccount(t.app, 'viewer');
      const { result: res, events } = await eventsDuring(t.app, () =>
        asAdmin(method, `/api/v1/users/${viewer.id}`, {
          name: 'Test viewer',
          role: 'manager',
          status: 'disabled',
        }),
      );
      expectOneEvent(res, events, {
        action: 'user.updated',
        actor_id: t.admin.id,
        target_type: 'user',
        target_id: String(viewer.id),
        changes: { role: ['viewer', 'manager'], status: ['active', 'disabled'] },
      });
    },
  );

  it('PATCH on the seed path /users/:id is audited the same way', async () => {
    const viewer = await createAccount(t.app, 'viewer');
    const { result: res, events } = await eventsDuring(t.app, () =>
      // A name: a new email also mails a verification link, which is an event of its own.
      asAdmin('PATCH', `/users/${viewer.id}`, { name: 'Renamed Viewer' }),
    );
    expectOneEvent(res, events, {
      action: 'user.updated',
      actor_id: t.admin.id,
      target_type: 'user',
      target_id: String(viewer.id),
      changes: { name: ['Test viewer', 'Renamed Viewer'] },
    });
  });

  it('DELETE /users/:id: user.deleted, every field [value, null]', async () => {
    const viewer = await signIn(t.app, 'viewer');
    const before = await userNamed(viewer.email);
    const { result: res, events } = await eventsDuring(t.app, () =>
      asAdmin('DELETE', `/api/v1/users/${viewer.id}`),
    );
    expectOneEvent(res, events, {
      action: 'user.deleted',
      actor_id: t.admin.id,
      target_type: 'user',
      target_id: String(viewer.id),
      changes: {
        id: [viewer.id, null],
        name: ['Test viewer', null],
        email: [viewer.email, null],
        role: ['viewer', null],
        status: ['active', null],
        created_at: [before.created_at, null],
        last_login_at: [before.last_login_at, null],
      },
    });
  });

  it('PUT /users/:id/password: user.password_set, with no diff at all', async () => {
    const viewer = await createAccount(t.app, 'viewer');
    const { result: res, events } = await eventsDuring(t.app, () =>
      asAdmin('PUT', `/api/v1/users/${viewer.id}/password`, { password: NEW_PASSWORD }),
    );
    expectOneEvent(res, events, {
      action: 'user.password_set',
      actor_id: t.admin.id,
      target_type: 'user',
      target_id: String(viewer.id),
      changes: null,
    });
  });

  it('DELETE /users/:id/sessions: session.revoked on the user, saying how many ended', async () => {
    const viewer = await signIn(t.app, 'viewer');
    await signIn(t.app, 'viewer');
    const { result: res, events } = await eventsDuring(t.app, () =>
      asAdmin('DELETE', `/api/v1/users/${viewer.id}/sessions`),
    );
    expectOneEvent(res, events, {
      action: 'session.revoked',
      actor_id: t.admin.id,
      target_type: 'user',
      target_id: String(viewer.id),
      changes: { sessions_ended: [null, 2] },
    });
  });

  it('DELETE /users/:id/lockout: auth.lockout_cleared, with the time that was left', async () => {
    const viewer = await createAccount(t.app, 'viewer');
    for (let i = 0; i < 5; i++) await login(t.app, viewer.email, 'a wrong password entirely');
    const { result: res, events } = await eventsDuring(t.app, () =>
      asAdmin('DELETE', `/api/v1/users/${viewer.id}/lockout`),
    );
    const left = events[0]?.changes?.locked_for_seconds?.[0];
    expect(left).toBeGreaterThan(0);
    expectOneEvent(res, events, {
      action: 'auth.lockout_cleared',
      actor_id: t.admin.id,
      target_type: 'user',
      target_id: String(viewer.id),
      changes: { locked_for_seconds: [left, null] },
    });
  });

  it('PATCH /auth/me: user.updated with the user as actor and target', async () => {
    const viewer = await signIn(t.app, 'viewer');
    const { result: res, events } = await eventsDuring(t.app, () =>
      asUser(viewer.token, 'PATCH', '/api/v1/auth/me', { name: 'Grace' }),
    );
    expectOneEvent(res, events, {
      action: 'user.updated',
      actor_id: viewer.id,
      target_type: 'user',
      target_id: String(viewer.id),
      changes: { name: ['Test viewer', 'Grace'] },
    });
  });

  it('PUT /auth/me/password: auth.password_changed, with no diff at all', async () => {
    const viewer = await signIn(t.app, 'viewer');
    const { result: res, events } = await eventsDuring(t.app, () =>
      asUser(viewer.token, 'PUT', '/api/v1/auth/me/password', {
        current_password: TEST_PASSWORD,
        new_password: NEW_PASSWORD,
      }),
    );
    expectOneEvent(res, events, {
      action: 'auth.password_changed',
      actor_id: viewer.id,
      target_type: 'user',
      target_id: String(viewer.id),
      changes: null,
    });
  });

  it('POST /auth/logout: auth.logout on the session', async () => {
    const viewer = await signIn(t.app, 'viewer');
    const { result: res, events } = await eventsDuring(t.app, () =>
      asUser(viewer.token, 'POST', '/api/v1/auth/logout'),
    );
    expectOneEvent(res, events, {
      action: 'auth.logout',
      actor_id: viewer.id,
      target_type: 'session',
      target_id: decodeToken(viewer.token).payload.sid,
      changes: null,
    });
  });

  it('DELETE /auth/sessions/:id: session.revoked on that session', async () => {
    const viewer = await signIn(t.app, 'viewer');
    const other = decodeToken((await signIn(t.app, 'viewer')).token).payload.sid;
    const { result: res, events } = await eventsDuring(t.app, () =>
      asUser(viewer.token, 'DELETE', `/api/v1/auth/sessions/${other}`),
    );
    expectOneEvent(res, events, {
      action: 'session.revoked',
      actor_id: viewer.id,
      target_type: 'session',
      target_id: other,
      changes: null,
    });
  });

  it('POST /auth/login: auth.login on the new session', async () => {
    const viewer = await createAccount(t.app, 'viewer');
    const { result: res, events } = await eventsDuring(t.app, () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'user-agent': AGENT },
        payload: { email: viewer.email, password: TEST_PASSWORD },
      }),
    );
    expectOneEvent(res, events, {
      action: 'auth.login',
      actor_id: viewer.id,
      target_type: 'session',
      target_id: decodeToken(res.json().data.access_token).payload.sid,
      changes: null,
    });
  });
});
