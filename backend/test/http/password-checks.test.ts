import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_FAILURES } from '../../src/security/lockout.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { auditEvents } from '../support/audit.js';
import { createAccount, login, signedInInject, signIn, TEST_PASSWORD } from '../support/auth.js';
import { passwordGate } from '../support/password-gate.js';
import { redisForTests, TEST_REDIS_URL, uniquePrefix } from '../support/redis.js';
import { until } from '../support/until.js';

// Every password check the services make goes through the gate, so the test can count them.
vi.mock('../../src/security/passwords.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/security/passwords.js')>();
  const { passwordGate: gate } = await import('../support/password-gate.js');
  return { ...original, checkPassword: gate.wrap(original.checkPassword) };
});

const url = await redisForTests();
const WRONG_GUESSES = 19;
const NEW_PASSWORD = 'a brand new passphrase 2026';

type Send = () => Promise<LightMyRequestResponse>;

/**
 * Sends the wrong guesses at once while no check can finish, waits until each has been answered
 * or is being checked, then sends the right password the same way: the moment an attacker hopes
 * for, with every guess in flight together. Then lets the checks finish.
 */
async function burst(wrong: Send[], right: Send) {
  passwordGate.reset();
  passwordGate.close();
  let answered = 0;
  const track = (reply: Promise<LightMyRequestResponse>) => reply.finally(() => (answered += 1));
  try {
    const guesses = wrong.map((send) => track(send()));
    await until(() => answered + passwordGate.calls >= wrong.length);
    const last = track(right());
    await until(() => answered + passwordGate.calls >= wrong.length + 1);
    passwordGate.open();
    return { guesses: await Promise.all(guesses), right: await last, checked: passwordGate.calls };
  } finally {
    passwordGate.open();
  }
}

const statusCounts = (replies: LightMyRequestResponse[]) =>
  replies.reduce<Record<number, number>>((counts, r) => {
    counts[r.statusCode] = (counts[r.statusCode] ?? 0) + 1;
    return counts;
  }, {});

describe(`guesses sent at once on ${dialect}`, () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((t) => t.close()));
  });

  const deployments: [string, () => Promise<TestApp[]>][] = [
    ['in one process (counters in memory)', async () => [await buildTestApp()]],
  ];
  if (url !== null) {
    deployments.push([
      'across two workers sharing a Redis counter store',
      async () => {
        const env = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: uniquePrefix() };
        return [await buildTestApp({ env }), await buildTestApp({ env })];
      },
    ]);
  }

  describe.each(deployments)('%s', (_name, build) => {
    /** The apps, the same account in each one's database, and the apps in turn for each guess. */
    async function setup() {
      const built = await build();
      apps.push(...built);
      const email = `guessed-${Math.random().toString(36).slice(2, 10)}@example.com`;
      for (const t of built) await createAccount(t.app, 'viewer', email);
      const worker = (i: number) => built[i % built.length]!;
      return { built, email, worker };
    }

    it(`verifies at most ${MAX_FAILURES} of the sign-ins sent at once; the right password among them gets no token`, async () => {
      const { built, email, worker } = await setup();
      const signInAt = (t: TestApp, password: string) => () =>
        t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

      const { guesses, right, checked } = await burst(
        Array.from({ length: WRONG_GUESSES }, (_, i) => signInAt(worker(i), `wrong guess number ${i}`)),
        signInAt(worker(WRONG_GUESSES), TEST_PASSWORD),
      );

      expect(checked).toBe(MAX_FAILURES);
      expect(statusCounts(guesses)).toEqual({ 401: MAX_FAILURES, 429: WRONG_GUESSES - MAX_FAILURES });
      expect(right.statusCode).toBe(429);
      expect(right.cookies).toEqual([]);
      expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
      // One lock for the burst, audited once, and it holds for the right password afterwards.
      const lockouts = (await Promise.all(built.map((t) => auditEvents(t.app))))
        .flat()
        .filter((e) => e.action === 'auth.lockout');
      expect(lockouts).toHaveLength(1);
      expect((await login(built[0]!.app, email)).statusCode).toBe(429);
    });

    it(`verifies at most ${MAX_FAILURES} current passwords sent at once to PUT /auth/me/password`, async () => {
      const { built, email, worker } = await setup();
      const tokens = new Map<TestApp, string>();
      for (const t of built) tokens.set(t, (await signIn(t.app, 'viewer', email)).token);
      const changeAt = (t: TestApp, current_password: string) => () =>
        signedInInject(
          t.app,
          tokens.get(t)!,
        )({
          method: 'PUT',
          url: '/api/v1/auth/me/password',
          payload: { current_password, new_password: NEW_PASSWORD },
        });

      const { guesses, right, checked } = await burst(
        Array.from({ length: WRONG_GUESSES }, (_, i) => changeAt(worker(i), `wrong guess number ${i}`)),
        changeAt(worker(WRONG_GUESSES), TEST_PASSWORD),
      );

      expect(checked).toBe(MAX_FAILURES);
      expect(statusCounts(guesses)).toEqual({ 422: MAX_FAILURES, 429: WRONG_GUESSES - MAX_FAILURES });
      expect(right.statusCode).toBe(429);
      expect(right.json()).toMatchObject({ code: 'rate_limited' });
      // The password did not change: once an admin lifts the lock, the old one still signs in.
      const admin = built[0]!;
      const user = await createAccount(admin.app, 'viewer', email);
      expect(
        (await admin.inject({ method: 'DELETE', url: `/api/v1/users/${user.id}/lockout` })).statusCode,
      ).toBe(200);
      expect((await login(admin.app, email)).statusCode).toBe(200);
      expect((await login(admin.app, email, NEW_PASSWORD)).statusCode).toBe(401);
    });
  });
});
