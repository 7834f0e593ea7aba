import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const load = (env: Record<string, string>) => loadConfig({ DATABASE_URL: 'sqlite:./data/x.db', ...env });

function errorOf(env: Record<string, string>): string {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('deployment settings', () => {
  it('defaults to one worker, no proxy trust, no Redis and no metrics', () => {
    const config = load({});
    expect(config).toMatchObject({
      webConcurrency: 1,
      trustProxy: false,
      redisUrl: null,
      metricsToken: null,
    });
  });

  it('reads WEB_CONCURRENCY as a count, or auto as the number of cores', () => {
    expect(load({ WEB_CONCURRENCY: '4' }).webConcurrency).toBe(4);
    expect(load({ WEB_CONCURRENCY: 'auto' }).webConcurrency).toBe(availableParallelism());
  });

  it.each(['0', '65', 'two', '-1', '1.5'])('refuses WEB_CONCURRENCY=%s in one line', (value) => {
    const message = errorOf({ WEB_CONCURRENCY: value });
    expect(message).toMatch(/^WEB_CONCURRENCY="[^"]+" is invalid: expected/);
    expect(message).not.toContain('\n');
  });

  it('refuses several workers on an in-memory SQLite database, which each would have alone', () => {
    expect(() => loadConfig({ DATABASE_URL: 'sqlite::memory:', WEB_CONCURRENCY: '2' })).toThrow(
      /WEB_CONCURRENCY=2 needs a database file/,
    );
  });

  it('reads TRUST_PROXY as a switch, a hop count or a list of addresses and ranges', () => {
    expect(load({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(load({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(load({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(load({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,loopback' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'loopback',
    ]);
  });

  it.each(['nginx', '10.0.0.0/33', '300.1.1.1', '1.2.3.4/8/1', '11'])(
    'refuses TRUST_PROXY=%s in one line naming the variable',
    (value) => {
      expect(errorOf({ TRUST_PROXY: value })).toMatch(/^TRUST_PROXY/);
    },
  );

  it('takes redis:// and rediss:// URLs and never repeats a bad one, which may hold a password', () => {
    expect(load({ REDIS_URL: 'redis://127.0.0.1:6379/2' }).redisUrl).toBe('redis://127.0.0.1:6379/2');
    expect(load({ REDIS_URL: 'rediss://:pw@cache:6380' }).redisUrl).toBe('rediss://:pw@cache:6380');
    const message = errorOf({ REDIS_URL: 'http://user:secret@cache' });
    expect(message).toMatch(/^REDIS_URL is invalid/);
    expect(message).not.toContain('secret');
  });

  it('wants a METRICS_TOKEN of at least 16 characters and never repeats it', () => {
    expect(load({ METRICS_TOKEN: 'a'.repeat(16) }).metricsToken).toBe('a'.repeat(16));
    const message = errorOf({ METRICS_TOKEN: 'short-secret' });
    expect(message).toMatch(/^METRICS_TOKEN is invalid: expected at least 16 characters/);
    expect(message).not.toContain('short-secret');
  });
});
