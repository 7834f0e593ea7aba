import { createSigner } from 'fast-jwt';
import { describe, expect, it } from 'vitest';
import { accessTokens, hashToken, newRefreshToken, newSessionId } from '../../src/security/tokens.js';

const settings = { secret: 's'.repeat(32), issuer: 'ums', audience: 'ums-api', ttlSeconds: 60 };
const tokens = accessTokens(settings);
const claims = { sub: '7', sid: 'a'.repeat(32) };

const signWith = (options: Record<string, unknown>, payload: Record<string, unknown> = claims) =>
  createSigner({
    key: settings.secret,
    algorithm: 'HS256',
    iss: settings.issuer,
    aud: settings.audience,
    expiresIn: 60_000,
    ...options,
  })(payload);

describe('access tokens', () => {
  it('verify what they signed, answering only the user and the session', () => {
    expect(tokens.verify(tokens.sign(claims))).toEqual(claims);
    expect(tokens.verify(signWith({}))).toEqual(claims);
  });

  it.each([
    ['another key', () => signWith({ key: 'k'.repeat(32) })],
    ['HS512 with the same key (the algorithm is pinned)', () => signWith({ algorithm: 'HS512' })],
    ['another issuer', () => signWith({ iss: 'someone-else' })],
    ['another audience', () => signWith({ aud: 'another-api' })],
    [
      'an expiry a minute past (beyond the clock tolerance)',
      () => signWith({ clockTimestamp: Date.now() - 120_000 }),
    ],
    ['no expiry', () => signWith({ expiresIn: undefined })],
    ['no session id', () => signWith({}, { sub: '7' })],
    ['a number for the user id', () => signWith({}, { sub: 7, sid: claims.sid })],
    [
      'alg: none',
      () => {
        const now = Math.floor(Date.now() / 1000);
        const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
        const payload = { ...claims, iss: settings.issuer, aud: settings.audience, iat: now, exp: now + 60 };
        return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
      },
    ],
  ])('refuse a token with %s', (_case, make) => {
    expect(() => tokens.verify(make())).toThrow();
  });

  it('expire after the lifetime they are given', () => {
    const token = tokens.sign(claims);
    const [, payload] = token.split('.');
    const { iat, exp } = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    expect(exp - iat).toBe(60);
  });
});

describe('refresh tokens and session ids', () => {
  it('are 256 and 128 random bits, never the same twice', () => {
    const refresh = Array.from({ length: 100 }, newRefreshToken);
    expect(new Set(refresh).size).toBe(100);
    for (const token of refresh) expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const ids = Array.from({ length: 100 }, newSessionId);
    expect(new Set(ids).size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('are stored as a SHA-256 hash: the same token, the same hash; never the token itself', () => {
    const token = newRefreshToken();
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).not.toContain(token);
    expect(hashToken(newRefreshToken())).not.toBe(hashToken(token));
  });
});
