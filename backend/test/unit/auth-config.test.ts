import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

// config.test.ts covers parsing in general; these are the sign-in settings issue 3 names.
describe('sign-in configuration', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({}).auth).toMatchObject({
      jwtSecret: null,
      accessTokenTtl: 15 * 60,
      refreshTokenTtl: 14 * 24 * 3600,
      passwordMinLength: 12,
      loginRateLimit: 30,
      adminEmail: null,
      adminPassword: null,
    });
  });

  it('takes a production JWT_SECRET of 32 characters, not 31', () => {
    const secret = 'x'.repeat(32);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret }).auth.jwtSecret).toBe(secret);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret.slice(1) })).toThrow(/at least 32/);
  });

  it('never lets LOGIN_RATE_LIMIT go below the 30 attempts a minute the docs promise', () => {
    expect(() => loadConfig({ LOGIN_RATE_LIMIT: '29' })).toThrow(/^LOGIN_RATE_LIMIT="29" is invalid/);
    expect(loadConfig({ LOGIN_RATE_LIMIT: '30' }).auth.loginRateLimit).toBe(30);
  });
});
