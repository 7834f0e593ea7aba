import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/errors.js';
import { LAST_ADMIN } from '../../src/services/user-rules.js';
import { disableUser } from '../../src/services/users.service.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { eventsDuring } from '../support/audit.js';
import { login, signedInInject, signIn } from '../support/auth.js';
import { rejection } from '../support/errors.js';
import { failure } from '../support/http.js';

describe(`POST /users/:id/disable and /enable on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const post = (id: number, operation: 'disable' | 'enable', headers: Record<string, string> = {}) =>
    t.inject({ method: 'POST', url: `/api/v1/users/${id}/${operation}`, headers });
  const me = (token: string) => signedInInject(t.app, token)({ method: 'GET', url: '/api/v1/auth/me' });

  it('disables a user, ends their sessions at once and audits the status change as user.updated', async () => {
    const viewer = await signIn(t.app, 'viewer');
    expect((await me(viewer.token)).statusCode).toBe(200);

    const { result: res, events } = await eventsDuring(t.app, () => post(viewer.id, 'disable'));

    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'success',
      message: 'User disabled',
      data: { status: 'disabled' },
    });
    expect(res.headers.etag).toBe(`"${res.json().data.version}"`);
    expect(events).toEqual([
      expect.objectContaining({
        action: 'user.updated',
        actor_id: t.admin.id,
        target_id: String(viewer.id),
        changes: { status: ['active', 'disabled'] },
      }),
    ]);
    expect(failure(await me(viewer.token), 401).message).toBe('This session has ended; sign in again');
    expect(failure(await login(t.app, viewer.email), 401).message).toBe('Invalid email or password');
  });

  it('enables a disabled user, who signs in again while the old sessions stay ended', async () => {
    const viewer = await signIn(t.app, 'viewer');
    await post(viewer.id, 'disable');

    const { result: res, events } = await eventsDuring(t.app, () => post(viewer.id, 'enable'));

    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ message: 'User enabled', data: { status: 'active' } });
    expect(events.map((e) => [e.action, e.changes])).toEqual([
      ['user.updated', { status: ['disabled', 'active'] }],
    ]);
    expect(failure(await me(viewer.token), 401).message).toBe('This session has ended; sign in again');
    expect((await login(t.app, viewer.email)).statusCode).toBe(200);
  });

  it('honours If-Match: a stale version is refused and changes nothing, the current one goes through', async () => {
    const viewer = await signIn(t.app, 'viewer');
    const current = (await t.inject({ method: 'GET', url: `/api/v1/users/${viewer.id}` })).headers.etag!;

    const stale = await post(viewer.id, 'disable', { 'if-match': '"999"' });
    expect(failure(stale, 412).message).toBe('The user was changed by someone else; reload it and try again');
    expect((await me(viewer.token)).statusCode).toBe(200);

    const fresh = await post(viewer.id, 'disable', { 'if-match': current });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.headers.etag).not.toBe(current);
  });

  it('will not let anyone disable their own account', async () => {
    const res = await post(t.admin.id, 'disable');
    expect(failure(res, 409).message).toBe('You cannot disable your own account');
    expect((await me(t.admin.token)).statusCode).toBe(200);
  });

  it('lets a manager disable a viewer but not an admin', async () => {
    const manager = await signIn(t.app, 'manager');
    const viewer = await signIn(t.app, 'viewer');
    const asManager = signedInInject(t.app, manager.token);
    const url = (id: number) => `/api/v1/users/${id}/disable`;

    expect((await asManager({ method: 'POST', url: url(viewer.id) })).statusCode).toBe(200);
    const res = await asManager({ method: 'POST', url: url(t.admin.id) });
    expect(failure(res, 403).message).toBe('Only an admin can create or change admins');
  });

  it('answers 404 for a user who is not there', async () => {
    expect(failure(await post(999_999, 'enable'), 404).message).toBe('User not found');
  });

  it('keeps the last active admin: the service refuses whoever asks', async () => {
    const ghost = {
      actor: { id: 424242, email: 'ghost@example.com', role: 'admin' as const, sessionId: 'none' },
      request: { ip: null, userAgent: null, requestId: null },
    };
    const error = await rejection(disableUser(t.app.db, ghost, t.admin.id), ConflictError);
    expect(error.message).toBe(LAST_ADMIN);
  });

  it("serves the seed's /users/ paths too", async () => {
    const viewer = await signIn(t.app, 'viewer');
    const res = await t.inject({ method: 'POST', url: `/users/${viewer.id}/disable` });
    expect(res.json()).toMatchObject({ data: { status: 'disabled' } });
  });
});
