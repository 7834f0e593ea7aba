import fp from 'fastify-plugin';
import type { LifecycleConfig } from '../config.js';
import { DORMANT_JOB, dormantHandler, type DormantSettings } from '../services/dormant.service.js';
import { PURGE_JOB, purgeHandler } from '../services/lifecycle-jobs.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The account lifecycle's settings: the dormant policy and the recycle bin's retention. */
    lifecycle: { dormant: DormantSettings; retentionDays: number };
  }
}

/**
 * Account lifecycle's background work (issue 16): the daily purge of the recycle bin and, when
 * DORMANT_AFTER_DAYS is set, the daily dormant-account run; both are jobs, once a day however
 * many processes (services/background/daily.ts). Warnings are mail: sent only when some plugin
 * registers the `mail` deliverer.
 */
export default fp<{ config: LifecycleConfig }>(
  async (app, { config }) => {
    const dormant: DormantSettings = {
      afterDays: config.dormantAfterDays,
      warnDays: config.dormantWarnDays,
      mail: () => app.background.delivers('mail'),
    };
    app.decorate('lifecycle', { dormant, retentionDays: config.deletedRetentionDays });
    app.background.handle(DORMANT_JOB, dormantHandler(app.db, dormant));
    app.background.handle(PURGE_JOB, purgeHandler(app.db, config.deletedRetentionDays));
    app.background.everyDay({ name: 'purge-deleted', kind: PURGE_JOB });
    if (config.dormantAfterDays !== null) app.background.everyDay({ name: 'dormant', kind: DORMANT_JOB });
  },
  { name: 'lifecycle', dependencies: ['background', 'database'] },
);
