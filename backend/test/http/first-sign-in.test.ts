import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { ensureFirstAdmin, GENERATED_ADMIN_EMAIL } from '../../src/services/first-admin.service.js';
import { buildTestApp, dialect, freshDatabase, type TestApp } from '../support/app.js';
import { login, signedInInject, TEST_PASSWORD } from '../support/auth.js';

describe(`signing in for the first time on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('a user created without a password cannot sign in until an admin sets one', async () => {
    const created = await t.inject({
      method: 'POST',
      url: '/api/v1/users',
      payload: { name: 'No Password', email: 'nopass@example.com' },
    });
    expect(created.statusCode).toBe(201);

    const refused = await login(t.app, 'nopass@example.com', TEST_PASSWORD);
    expect(refused.statusCode).toBe(401);
    // Nothing tells an account without a password apart from a wrong password.
    expect(refused.json()).toEqual((await login(t.app, t.admin.email, 'wrong password entirely')).json());

    const set = await t.inject({
      method: 'PUT',
      url: `/api/v1/users/${created.json().data.id}/password`,
      payload: { password: TEST_PASSWORD },
    });
    expect(set.statusCode).toBe(200);
    expect((await login(t.app, 'nopass@example.com')).statusCode).toBe(200);
  });

  it('records when a user last signed in', async () => {
    const created = await t.inject({
      method: 'POST',
      url: '/api/v1/users',
      payload: { name: 'Ada', email: 'ada@example.com', password: TEST_PASSWORD },
    });
    const id = created.json().data.id;
    expect(created.json().data.last_login_at).toBeNull();

    const before = Date.now();
    const signedIn = await login(t.app, 'ada@example.com');
    const after = Date.now();

    const stamped = signedIn.json().data.user.last_login_at;
    expect(new Date(stamped).getTime()).toBeGreaterThanOrEqual(before);
    expect(new Date(stamped).getTime()).toBeLessThanOrEqual(after);
    const read = await t.inject({ method: 'GET', url: `/api/v1/users/${id}` });
    expect(read.json().data.last_login_at).toBe(stamped);
  });

  it('leaves last_login_at alone when a sign-in fails', async () => {
    const id = (await login(t.app, t.admin.email)).json().data.user.id;
    const stamped = (await t.inject({ method: 'GET', url: `/api/v1/users/${id}` })).json().data.last_login_at;

    await login(t.app, t.admin.email, 'wrong password entirely');

    const read = await t.inject({ method: 'GET', url: `/api/v1/users/${id}` });
    expect(read.json().data.last_login_at).toBe(stamped);
  });
});

describe(`a generated first admin on ${dialect}`, () => {
  let app: FastifyInstance;
  let drop: () => Promise<void>;
  let password: string;

  beforeEach(async () => {
    const database = await freshDatabase();
    drop = database.drop;
    app = await buildApp(database.config, { logger: false, searchPath: database.searchPath });
    await app.ready();
    const announced: string[] = [];
    const settings = { adminEmail: null, adminPassword: null, passwordPolicy: app.passwordPolicy };
    expect(await ensureFirstAdmin(app.db, settings, (p) => announced.push(p))).toBe('generated');
    password = announced[0]!;
  });
  afterEach(async () => {
    await app.close();
    await drop();
  });

  it('must change its password before it may do anything but that', async () => {
    const res = await login(app, GENERATED_ADMIN_EMAIL, password);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.must_change_password).toBe(true);
    const as = signedInInject(app, res.json().data.access_token);

    const users = await as({ method: 'GET', url: '/api/v1/users' });
    expect(users.statusCode).toBe(403);
    expect(users.json().message).toMatch(/change your password/);
    expect((await as({ method: 'GET', url: '/api/v1/auth/sessions' })).statusCode).toBe(403);
    const me = await as({ method: 'GET', url: '/api/v1/auth/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json().data).toMatchObject({ must_change_password: true, user: { role: 'admin' } });

    const changed = await as({
      method: 'PUT',
      url: '/api/v1/auth/me/password',
      payload: { current_password: password, new_password: 'a passphrase of my own choosing 7' },
    });
    expect(changed.statusCode).toBe(200);

    // Same token, same session: the account is now free to work.
    expect((await as({ method: 'GET', url: '/api/v1/users' })).statusCode).toBe(200);
    expect((await as({ method: 'GET', url: '/api/v1/auth/me' })).json().data.must_change_password).toBe(
      false,
    );
  });

  it('may still sign out before changing its password', async () => {
    const token = (await login(app, GENERATED_ADMIN_EMAIL, password)).json().data.access_token;
    const res = await signedInInject(app, token)({ method: 'POST', url: '/api/v1/auth/logout' });
    expect(res.statusCode).toBe(200);
  });
});
