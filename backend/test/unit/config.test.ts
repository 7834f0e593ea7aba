import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

/** The one-line message loadConfig throws for `env`, or fails the test. */
function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('loadConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      nodeEnv: 'development',
      host: '127.0.0.1',
      port: 5000,
      database: { dialect: 'sqlite', path: './data/app.db', url: 'sqlite:./data/app.db' },
      logLevel: 'info',
      corsOrigins: [],
      migrateOnStart: true,
      bodyLimit: 1024 * 1024,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 72_000,
      staticDir: null,
      webConcurrency: 1,
      trustProxy: false,
      redisUrl: null,
      redisPrefix: 'ums:',
      metricsToken: null,
      backgroundWork: true,
      backgroundLeaseSeconds: 60,
      lifecycle: { dormantAfterDays: null, dormantWarnDays: 7, deletedRetentionDays: 30 },
      auth: expect.any(Object) as object,
      mail: expect.any(Object) as object,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: '8080',
      DATABASE_URL: 'postgres://app:secret@db:5432/users',
      DATABASE_POOL_SIZE: '25',
      LOG_LEVEL: 'warn',
      CORS_ORIGINS: 'http://127.0.0.1:5500, https://admin.example.com/',
      MIGRATE_ON_START: 'false',
      BODY_LIMIT: '2048',
      REQUEST_TIMEOUT: '10',
      KEEP_ALIVE_TIMEOUT: '65',
      STATIC_DIR: '/srv/console',
      JWT_SECRET: 'x'.repeat(32),
    });
    expect(config).toMatchObject({
      nodeEnv: 'production',
      host: '0.0.0.0',
      port: 8080,
      database: { dialect: 'postgres', url: 'postgres://app:secret@db:5432/users', poolSize: 25 },
      logLevel: 'warn',
      corsOrigins: ['http://127.0.0.1:5500', 'https://admin.example.com'],
      migrateOnStart: false,
      bodyLimit: 2048,
      requestTimeoutMs: 10_000,
      keepAliveTimeoutMs: 65_000,
      staticDir: '/srv/console',
    });
  });

  it('reads the account lifecycle: DORMANT_AFTER_DAYS off when 0 or unset', () => {
    expect(
      loadConfig({ DORMANT_AFTER_DAYS: '90', DORMANT_WARN_DAYS: '14', DELETED_RETENTION_DAYS: '7' })
        .lifecycle,
    ).toEqual({ dormantAfterDays: 90, dormantWarnDays: 14, deletedRetentionDays: 7 });
    expect(loadConfig({ DORMANT_AFTER_DAYS: '0' }).lifecycle.dormantAfterDays).toBeNull();
  });

  it('freezes the result, its nested parts included', () => {
    const config = loadConfig({ CORS_ORIGINS: 'http://a.example' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.corsOrigins)).toBe(true);
    expect(Object.isFrozen(config.auth)).toBe(true);
    expect(Object.isFrozen(config.lifecycle)).toBe(true);
    expect(Object.isFrozen(config.mail)).toBe(true);
  });

  it('treats blank values as unset and trims values', () => {
    expect(loadConfig({ PORT: '  ', LOG_LEVEL: ' debug ' })).toMatchObject({ port: 5000, logLevel: 'debug' });
  });

  it.each([
    ['sqlite::memory:', ':memory:'],
    ['sqlite:relative/app.db', 'relative/app.db'],
    ['sqlite:///var/lib/app.db', '/var/lib/app.db'],
    ['sqlite://relative/app.db', 'relative/app.db'],
  ])('reads the SQLite path of %s', (url, path) => {
    expect(loadConfig({ DATABASE_URL: url }).database).toMatchObject({ dialect: 'sqlite', path });
  });

  it('accepts postgresql:// as well as postgres://', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@h/db' }).database.dialect).toBe('postgres');
  });

  it.each(['1', 'yes', 'on', 'TRUE'])('reads MIGRATE_ON_START=%s as true', (value) => {
    expect(loadConfig({ MIGRATE_ON_START: value }).migrateOnStart).toBe(true);
  });

  it.each(['0', 'no', 'off', 'False'])('reads MIGRATE_ON_START=%s as false', (value) => {
    expect(loadConfig({ MIGRATE_ON_START: value }).migrateOnStart).toBe(false);
  });

  it.each([
    ['PORT', 'abc', 'expected an integer from 0 to 65535'],
    ['PORT', '70000', 'expected an integer from 0 to 65535'],
    ['PORT', '-1', 'expected an integer from 0 to 65535'],
    ['PORT', '80.5', 'expected an integer from 0 to 65535'],
    ['DATABASE_POOL_SIZE', '0', 'expected an integer from 1 to 1000'],
    ['BODY_LIMIT', '10', 'expected an integer from 1024 to 104857600'],
    ['REQUEST_TIMEOUT', '0', 'expected an integer from 1 to 3600'],
    ['KEEP_ALIVE_TIMEOUT', '1.5', 'expected an integer from 1 to 3600'],
    ['NODE_ENV', 'staging', 'expected one of development, production, test'],
    ['LOG_LEVEL', 'loud', 'expected one of fatal, error, warn, info, debug, trace, silent'],
    ['MIGRATE_ON_START', 'maybe', 'expected true or false'],
    ['DATABASE_URL', 'mysql://localhost/db', 'expected sqlite:<path> or postgres://'],
    ['DATABASE_URL', 'sqlite:', 'expected sqlite:<path> or sqlite::memory:'],
    ['CORS_ORIGINS', 'not an origin', 'expected a comma-separated list of origins'],
    ['CORS_ORIGINS', 'http://a.example/admin', 'expected an origin (scheme, host and port) with no path'],
    ['JWT_SECRET', 'short', 'expected at least 32 characters'],
    ['ACCESS_TOKEN_TTL', '5', 'expected an integer from 30 to 86400'],
    ['PASSWORD_MIN_LENGTH', '4', 'expected an integer from 8 to 128'],
    ['ADMIN_EMAIL', 'root@example.com', 'set both or neither'],
    ['DORMANT_AFTER_DAYS', '90d', 'expected an integer from 0 to 36500'],
    ['DORMANT_WARN_DAYS', '400', 'expected an integer from 0 to 365'],
    ['DELETED_RETENTION_DAYS', '-1', 'expected an integer from 0 to 3650'],
    ['BACKGROUND_LEASE_SECONDS', '1', 'expected an integer from 2 to 3600'],
  ])('refuses %s=%s in one line naming the variable', (name, value, accepts) => {
    const message = configError({ [name]: value });
    expect(message.startsWith(name)).toBe(true);
    expect(message).toContain(accepts);
    expect(message).not.toContain('\n');
  });

  it('requires JWT_SECRET in production, naming it', () => {
    expect(configError({ NODE_ENV: 'production' })).toMatch(
      /^JWT_SECRET is required when NODE_ENV=production/,
    );
  });

  it('does not echo a PostgreSQL URL it cannot parse, as it may hold a password', () => {
    const message = configError({ DATABASE_URL: 'postgres://user:hunter2@[bad' });
    expect(message).toBe('DATABASE_URL is invalid: not a parsable postgres:// URL');
  });

  it('hides the password of a URL of another scheme it echoes', () => {
    const message = configError({ DATABASE_URL: 'mysql://user:hun@ter2@db/users' });
    expect(message).not.toContain('ter2');
    expect(message).toMatch(
      /^DATABASE_URL="mysql:\/\/user:\*\*\*@db\/users" is invalid: expected sqlite:<path>/,
    );
  });
});
