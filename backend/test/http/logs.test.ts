import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { createAccount, login, signedInInject, TEST_PASSWORD } from '../support/auth.js';
import { freePort } from '../support/ports.js';
import { rawRequest } from '../support/raw-http.js';

const PASSWORDS = {
  wrong: 'a wrong guess that is secret too',
  changed: 'my changed passphrase 31415',
  setByAdmin: 'chosen by the admin 27182',
  forNewUser: 'the new hire passphrase 16180',
  tooCommon: 'qwerty123456',
};

describe(`logs never hold a secret on ${dialect}`, () => {
  let t: TestApp;
  let lines: string[];
  beforeEach(async () => {
    lines = [];
    const stream = { write: (line: string) => void lines.push(line) };
    t = await buildTestApp({ env: { LOG_LEVEL: 'trace' }, logStream: stream });
  });
  afterEach(async () => {
    await t.close();
  });

  const tokensIn = (res: LightMyRequestResponse) => {
    const found: string[] = [];
    const accessToken = res.json<{ data?: { access_token?: string } }>().data?.access_token;
    if (accessToken) found.push(accessToken, accessToken.split('.')[2]!);
    const refresh = res.cookies.find((c) => c.name === 'refresh_token')?.value;
    if (refresh) found.push(refresh);
    return found;
  };

  it('during sign-in, refresh, password changes, set-password and user creation', async () => {
    const secrets: string[] = [
      ...Object.values(PASSWORDS),
      TEST_PASSWORD,
      t.admin.token,
      t.admin.refreshToken,
    ];
    const viewer = await createAccount(t.app, 'viewer');

    await login(t.app, viewer.email, PASSWORDS.wrong);
    const signedIn = await login(t.app, viewer.email);
    secrets.push(...tokensIn(signedIn));
    const token = signedIn.json().data.access_token as string;
    const refreshToken = tokensIn(signedIn).at(-1)!;

    const refreshed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      cookies: { refresh_token: refreshToken },
    });
    secrets.push(...tokensIn(refreshed));
    const asViewer = signedInInject(t.app, refreshed.json().data.access_token);

    const responses = [
      signedIn,
      refreshed,
      await asViewer({
        method: 'PUT',
        url: '/api/v1/auth/me/password',
        payload: { current_password: PASSWORDS.wrong, new_password: PASSWORDS.changed },
      }),
      await asViewer({
        method: 'PUT',
        url: '/api/v1/auth/me/password',
        payload: { current_password: TEST_PASSWORD, new_password: PASSWORDS.changed },
      }),
      await t.inject({
        method: 'PUT',
        url: `/api/v1/users/${viewer.id}/password`,
        payload: { password: PASSWORDS.setByAdmin },
      }),
      await t.inject({
        method: 'POST',
        url: '/api/v1/users',
        payload: { name: 'Weak', email: 'weak@example.com', password: PASSWORDS.tooCommon },
      }),
      await t.inject({
        method: 'POST',
        url: '/api/v1/users',
        payload: { name: 'New Hire', email: 'newcomer@example.com', password: PASSWORDS.forNewUser },
      }),
      await signedInInject(t.app, token)({ method: 'GET', url: '/api/v1/auth/me' }),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 422, 200, 200, 422, 201, 401]);

    const log = readable(lines);
    // The capture worked: every request above left its lines (at trace, arrival lines too).
    expect(log).toContain('incoming request');
    expect(log).toContain('request completed');
    for (const url of [
      '/api/v1/auth/login',
      '/api/v1/auth/refresh',
      '/api/v1/auth/me/password',
      '/api/v1/users',
    ]) {
      expect(log).toContain(`"url":"${url}`);
    }
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(10);
      expect(log.includes(secret), `a secret starting "${secret.slice(0, 6)}" was logged`).toBe(false);
    }
    expect(log).not.toContain('$argon2');
  });
});

/**
 * The log as text, with any bytes it holds decoded: pino writes a Buffer as
 * `{"type":"Buffer","data":[…]}`, in which a secret would not show as itself.
 */
