import { hash, verify } from '@node-rs/argon2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findUserById, setAccountFields } from '../../src/db/users.repository.js';
import { HASH_PARAMS, needsRehash, verifyPassword } from '../../src/security/passwords.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { auditEvents } from '../support/audit.js';
import { createAccount, login, TEST_PASSWORD } from '../support/auth.js';
import { decodeToken, forgeToken, TEST_JWT_SECRET, unsignedToken } from '../support/tokens.js';

const asBearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe(`sign-in on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp({ env: { JWT_SECRET: TEST_JWT_SECRET } });
  });
  afterEach(async () => {
    await t.close();
  });

  const me = (token: string) =>
    t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: asBearer(token) });

  it('answers a Bearer access token, its lifetime, the user and whether a password change is due', async () => {
    const viewer = await createAccount(t.app, 'viewer');
    const res = await login(t.app, viewer.email);

    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      status: 'success',
      message: 'Signed in',
      data: {
        token_type: 'Bearer',
        expires_in: 15 * 60,
        must_change_password: false,
        user: { id: viewer.id, email: viewer.email, role: 'viewer', status: 'active' },
      },
    });
    expect(body.data.user).not.toHaveProperty('password_hash');
    expect(body.data.user).not.toHaveProperty('password');
    expect((await me(body.data.access_token)).json().data.user.id).toBe(viewer.id);
  });

  it('signs the access token with HS256 and names the user, the session, issuer and audience', async () => {
    const viewer = await createAccount(t.app, 'viewer');
    const { access_token } = (await login(t.app, viewer.email)).json().data;
    const { header, payload } = decodeToken(access_token);

    expect(header.alg).toBe('HS256');
    expect(payload).toMatchObject({
      sub: String(viewer.id),
      iss: 'user-management-system',
      aud: 'user-management-system',
    });
    expect(payload.sid).toMatch(/^[0-9a-f]{32}$/);
    expect(payload.exp - payload.iat).toBe(15 * 60);
  });

  it('sets the refresh token as an HttpOnly, SameSite=Strict cookie for the auth routes only', async () => {
    const res = await login(t.app, t.admin.email);
    const cookie = res.cookies.find((c) => c.name === 'refresh_token');

    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
    expect(cookie?.maxAge).toBe(14 * 24 * 3600);
    // 256 random bits in base64url
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Outside production the console may be served over plain http on a developer's machine.
    expect(cookie?.secure).toBeFalsy();
  });

  it('answers the same 401 for a wrong password and for an unknown email', async () => {
    const wrongPassword = await login(t.app, t.admin.email, 'not the password at all');
    const unknownEmail = await login(t.app, 'nobody@example.com', TEST_PASSWORD);

    for (const res of [wrongPassword, unknownEmail]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.cookies).toEqual([]);
    }
    expect(wrongPassword.json()).toEqual(unknownEmail.json());
    expect(wrongPassword.json()).toMatchObject({
      code: 'unauthorized',
      message: 'Invalid email or password',
    });
  });

  it('answers a disabled account the same whether its password is right or wrong, and audits why', async () => {
    const viewer = await createAccount(t.app, 'viewer');
    const disable = { method: 'PATCH', url: `/api/v1/users/${viewer.id}`, payload: { status: 'disabled' } };
    expect((await t.inject(disable)).statusCode).toBe(200);

    const right = await login(t.app, viewer.email);
    const wrong = await login(t.app, viewer.email, 'not the password at all');

    for (const res of [right, wrong]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.cookies).toEqual([]);
    }
    expect(right.json()).toEqual(wrong.json());
    expect(right.json()).toMatchObject({ message: 'Invalid email or password' });
    const failures = (await auditEvents(t.app)).filter((e) => e.action === 'auth.login_failed');
    expect(failures).toMatchObject([
      { target_id: String(viewer.id), changes: { reason: [null, 'account_disabled'] } },
      { target_id: String(viewer.id), changes: { reason: [null, 'wrong_password'] } },
    ]);
  });

  it('signs in whatever the case and spacing of the email', async () => {
    const res = await login(t.app, `  ${t.admin.email.toUpperCase()} `);
    expect(res.statusCode).toBe(200);
  });

  it('rehashes a password stored with weaker parameters at the next sign-in', async () => {
    const viewer = await createAccount(t.app, 'viewer');
    const weak = await hash(TEST_PASSWORD, { memoryCost: 8192, timeCost: 1, parallelism: 1, algorithm: 2 });
    await setAccountFields(t.app.db, viewer.id, { password_hash: weak });

    expect((await login(t.app, viewer.email)).statusCode).toBe(200);

    const stored = (await findUserById(t.app.db, viewer.id))!.password_hash!;
    expect(stored).not.toBe(weak);
    expect(needsRehash(stored)).toBe(false);
    expect(await verifyPassword(stored, TEST_PASSWORD)).toBe(true);
  });

  it('rehashes a password stored before passwords were normalised, in its normalised form', async () => {
    const typed = 'ｗｉｄｅ letters and cafe\u0301s';
    const viewer = await createAccount(t.app, 'viewer');
    const legacy = await hash(typed, { ...HASH_PARAMS, algorithm: 2 });
    await setAccountFields(t.app.db, viewer.id, { password_hash: legacy });

    expect((await login(t.app, viewer.email, typed)).statusCode).toBe(200);

    const stored = (await findUserById(t.app.db, viewer.id))!.password_hash!;
    expect(stored).not.toBe(legacy);
    expect(await verify(stored, typed.normalize('NFKC'))).toBe(true);
    expect((await login(t.app, viewer.email, 'wide letters and cafés')).statusCode).toBe(200);
  });

  it('signs in with ordinary letters a password set in fullwidth ones', async () => {
    const viewer = await createAccount(t.app, 'viewer');
    const set = await t.inject({
      method: 'PUT',
      url: `/api/v1/users/${viewer.id}/password`,
      payload: { password: 'ｃｏｒｒｅｃｔ ｈｏｒｓｅ ｂａｔｔｅｒｙ ４２' },
    });
    expect(set.statusCode).toBe(200);

    expect((await login(t.app, viewer.email, 'correct horse battery 42')).statusCode).toBe(200);
  });

  describe('a request without a valid access token gets 401 with WWW-Authenticate: Bearer', () => {
    const claimsOf = (token: string) => {
      const { sub, sid } = decodeToken(token).payload;
      return { sub, sid };
    };

    it.each([
      ['no Authorization header', undefined],
      ['a Basic Authorization header', 'Basic YWRtaW46YWRtaW4='],
      ['a Bearer value that is not a JWT', 'Bearer not-a-jwt'],
    ])('%s', async (_case, authorization) => {
      for (const url of ['/api/v1/users', '/users', '/api/v1/auth/me', '/api/v1/audit-events']) {
        const headers = authorization ? { authorization } : {};
        const res = await t.app.inject({ method: 'GET', url, headers });
        expect(res.statusCode, url).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer');
        expect(res.json()).toMatchObject({ status: 'error', data: null, code: 'unauthorized' });
      }
    });

    it('accepts a token the test signs the way the app does (so the cases below prove something)', async () => {
      const res = await me(forgeToken(t.config, claimsOf(t.admin.token)));
      expect(res.statusCode).toBe(200);
    });

    const forgeries: [string, (t: TestApp, claims: { sub: string; sid: string }) => string][] = [
      [
        'an expired token',
        // ACCESS_TOKEN_TTL cannot go below 30 s, so the token is signed as if an hour ago.
        (t, claims) => forgeToken(t.config, claims, { clockTimestamp: Date.now() - 3600_000 }),
      ],
      [
        'a tampered signature',
        (t) => {
          const [head, payload, signature] = t.admin.token.split('.');
          const flipped = (signature![0] === 'A' ? 'B' : 'A') + signature!.slice(1);
          return `${head}.${payload}.${flipped}`;
        },
      ],
      [
        'a tampered payload (another user, the old signature)',
        (t, claims) => {
          const [head, , signature] = t.admin.token.split('.');
          const [, payload] = forgeToken(t.config, { ...claims, sub: '999' }).split('.');
          return `${head}.${payload}.${signature}`;
        },
      ],
      ['alg: none', (t, claims) => unsignedToken(t.config, claims)],
      [
        'another algorithm with the right key (HS512)',
        (t, claims) => forgeToken(t.config, claims, { algorithm: 'HS512' }),
      ],
      ['the wrong audience', (t, claims) => forgeToken(t.config, claims, { aud: 'another-service' })],
      ['the wrong issuer', (t, claims) => forgeToken(t.config, claims, { iss: 'https://attacker.example' })],
      ['another key', (t, claims) => forgeToken(t.config, claims, { key: 'x'.repeat(40) })],
      ['no session id', (t, claims) => forgeToken(t.config, { sub: claims.sub })],
      [
        'a session id that does not exist',
        (t, claims) => forgeToken(t.config, { ...claims, sid: '0'.repeat(32) }),
      ],
      ["another user's id with this session", (t, claims) => forgeToken(t.config, { ...claims, sub: '999' })],
    ];

    it.each(forgeries)('%s', async (_case, make) => {
      const res = await me(make(t, claimsOf(t.admin.token)));
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.json().code).toBe('unauthorized');
    });
  });
});

describe(`sign-in settings on ${dialect}`, () => {
  it('marks the refresh cookie Secure in production', async () => {
    // Production refuses to start without a JWT_SECRET of 32 characters or more.
    const t = await buildTestApp({ env: { NODE_ENV: 'production', JWT_SECRET: TEST_JWT_SECRET } });
    try {
      const res = await login(t.app, t.admin.email);
      const cookie = res.cookies.find((c) => c.name === 'refresh_token');
      expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
    } finally {
      await t.close();
    }
  });

  it('gives access tokens the lifetime ACCESS_TOKEN_TTL names', async () => {
    const t = await buildTestApp({ env: { ACCESS_TOKEN_TTL: '120' } });
    try {
      const { data } = (await login(t.app, t.admin.email)).json();
      const { payload } = decodeToken(data.access_token);
      expect(data.expires_in).toBe(120);
      expect(payload.exp - payload.iat).toBe(120);
    } finally {
      await t.close();
    }
  });
});
