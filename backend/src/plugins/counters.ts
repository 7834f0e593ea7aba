import fp from 'fastify-plugin';
import { MemoryCounterStore, type CounterStore } from '../security/counter-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    counters: CounterStore;
  }
}

export interface CountersOptions {
  /** A shared store (Redis); in memory, per process, when absent. */
  store?: CounterStore;
}

/** Short-lived counters (sign-in failures, lockouts) for the whole app; closed on close. */
export default fp<CountersOptions>(
  async (app, options) => {
    const store = options.store ?? new MemoryCounterStore();
    app.decorate('counters', store);
    app.addHook('onClose', async () => {
      await store.close();
    });
  },
  { name: 'counters' },
);
