import type { Db } from '../../db/dialect.js';
import { enqueueJob } from './jobs.js';

/**
 * Daily runs (decision 0152): each worker, on every tick, enqueues today's job of each daily
 * task under the unique key `daily:<name>:<UTC date>`. The unique index lets one insert in, so
 * the day's run happens once however many workers and hosts ask, and the jobs' claim runs it
 * once.
 */
export interface DailyTask {
  /** Names the run in its key; one run per name per UTC day. */
  name: string;
  /** The job kind that does the work. */
  kind: string;
  /** Not before this hour of the UTC day (0 by default). */
  hourUtc?: number;
  params?: (day: string) => unknown;
}

export function dailyKey(name: string, now: Date): string {
  return `daily:${name}:${now.toISOString().slice(0, 10)}`;
}

/** Enqueues each task's run for today once its hour has come; answers how many were new. */
export async function enqueueDailyRuns(db: Db, tasks: readonly DailyTask[], now: Date): Promise<number> {
  let created = 0;
  for (const task of tasks) {
    if (now.getUTCHours() < (task.hourUtc ?? 0)) continue;
    const day = now.toISOString().slice(0, 10);
    const result = await enqueueJob(
      db,
      {
        kind: task.kind,
        params: task.params?.(day) ?? { day },
        requestedBy: null,
        uniqueKey: dailyKey(task.name, now),
      },
      now,
    );
    if (result.created) created += 1;
  }
  return created;
}
