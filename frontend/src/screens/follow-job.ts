import type { ConsoleClient } from '../client.ts';
import type { Job } from '../types/jobs.ts';

const ENDED = new Set(['succeeded', 'failed', 'cancelled']);

/** How often a screen asks how a job it started is getting on. */
export const POLL_MS = 1000;

/**
 * Polls a job the screen started (a bulk change, a dormant-policy run) until it ends, telling
 * each step to `progress`; null when `stopped` says the screen went away meanwhile.
 */
export async function followJob(
  client: ConsoleClient,
  first: Job,
  options: { pollMs: number; progress: (done: number, total: number | null) => void; stopped: () => boolean },
): Promise<Job | null> {
  let job = first;
  while (!ENDED.has(job.state)) {
    options.progress(job.progress.done, job.progress.total);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    if (options.stopped()) return null;
    job = await client.transfer.getJob(job.id);
  }
  options.progress(job.progress.done, job.progress.total);
  return job;
}
