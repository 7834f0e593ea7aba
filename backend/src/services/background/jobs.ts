import { afterCommit, inTransaction, type Db } from '../../db/dialect.js';
import * as repo from '../../db/jobs.repository.js';
import type { JobRow } from '../../db/types.js';
import { claimNext, updateHeld, type Claim } from '../../db/work-queue.js';
import type { Log } from './log.js';
import { wake } from './wake.js';

/**
 * Jobs (decision 0152): long work with progress, run by whichever worker claims it. A job is a
 * list of items; each item's change, its report row and the job's progress commit in one
 * transaction (or a batch of items together, decision 0153), so a job taken over after its
 * worker died continues at the first item not yet done and never applies one twice.
 */

/**
 * Items a job commits together (JobContext.items), each in its own savepoint: one commit per
 * item kept an import near 80 rows/s on PostgreSQL, the commit's flush to disk being most of an
 * item's time. Small enough that SQLite's one connection is soon free again for requests
 * (docs/performance.md: request latency while an import runs).
 */
export const ITEMS_PER_COMMIT = 100;

export interface NewJob {
  kind: string;
  params: unknown;
  requestedBy: number | null;
  /** One job per key: a second enqueue answers the first job (idempotency keys, daily runs). */
  uniqueKey?: string;
  total?: number | null;
  /** Not before this time (now when not given): an import holds its job until its rows are staged. */
  runAfter?: Date;
}

/** One item's line in the job's report. */
export interface ItemReport {
  /** e.g. changed, unchanged, skipped, failed, created */
  outcome: string;
  /** what the item is: a user id, a row number */
  ref?: string | number | null;
  /** an error or skip code, such as last_admin */
  code?: string | null;
  message?: string | null;
}

export interface JobContext<P = unknown> {
  readonly job: JobRow;
  readonly params: P;
  /** Items before this were done by an earlier run of the job (its worker died). */
  readonly resumeFrom: number;
  readonly log: Log;
  now(): Date;
  setTotal(total: number): Promise<void>;
  /**
   * Runs item `seq` (0, 1, 2, ... in the same order on every run) in its own transaction with
   * its report row and the job's progress. Answers null, without running it, for an item an
   * earlier run already did. Throws JobCancelled when the job was cancelled, and JobReleased when
   * the claim was lost or the worker is stopping; the handler lets both pass.
   */
  item(seq: number, work: (trx: Db) => Promise<ItemReport>): Promise<ItemReport | null>;
  /**
   * Runs items `from`, `from + 1`, … (one per entry of `works`) in one transaction with their
   * report rows, the progress moving past all of them at once: one commit for many small items
   * (an import's rows). Each item must be all-or-nothing on its own, so its work runs in a
   * savepoint (withSavepoint) and turns a refusal into its report; a throw ends the whole batch,
   * and a job taken over runs the batch again from `from`, so no item is applied twice. Answers
   * null, without running them, for a batch an earlier run already did.
   */
  items(from: number, works: readonly ((trx: Db) => Promise<ItemReport>)[]): Promise<ItemReport[] | null>;
}

/** Returns the job's result summary (kept as JSON). */
export type JobHandler<P = unknown> = (context: JobContext<P>) => Promise<unknown>;

export class JobCancelled extends Error {
  override name = 'JobCancelled';
}

/** The worker let go of the job: its claim lapsed, or the worker is stopping. */
export class JobReleased extends Error {
  override name = 'JobReleased';
}

/** A job whose worker died this many times is not taken again: it fails. */
export const MAX_JOB_ATTEMPTS = 5;

export async function enqueueJob(
  db: Db,
  job: NewJob,
  now = new Date(),
): Promise<{ job: JobRow; created: boolean }> {
  const result = await repo.insertJob(db, {
    kind: job.kind,
    params: JSON.stringify(job.params ?? {}),
    requested_by: job.requestedBy,
    state: 'queued',
    unique_key: job.uniqueKey ?? null,
    progress_total: job.total ?? null,
    run_after: (job.runAfter ?? now).toISOString(),
    created_at: now.toISOString(),
  });
  if (result.created) afterCommit(db, () => wake('jobs'));
  return result;
}

export interface RunOptions {
  claim: Claim;
  log: Log;
  now: () => Date;
  leaseMs: number;
  /** True once the worker is stopping: the job is let go at its next item. */
  stopping: () => boolean;
}

/** Claims one due job and runs it to its end; false when none was due. */
export async function runNextJob(
  db: Db,
  handlers: ReadonlyMap<string, JobHandler>,
  options: RunOptions,
): Promise<boolean> {
  const job = await claimNext(db, 'jobs', options.claim);
  if (!job) return false;
  const handler = handlers.get(job.kind);
  if (!handler) return true; // unreachable: only kinds with a handler are claimed
  await runHeld(db, job, handler, options);
  return true;
}

/**
 * Inserts a job already claimed by `options.claim` and runs it here and now, for work small
 * enough to answer within its request (a bulk change of up to 100 items). Should this process
 * die, the claim's lease lapses and a worker goes on with it, as with any job. A taken unique key
 * answers the job that holds it, without running anything.
 */
