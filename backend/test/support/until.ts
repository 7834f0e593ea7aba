import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits until `done` answers true, checking every few milliseconds, however long a busy machine
 * takes: no time limit of its own, the test's hang guard bounds it (decision 0007).
 */
export async function until(done: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await done())) await sleep(5);
}
