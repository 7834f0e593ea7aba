import type { Db } from '../db/dialect.js';
import type { JobHandler } from './background/jobs.js';
import { systemRequest } from './context.js';
import { expiredBinIds, purgeExpired } from './recycle-bin.service.js';

export const PURGE_JOB = 'users.purge-deleted';

/**
 * The daily purge (decision 0172): users in the recycle bin for longer than the retention go for
 * good. The list is read with the job's own day, so a run taken over after a crash reads the
 * same one; a user restored meanwhile is left alone.
 */
export function purgeHandler(db: Db, retentionDays: number): JobHandler<{ day?: string }> {
  return async (ctx) => {
    const ids = await expiredBinIds(db, retentionDays, new Date(ctx.job.created_at));
    await ctx.setTotal(ids.length);
    const author = { actor: null, request: systemRequest(ctx.job.id) };
    let purged = 0;
    for (const [seq, id] of ids.entries()) {
      const report = await ctx.item(seq, async (trx) => ({
        outcome: await purgeExpired(trx, author, id, retentionDays),
        ref: id,
      }));
      if (report?.outcome === 'purged') purged += 1;
    }
    return { purged };
  };
}
