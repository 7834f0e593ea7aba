import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisCounterStore } from '../../src/security/redis-counter-store.js';
import { redisForTests, uniquePrefix } from '../support/redis.js';

const url = await redisForTests();

describe.skipIf(url === null)('RedisCounterStore against a real Redis', () => {
  let a: Redis;
  let b: Redis;
  let prefix: string;
  beforeAll(() => {
    // Two connections, as two workers would have.
    a = new Redis(url!);
    b = new Redis(url!);
    prefix = uniquePrefix();
  });
  afterAll(async () => {
    const keys = await a.keys(`${prefix}*`);
    if (keys.length > 0) await a.del(...keys);
    await Promise.all([a.quit(), b.quit()]);
  });

  it('counts up from 1 and gives a new key the time to live', async () => {
    const store = new RedisCounterStore(a, prefix);
    expect(await store.increment('k1', 60_000)).toBe(1);
    expect(await store.increment('k1', 60_000)).toBe(2);
    expect(await store.get('k1')).toBe(2);
    const ttl = await a.pttl(`${prefix}k1`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('keeps the window of the first count: later counts do not extend it', async () => {
    const store = new RedisCounterStore(a, prefix);
    await store.increment('k2', 60_000);
    await a.pexpire(`${prefix}k2`, 5_000);
    await store.increment('k2', 60_000);
    expect(await a.pttl(`${prefix}k2`)).toBeLessThanOrEqual(5_000);
  });

  it('gives a time to live to a key that somehow has none', async () => {
    const store = new RedisCounterStore(a, prefix);
    await a.set(`${prefix}k3`, '7');
    expect(await store.increment('k3', 60_000)).toBe(8);
    expect(await a.pttl(`${prefix}k3`)).toBeGreaterThan(0);
  });

  it('loses no count when two connections count the same key at once', async () => {
    const first = new RedisCounterStore(a, prefix);
    const second = new RedisCounterStore(b, prefix);
    const counts = await Promise.all(
      Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? first : second).increment('shared', 60_000)),
    );
    expect(counts.sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(await first.get('shared')).toBe(200);
  });

  it('sets, reads and deletes values with their own time to live', async () => {
    const store = new RedisCounterStore(a, prefix);
    expect(await store.get('missing')).toBeNull();
    const until = Date.now() + 300_000;
    await store.set('locked-until', until, 300_000);
    expect(await store.get('locked-until')).toBe(until);
    expect(await a.pttl(`${prefix}locked-until`)).toBeGreaterThan(0);
    await store.delete('locked-until');
    expect(await store.get('locked-until')).toBeNull();
  });

  it('says how long a key has left, and nothing for a key that is not there', async () => {
    const store = new RedisCounterStore(a, prefix);
    await store.increment('ttl', 60_000);
    const left = await store.timeToLive('ttl');
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(60_000);
    expect(await store.timeToLive('no-such-key')).toBeNull();
  });

  it('forgets a counter once its time to live has passed', async () => {
    const store = new RedisCounterStore(a, prefix);
    await store.increment('short', 50);
    let value = await store.get('short');
    for (let i = 0; i < 100 && value !== null; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      value = await store.get('short');
    }
    expect(value).toBeNull();
  });

  it('leaves the shared client open when the store closes', async () => {
    await new RedisCounterStore(a, prefix).close();
    expect(await a.ping()).toBe('PONG');
  });
});
