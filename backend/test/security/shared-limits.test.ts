import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { insertRefreshToken, insertSession } from '../../src/db/sessions.repository.js';
import { hashToken, newRefreshToken, newSessionId } from '../../src/security/tokens.js';
import { buildTestApp, dialect, freshDatabase, type TestApp } from '../support/app.js';
import { createAccount } from '../support/auth.js';
import { testPort } from '../support/server-process.js';
import { redisForTests, TEST_REDIS_URL, uniquePrefix } from '../support/redis.js';

const url = await redisForTests();

describe.skipIf(url === null)(`sign-in limits shared through Redis on ${dialect}`, () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((t) => t.close()));
  });

  /** Two apps with one Redis and prefix: two workers (or hosts) of one deployment. */
  async function twoWorkers(env: Record<string, string> = {}): Promise<[TestApp, TestApp]> {
    const shared = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: uniquePrefix(), ...env };
    apps.push(await buildTestApp({ env: shared }), await buildTestApp({ env: shared }));
    return apps as [TestApp, TestApp];
  }

  const login = (t: TestApp, email: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'wrong password 123' },
    });

  it('locks an account after five failures counted across both workers', async () => {
    const [a, b] = await twoWorkers();
    for (const t of [a, b, a, b, a]) expect((await login(t, 'someone@example.com')).statusCode).toBe(401);
    for (const t of [b, a]) {
      const res = await login(t, 'someone@example.com');
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('tells an admin on either worker that the lock comes from Redis, and until when', async () => {
    const [a, b] = await twoWorkers();
    const created = await a.inject({
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        name: 'Locked Out',
        email: 'locked-out@example.com',
        password: 'a long enough passphrase 42',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const user = created.json().data;
    for (const t of [a, b, a, b, a]) expect((await login(t, user.email)).statusCode).toBe(401);
    // The failures were counted on both workers; the admin on the first reads the lock from Redis.
    const read = (await a.inject({ method: 'GET', url: `/api/v1/users/${user.id}/credentials` })).json().data;
    expect(read).toMatchObject({ lockout_store: 'redis', has_password: true });
    expect(Date.parse(read.locked_until)).toBeGreaterThan(Date.now());
  });

  it('keeps each process to its own count without Redis', async () => {
    const a = await buildTestApp();
    const b = await buildTestApp();
    apps.push(a, b);
    for (const t of [a, b, a, b, a, b]) expect((await login(t, 'someone@example.com')).statusCode).toBe(401);
  });

  it('limits sign-in attempts per address across both workers', async () => {
    const [a, b] = await twoWorkers({ LOGIN_RATE_LIMIT: '30' });
    // Each app signed its admin in once while being built: 2 of the 30 are used.
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++)
      statuses.push((await login(i % 2 ? a : b, `nobody-${i}@example.com`)).statusCode);
    expect(statuses.slice(0, 28).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(28)).toEqual([429, 429]);
  });

  it('counts failed token renewals per address across both workers, and never valid ones', async () => {
    const [a, b] = await twoWorkers({ LOGIN_RATE_LIMIT: '30' });
    const renew = (t: TestApp, cookie: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { refresh_token: cookie } });
    // More valid renewals than the limit: none of them counts.
    let cookie = a.admin.refreshToken;
    for (let i = 0; i < 35; i++) {
      const res = await renew(a, cookie);
      expect(res.statusCode).toBe(200);
      cookie = res.cookies.find((c) => c.name === 'refresh_token')!.value;
    }

    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await renew(i % 2 ? a : b, `not-a-token-${i}`)).statusCode);
    expect(statuses.every((s) => s === 401)).toBe(true);
    for (const t of [b, a]) {
      const res = await renew(t, 'not-a-token-either');
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect((await renew(a, cookie)).statusCode).toBe(200);
  });
});

describe(`sign-in with Redis unreachable on ${dialect}`, () => {
  it('refuses sign-in at once (closed) while the rest of the API, token renewal included, keeps answering', async () => {
    // Nothing listens on this port (in this project's range).
    const { config, searchPath, drop } = await freshDatabase({
      REDIS_URL: `redis://127.0.0.1:${testPort('shared-limits')}`,
    });
    const app = await buildApp(config, { logger: false, searchPath });
    try {
      await app.ready();
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'someone@example.com', password: 'a long enough password' },
      });
      expect(login.statusCode).toBe(500);
      expect(login.json()).toMatchObject({ code: 'internal_error', message: 'Internal server error' });
      expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);

      // Token renewal keeps working: people already signed in stay signed in.
      const person = await createAccount(app, 'viewer');
      const [id, cookie, now] = [newSessionId(), newRefreshToken(), new Date().toISOString()];
      const expiresAt = new Date(Date.now() + 3600_000).toISOString();
      await insertSession(app.db, { id, userId: person.id, now, expiresAt, ip: null, userAgent: null });
      await insertRefreshToken(app.db, hashToken(cookie), id, now);
      const renew = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        cookies: { refresh_token: cookie },
      });
      expect(renew.statusCode).toBe(200);
      // A failed one is answered as usual: its count is only there to slow a misbehaving client.
      const stale = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        cookies: { refresh_token: 'not-a-token-we-issued' },
      });
      expect(stale.statusCode).toBe(401);
    } finally {
      await app.close();
      await drop();
    }
  });
});
