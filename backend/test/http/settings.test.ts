import { afterEach, describe, expect, it } from 'vitest';
import { permissions } from '../../src/permissions.js';
import { buildApp } from '../../src/app.js';
import { buildTestApp, dialect, freshDatabase, type TestApp } from '../support/app.js';
import { signedInInject, signIn } from '../support/auth.js';
import { failure } from '../support/http.js';

describe(`GET /api/v1/settings on ${dialect}`, () => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });

  it('tells anyone the roles, statuses, permissions and password policy, in the envelope', async () => {
    t = await buildTestApp();
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/settings' });

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'success',
      data: {
        roles: ['viewer', 'manager', 'admin'],
        statuses: ['active', 'disabled', 'invited'],
        permissions: [...permissions.names],
        password_policy: { min_length: 12, max_length: 128 },
        max_per_page: 100,
        mail: { enabled: true, verified_email_required: false },
      },
      message: null,
    });
  });

  it('publishes the largest page every list takes, and the lists refuse one more', async () => {
    t = await buildTestApp();
    const max: number = (await t.app.inject({ method: 'GET', url: '/api/v1/settings' })).json().data
      .max_per_page;
    for (const list of ['/api/v1/users', '/api/v1/audit-events']) {
      expect((await t.inject({ method: 'GET', url: `${list}?per_page=${max}` })).statusCode, list).toBe(200);
      expect(
        failure(await t.inject({ method: 'GET', url: `${list}?per_page=${max + 1}` }), 422).errors,
        list,
      ).toHaveProperty('per_page');
    }
  });

  it('publishes the configured PASSWORD_MIN_LENGTH, the one the API enforces', async () => {
    t = await buildTestApp({ env: { PASSWORD_MIN_LENGTH: '16' } });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/settings' });
    expect(res.json().data.password_policy).toEqual({ min_length: 16, max_length: 128 });

    const create = (password: string) =>
      t.inject({
        method: 'POST',
        url: '/api/v1/users',
        payload: { name: 'Pat', email: `pat-${password.length}@example.com`, password },
      });
    expect(failure(await create('fifteen chars!!'), 422).errors).toEqual({
      password: ['must be at least 16 characters'],
    });
    expect((await create('sixteen chars ok')).statusCode).toBe(201);
  });

  it('lists every permission an admin holds, and a viewer fewer', async () => {
    t = await buildTestApp();
    const { data } = (await t.app.inject({ method: 'GET', url: '/api/v1/settings' })).json();
    const me = async (token: string) =>
      (await signedInInject(t.app, token)({ method: 'GET', url: '/api/v1/auth/me' })).json().data;
    expect([...(await me(t.admin.token)).permissions].sort()).toEqual([...data.permissions].sort());
    const viewer = await signIn(t.app, 'viewer');
    expect((await me(viewer.token)).permissions.length).toBeLessThan(data.permissions.length);
  });

  it('is documented in OpenAPI with its response schema and no token required', async () => {
    t = await buildTestApp();
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const operation = doc.paths['/api/v1/settings']?.get;
    expect(operation.security).toEqual([]);
    const schema = operation.responses['200'].content['application/json'].schema;
    expect(Object.keys(schema.properties.data.properties).sort()).toEqual([
      'mail',
      'max_per_page',
      'password_policy',
      'permissions',
      'roles',
      'statuses',
    ]);
  });

  it('refuses other methods with a 405, even to a stranger', async () => {
    t = await buildTestApp();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/settings' });
    expect(failure(res, 405).code).toBe('method_not_allowed');
    expect(res.headers.allow).toBe('GET, HEAD');
  });
});

describe(`GET /api/v1/settings in production on ${dialect}`, () => {
  it('says when mail is off (production without SMTP_URL) and when sign-in needs a verified address', async () => {
    // No signed-in admin: with REQUIRE_VERIFIED_EMAIL the test's unverified admin could not sign in.
    const database = await freshDatabase({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-test-secret-of-at-least-32-characters!',
      REQUIRE_VERIFIED_EMAIL: 'true',
    });
    const app = await buildApp(database.config, { logger: false, searchPath: database.searchPath });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/v1/settings' });
      expect(res.json().data.mail).toEqual({ enabled: false, verified_email_required: true });
    } finally {
      await app.close();
      await database.drop();
    }
  });
});
