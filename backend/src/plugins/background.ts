import fp from 'fastify-plugin';
import { BackgroundWorker } from '../services/background/worker.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The outbox's deliverers, the job handlers and the daily runs of this process (decision 0152). */
    background: BackgroundWorker;
  }
}

export interface BackgroundPluginOptions {
  /** Start the worker when the app is ready (BACKGROUND_WORK); off, work waits for another process. */
  enabled: boolean;
  /** The clock background work reads (tests fix it). */
  now?: () => Date;
  pollMs?: number;
  leaseMs?: number;
}

/**
 * One worker per process. Features register what they deliver and run (`app.background.deliver`,
 * `handle`, `everyDay`) while the app is built; the worker starts once the app is ready, and
 * stops before the server closes so no work is cut off by a closed database.
 */
export default fp<BackgroundPluginOptions>(
  async (app, options) => {
    const worker = new BackgroundWorker({
      db: app.db,
      log: app.log.child({ component: 'background' }),
      now: options.now,
      pollMs: options.pollMs,
      leaseMs: options.leaseMs,
    });
    app.decorate('background', worker);
    if (options.enabled) app.addHook('onReady', async () => worker.start());
    app.addHook('preClose', async () => worker.stop());
  },
  { name: 'background', dependencies: ['database'] },
);