function readable(lines: string[]): string {
  const decode = (_key: string, value: unknown) => {
    const bytes = value as { type?: unknown; data?: unknown };
    return bytes?.type === 'Buffer' && Array.isArray(bytes.data)
      ? Buffer.from(bytes.data as number[]).toString('latin1')
      : value;
  };
  return lines.map((line) => JSON.stringify(JSON.parse(line, decode))).join('\n');
}

describe(`requests the HTTP parser refuses leave no secret in the log, on ${dialect}`, () => {
  it('at trace, whatever the client sent before the refusal', async () => {
    const lines: string[] = [];
    const t = await buildTestApp({
      env: { REQUEST_TIMEOUT: '1', LOG_LEVEL: 'trace' },
      logStream: { write: (l: string) => void lines.push(l) },
    });
    try {
      const port = await freePort();
      await t.app.listen({ host: '127.0.0.1', port });
      const secrets = [t.admin.token, t.admin.refreshToken, 'a password sent in a broken request'];
      const credentials = `Authorization: Bearer ${t.admin.token}\r\nCookie: refresh_token=${t.admin.refreshToken}\r\n`;
      const body = JSON.stringify({ email: 'a@example.com', password: secrets[2] });
      const answers = await Promise.all([
        // A header line with no colon, after the credentials: 400.
        rawRequest(
          port,
          `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n${credentials}Broken\r\n\r\n${body}`,
        ),
        // Headers past Node's limit: 431.
        rawRequest(
          port,
          `GET /api/v1/users HTTP/1.1\r\nHost: x\r\n${credentials}X-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
        ),
        // A body that stops half-way: 408 once REQUEST_TIMEOUT passes.
        rawRequest(
          port,
          `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n${credentials}Content-Type: application/json\r\n` +
            `Content-Length: ${body.length + 50}\r\n\r\n${body}`,
        ),
      ]);
      expect(answers.map((a) => a.slice(0, 12))).toEqual(['HTTP/1.1 400', 'HTTP/1.1 431', 'HTTP/1.1 408']);
      const log = readable(lines);
      // The capture worked: the refusals were logged, each with its status.
      for (const status of [400, 431, 408]) expect(log).toContain(`"status":${status}`);
      for (const secret of secrets) {
        expect(log.includes(secret), `a secret starting "${secret.slice(0, 6)}" was logged`).toBe(false);
      }
    } finally {
      await t.close();
    }
  });
});

describe(`the access log on ${dialect}`, () => {
  it('writes one line a request at info, when it is answered, with what happened', async () => {
    const lines: string[] = [];
    const t = await buildTestApp({
      logger: { level: 'info', stream: { write: (l: string) => void lines.push(l) } },
    });
    try {
      lines.length = 0;
      const res = await t.inject({
        method: 'GET',
        url: '/healthz',
        headers: { 'x-request-id': 'one-line' },
      });
      expect(res.statusCode).toBe(200);
      const mine = lines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.reqId === 'one-line');
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        level: 30,
        msg: 'request completed',
        req: { method: 'GET', url: '/healthz' },
        res: { statusCode: 200 },
      });
      expect(mine[0]!.responseTime).toEqual(expect.any(Number));
    } finally {
      await t.close();
    }
  });

  it("keeps to a route's own log level", async () => {
    const lines: string[] = [];
    const t = await buildTestApp({
      logger: { level: 'info', stream: { write: (l: string) => void lines.push(l) } },
      beforeReady: (app) => {
        app.get('/quiet', { logLevel: 'error' }, () => ({ ok: true }));
      },
    });
    try {
      const ids = ['quiet-route', 'loud-route'];
      await t.app.inject({ method: 'GET', url: '/quiet', headers: { 'x-request-id': ids[0] } });
      await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': ids[1] } });
      const logged = lines.map((l) => (JSON.parse(l) as { reqId?: string }).reqId);
      expect(logged).not.toContain(ids[0]);
      expect(logged).toContain(ids[1]);
    } finally {
      await t.close();
    }
  });
});