export async function runJobNow(
  db: Db,
  job: NewJob,
  handler: JobHandler,
  options: RunOptions,
): Promise<{ job: JobRow; created: boolean }> {
  const { claim } = options;
  const inserted = await repo.insertJob(db, {
    kind: job.kind,
    params: JSON.stringify(job.params ?? {}),
    requested_by: job.requestedBy,
    state: 'running',
    unique_key: job.uniqueKey ?? null,
    progress_total: job.total ?? null,
    attempts: 1,
    locked_by: claim.token,
    locked_until: claim.leaseUntil.toISOString(),
    run_after: claim.now.toISOString(),
    created_at: claim.now.toISOString(),
    started_at: claim.now.toISOString(),
  });
  if (!inserted.created) return inserted;
  await runHeld(db, inserted.job, handler, options);
  return { job: (await repo.findJob(db, inserted.job.id)) ?? inserted.job, created: true };
}

/** Runs a job this worker holds to its end: succeeded, failed, cancelled, or let go. */
async function runHeld(db: Db, job: JobRow, handler: JobHandler, options: RunOptions): Promise<void> {
  const { claim, log, now } = options;
  const finish = (changes: Parameters<typeof updateHeld<'jobs'>>[4]) =>
    updateHeld(db, 'jobs', job.id, claim.token, {
      ...changes,
      locked_until: null,
      locked_by: null,
    });
  if (job.attempts > MAX_JOB_ATTEMPTS) {
    await finish({
      state: 'failed',
      error: 'its worker stopped too many times',
      finished_at: now().toISOString(),
    });
    return;
  }
  if (job.started_at === null)
    await updateHeld(db, 'jobs', job.id, claim.token, { started_at: now().toISOString() });
  try {
    const result = await handler(contextFor(db, job, options));
    await finish({
      state: 'succeeded',
      result: JSON.stringify(result ?? null),
      finished_at: now().toISOString(),
    });
    log.info({ jobId: job.id, kind: job.kind }, 'job succeeded');
  } catch (error) {
    if (error instanceof JobReleased) {
      await finish({ state: 'queued', run_after: now().toISOString() });
      log.info({ jobId: job.id, kind: job.kind }, 'job released');
    } else if (error instanceof JobCancelled) {
      await finish({ state: 'cancelled', finished_at: now().toISOString() });
      log.info({ jobId: job.id, kind: job.kind }, 'job cancelled');
    } else {
      const message = error instanceof Error ? error.message : String(error);
      await finish({ state: 'failed', error: message.slice(0, 2000), finished_at: now().toISOString() });
      log.error({ jobId: job.id, kind: job.kind, err: error }, 'job failed');
    }
  }
}

function contextFor(db: Db, job: JobRow, options: RunOptions): JobContext {
  const { claim, now, leaseMs } = options;
  const lease = () => new Date(now().getTime() + leaseMs).toISOString();
  const items: JobContext['items'] = async (from, works) => {
    // Requests waiting for the database go first. On SQLite one connection serves everything,
    // and Kysely's lock on it is not first come, first served: a job that asked again at once
    // kept it for the whole job (GET /readyz went unanswered for 30 s behind a bulk disable).
    await new Promise((resolve) => setImmediate(resolve));
    if (options.stopping()) throw new JobReleased();
    return inTransaction(db, async (trx) => {
      // The progress moves first: on PostgreSQL that locks the job's row until commit, and the
      // update is conditional on the claim and on this being the next item.
      const moved = await trx
        .updateTable('jobs')
        .set({ progress_done: from + works.length, locked_until: lease() })
        .where('id', '=', job.id)
        .where('locked_by', '=', claim.token)
        .where('state', '=', 'running')
        .where('progress_done', '=', from)
        .returning('cancel_requested')
        .executeTakeFirst();
      if (!moved) {
        const current = await repo.findJob(trx, job.id);
        if (current?.locked_by === claim.token && current.progress_done > from) return null;
        throw new JobReleased();
      }
      if (moved.cancel_requested) throw new JobCancelled();
      const reports: ItemReport[] = [];
      for (const work of works) reports.push(await work(trx));
      await repo.insertItems(
        trx,
        reports.map((report, i) => ({
          job_id: job.id,
          seq: from + i,
          outcome: report.outcome,
          ref: report.ref === undefined || report.ref === null ? null : String(report.ref),
          code: report.code ?? null,
          message: report.message?.slice(0, 2000) ?? null,
        })),
      );
      return reports;
    });
  };
  return {
    job,
    params: JSON.parse(job.params) as unknown,
    resumeFrom: job.progress_done,
    log: options.log,
    now,
    async setTotal(total) {
      if (
        !(await updateHeld(db, 'jobs', job.id, claim.token, { progress_total: total, locked_until: lease() }))
      ) {
        throw new JobReleased();
      }
    },
    async item(seq, work) {
      const reports = await items(seq, [work]);
      return reports && reports[0]!;
    },
    items,
  };
}
