import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The Redis to test against, or null (with one line saying so) when it is not running. With
 * CI=true a missing Redis fails the run instead: CI never skips these tests.
 */
export async function redisForTests(): Promise<string | null> {
  const client = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await client.connect();
    await client.ping();
    return TEST_REDIS_URL;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (process.env.CI === 'true')
      throw new Error(`Redis tests need ${TEST_REDIS_URL} (${reason}); CI does not skip them`);
    console.warn(`Redis at ${TEST_REDIS_URL} is unreachable (${reason}): skipping the Redis tests.`);
    return null;
  } finally {
    client.disconnect();
  }
}

/** A key prefix no other test (or concurrent run) uses. */
export const uniquePrefix = (): string => `ums-test:${randomBytes(6).toString('hex')}:`;
