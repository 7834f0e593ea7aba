import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { eventsDuring } from '../support/audit.js';
import { createAccount, signedInInject, signIn } from '../support/auth.js';

type Attempt = (t: TestApp) => Promise<() => Promise<LightMyRequestResponse>>;

const asRole = (role: 'viewer' | 'manager'): ((t: TestApp) => Promise<ReturnType<typeof signedInInject>>) => {
  return async (t) => signedInInject(t.app, (await signIn(t.app, role)).token);
};
const asManager = asRole('manager');
const asViewer = asRole('viewer');

/** Each refused change: what it is, the status it gets, and how to attempt it. */
const refused: [string, number, Attempt][] = [
  [
    'creating a user with a taken email',
    409,
    async (t) => () =>
      t.inject({ method: 'POST', url: '/api/v1/users', payload: { name: 'Twin', email: t.admin.email } }),
  ],
  [
    "changing a user's email to a taken one",
    409,
    async (t) => {
      const viewer = await createAccount(t.app, 'viewer');
      return () =>
        t.inject({ method: 'PATCH', url: `/api/v1/users/${viewer.id}`, payload: { email: t.admin.email } });
    },
  ],
  [
    'updating with a stale If-Match',
    412,
    async (t) => {
      const viewer = await createAccount(t.app, 'viewer');
      return () =>
        t.inject({
          method: 'PUT',
          url: `/api/v1/users/${viewer.id}`,
          headers: { 'if-match': '"99"' },
          payload: { name: 'Late Writer' },
        });
    },
  ],
  [
    'deleting with a stale If-Match',
    412,
    async (t) => {
      const viewer = await createAccount(t.app, 'viewer');
      return () =>
        t.inject({ method: 'DELETE', url: `/api/v1/users/${viewer.id}`, headers: { 'if-match': '"99"' } });
    },
  ],
  [
    'creating a user with a common password',
    422,
    async (t) => () =>
      t.inject({
        method: 'POST',
        url: '/api/v1/users',
        payload: { name: 'Weak', email: 'weak@example.com', password: 'qwerty123456' },
      }),
  ],
  [
    'creating a user with an unknown field',
    422,
    async (t) => () =>
      t.inject({
        method: 'POST',
        url: '/api/v1/users',
        payload: { name: 'Odd', email: 'odd@example.com', is_admin: true },
      }),
  ],
  [
    "setting a user's password to a short one",
    422,
    async (t) => {
      const viewer = await createAccount(t.app, 'viewer');
      return () =>
        t.inject({
          method: 'PUT',
          url: `/api/v1/users/${viewer.id}/password`,
          payload: { password: 'short' },
        });
    },
  ],
  [
    'changing my password with a wrong current one',
    422,
    async (t) => () =>
      t.inject({
        method: 'PUT',
        url: '/api/v1/auth/me/password',
        payload: {
          current_password: 'not the current password',
          new_password: 'a perfectly good passphrase',
        },
      }),
  ],
  [
    'a manager promoting a viewer to admin',
    403,
    async (t) => {
      const viewer = await createAccount(t.app, 'viewer');
      const manager = await asManager(t);
      return () =>
        manager({ method: 'PATCH', url: `/api/v1/users/${viewer.id}`, payload: { role: 'admin' } });
    },
  ],
  [
    'a manager renaming an admin',
    403,
    async (t) => {
      const manager = await asManager(t);
      return () =>
        manager({ method: 'PATCH', url: `/api/v1/users/${t.admin.id}`, payload: { name: 'Renamed' } });
    },
  ],
  [
    'a manager creating an admin',
    403,
    async (t) => {
      const manager = await asManager(t);
      return () =>
        manager({
          method: 'POST',
          url: '/api/v1/users',
          payload: { name: 'Boss', email: 'boss@example.com', role: 'admin' },
        });
    },
  ],
  [
    'a viewer deleting a user',
    403,
    async (t) => {
      const viewer = await asViewer(t);
      return () => viewer({ method: 'DELETE', url: `/api/v1/users/${t.admin.id}` });
    },
  ],
  [
    'the last admin demoting themselves',
    409,
    async (t) => async () =>
      t.inject({ method: 'PATCH', url: `/api/v1/users/${t.admin.id}`, payload: { role: 'viewer' } }),
  ],
  [
    'an admin deleting their own account',
    409,
    async (t) => async () => t.inject({ method: 'DELETE', url: `/api/v1/users/${t.admin.id}` }),
  ],
  [
    "ending someone else's session",
    404,
    async (t) => {
      const viewer = await asViewer(t);
      const { data } = (await t.inject({ method: 'GET', url: '/api/v1/auth/sessions' })).json();
      return () => viewer({ method: 'DELETE', url: `/api/v1/auth/sessions/${data[0].id}` });
    },
  ],
];

describe(`a refused change leaves no audit event on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it.each(refused)('%s (%i)', async (_case, status, prepare) => {
    const attempt = await prepare(t);
    const users = (await t.inject({ method: 'GET', url: '/api/v1/users' })).json().data;

    const { result: res, events } = await eventsDuring(t.app, attempt);

    expect(res.statusCode).toBe(status);
    expect(events).toEqual([]);
    // ...and changes nothing either.
    expect((await t.inject({ method: 'GET', url: '/api/v1/users' })).json().data).toEqual(users);
  });
});
