import type { Redis } from 'ioredis';
import type { CounterStore } from './counter-store.js';

/**
 * INCR and the time to live in one step, so two workers counting the same key at once both
 * count, and a key never outlives its window. The TTL is set when the key is new (or somehow
 * has none) and never extended, so a window starts at its first failure, as in memory.
 */
const INCREMENT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 or redis.call('PTTL', KEYS[1]) == -1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return count
`;

type ScriptedRedis = Redis & { counterIncrement(key: string, ttlMs: number): Promise<number> };

/** Counters shared by every worker and host that uses the same Redis (REDIS_URL) and prefix. */
export class RedisCounterStore implements CounterStore {
  readonly kind = 'redis';
  private readonly redis: ScriptedRedis;

  /**
   * @param redis a connected client; the store does not close it (rate limits share it)
   * @param prefix put before every key, so several apps or environments can share one Redis
   */
  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    // defineCommand sends EVALSHA, falling back to EVAL once per connection.
    if (!('counterIncrement' in redis))
      redis.defineCommand('counterIncrement', { numberOfKeys: 1, lua: INCREMENT });
    this.redis = redis as ScriptedRedis;
  }

  private key(key: string): string {
    return `${this.prefix}${key}`;
  }

  async increment(key: string, ttlMs: number): Promise<number> {
    return Number(await this.redis.counterIncrement(this.key(key), Math.max(1, Math.ceil(ttlMs))));
  }

  async get(key: string): Promise<number | null> {
    const value = await this.redis.get(this.key(key));
    return value === null ? null : Number(value);
  }

  async timeToLive(key: string): Promise<number | null> {
    // PTTL answers -2 for no key and -1 for a key without one; increment never leaves a key so.
    const ms = await this.redis.pttl(this.key(key));
    return ms < 0 ? null : ms;
  }

  async set(key: string, value: number, ttlMs: number): Promise<void> {
    await this.redis.set(this.key(key), String(value), 'PX', Math.max(1, Math.ceil(ttlMs)));
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.key(key));
  }

  /** The client belongs to whoever made it (plugins/counters.ts closes it). */
  async close(): Promise<void> {}
}
