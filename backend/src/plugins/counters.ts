import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { MemoryCounterStore, type CounterStore } from '../security/counter-store.js';
import { RedisCounterStore } from '../security/redis-counter-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    counters: CounterStore;
    /** The shared Redis client when REDIS_URL is set (rate limits use it too), else null. */
    redis: Redis | null;
  }
}

export interface CountersOptions {
  /** A store given by the caller (tests); takes precedence over redisUrl. */
  store?: CounterStore;
  /** Counters in Redis, shared by every worker and host; in memory, per process, when absent. */
  redisUrl?: string | null;
  /** Put before every Redis key. */
  redisPrefix?: string;
}

/** Short-lived counters (sign-in failures, lockouts) for the whole app; closed on close. */
export default fp<CountersOptions>(
  async (app, options) => {
    let redis: Redis | null = null;
    let store = options.store;
    if (!store && options.redisUrl) {
      // Few retries per command: a request waits briefly for Redis, then fails, rather than hang.
      redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 2, connectTimeout: 5000 });
      redis.on('error', (error) => app.log.warn({ err: error }, 'redis connection error'));
      store = new RedisCounterStore(redis, `${options.redisPrefix ?? ''}counter:`);
    }
    store ??= new MemoryCounterStore();
    app.decorate('counters', store);
    app.decorate('redis', redis);
    app.addHook('onClose', async () => {
      await store.close();
      await redis?.quit();
    });
  },
  { name: 'counters' },
);
