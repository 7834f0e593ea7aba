import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const SECRET = 'x'.repeat(32);

describe('sign-in configuration', () => {
  it('has the documented defaults', () => {
    const { auth } = loadConfig({});
    expect(auth).toMatchObject({
      accessTokenTtl: 15 * 60,
      refreshTokenTtl: 14 * 24 * 3600,
      passwordMinLength: 12,
      loginRateLimit: 30,
      adminEmail: null,
      adminPassword: null,
    });
  });

  it('refuses to run in production without a JWT_SECRET of at least 32 characters', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET.slice(1) })).toThrow(/at least 32/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }).auth.jwtSecret).toBe(SECRET);
  });

  it('refuses a short JWT_SECRET anywhere', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET is too short/);
  });

  it.each([
    ['ACCESS_TOKEN_TTL', '29'],
    ['LOGIN_RATE_LIMIT', '29'],
    ['PASSWORD_MIN_LENGTH', '7'],
    ['PASSWORD_MIN_LENGTH', '129'],
  ])('refuses %s=%s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}="${value}" is invalid`));
  });

  it('wants ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'root@example.com' })).toThrow(/go together/);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'a long admin password' })).toThrow(/go together/);
    expect(
      loadConfig({ ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'a long admin password' }).auth,
    ).toMatchObject({
      adminEmail: 'root@example.com',
      adminPassword: 'a long admin password',
    });
  });
});
