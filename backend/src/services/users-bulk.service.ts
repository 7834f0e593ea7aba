import { canonicalFilter, repositoryFilter } from './user-filter.js';
import { inTransaction, type Db } from '../db/dialect.js';
import * as jobsRepo from '../db/jobs.repository.js';
import { findUserIdsMatching } from '../db/user-pages.repository.js';
import { findUserById } from '../db/users.repository.js';
import type { JobRow } from '../db/types.js';
import { ForbiddenError, ValidationError } from '../errors.js';
import { permissions } from '../permissions.js';
import type { JobItem } from '../schemas/jobs.js';
import type { BulkBody, BulkCounts, BulkResult } from '../schemas/users-bulk.js';
import type { JobContext, JobHandler, NewJob } from './background/jobs.js';
import { enqueueJob, ITEMS_PER_COMMIT } from './background/jobs.js';
import type { ActionContext, Actor, RequestInfo } from './context.js';
import { toJob } from './jobs.service.js';
import {
  BULK_ACTIONS,
  type BulkAction,
  type BulkActionInput,
  type BulkActionName,
} from './users-bulk.actions.js';
import { emptyCounts, runItem } from './users-bulk.items.js';
import { previewBulk } from './users-bulk.preview.js';

/**
 * Bulk changes to users (issue 15): a list of ids, or every user a filter matches now, changed
 * item by item under the single-user rules (users-bulk.actions.ts). A dry run answers what would
 * happen and changes nothing; up to SYNC_LIMIT items answer at once; more become a job.
 */

export const BULK_JOB_KIND = 'users.bulk';

/** Up to this many items run within the request and answer their report at once. */
export const SYNC_LIMIT = 100;

/** A job reads its stored targets this many at a time. */
const TARGETS_PAGE = 1000;

/** What a bulk job keeps: enough to run again, the same items in the same order, after a crash. */
export interface BulkParams {
  action: BulkActionName;
  role?: BulkActionInput['role'];
  /**
   * [user id, expected version or null], in item order, for a job of up to SYNC_LIMIT items;
   * a larger one keeps them in `job_targets` (migration 011) and `count` says how many.
   */
  targets?: [number, number | null][];
  count: number;
  /** where the request came from, for the audit events */
  request: RequestInfo;
}

/** What runs a job here and now; the background worker does (app.background). */
export interface JobRunner {
  runNow(job: NewJob): Promise<{ job: JobRow; created: boolean }>;
}

export type BulkAnswer = { done: BulkResult } | { queued: ReturnType<typeof toJob> };

function actionOf(body: Pick<BulkBody, 'action' | 'role'>, actor: Actor): BulkAction {
  const action: BulkAction = BULK_ACTIONS[body.action];
  if (!permissions.can(actor.role, action.permission)) {
    throw new ForbiddenError(`Your role may not ${body.action.replace('_', ' ')} users`);
  }
  if (action.needsRole && body.role === undefined) throw new ValidationError({ role: ['is required'] });
  return action;
}

async function targetsOf(db: Db, body: BulkBody): Promise<[number, number | null][]> {
  if ((body.ids === undefined) === (body.filter === undefined)) {
    throw new ValidationError({ ids: ['give either ids or filter, not both and not neither'] });
  }
  if (body.ids) {
    // The first mention of an id counts: a user is changed once.
    const seen = new Map<number, number | null>();
    for (const { id, version } of body.ids) if (!seen.has(id)) seen.set(id, version ?? null);
    return [...seen];
  }
  const ids = await findUserIdsMatching(db, repositoryFilter(canonicalFilter(body.filter ?? {})));
  return ids.map((id) => [id, null]);
}

function countsFrom(total: number, byOutcome: Record<string, number>): BulkCounts {
  const counts = emptyCounts(total);
  for (const outcome of ['changed', 'unchanged', 'skipped', 'failed'] as const) {
    counts[outcome] = byOutcome[outcome] ?? 0;
  }
  return counts;
}

const toJobItem = (row: {
  seq: number;
  ref: string | null;
  outcome: string;
  code: string | null;
  message: string | null;
}): JobItem => ({
  seq: row.seq,
  ref: row.ref,
  outcome: row.outcome,
  code: row.code,
  message: row.message,
});

/** A job's result as a bulk request answers it: counts, and its items up to SYNC_LIMIT. */
export async function bulkResultOf(db: Db, row: JobRow): Promise<BulkResult> {
  const total = row.progress_total ?? 0;
  const [byOutcome, rows] = await Promise.all([
    jobsRepo.countItemsByOutcome(db, row.id),
    jobsRepo.listItems(db, row.id, { afterSeq: -1, limit: SYNC_LIMIT }),
  ]);
  const counts = countsFrom(total, byOutcome);
  const done = Object.values(byOutcome).reduce((sum, n) => sum + n, 0);
  return {
    dry_run: false,
    job: toJob(row),
    counts,
    items: rows.map(toJobItem),
    items_omitted: Math.max(0, done - rows.length),
  };
}

/**
 * A bulk request: checked, its targets fixed, then a dry run, a run within the request (up to
 * SYNC_LIMIT items) or a job. With an idempotency key, a repeat answers the first one's job.
 */
export async function startBulk(
  db: Db,
  ctx: ActionContext,
  body: BulkBody,
  runner: JobRunner,
  idempotencyKey?: string,
  now = new Date(),
): Promise<BulkAnswer> {
  const action = actionOf(body, ctx.actor);
  const uniqueKey =
    idempotencyKey === undefined || body.dry_run ? undefined : `idem:${ctx.actor.id}:${idempotencyKey}`;
  if (uniqueKey) {
    const earlier = await jobsRepo.findJobByUniqueKey(db, uniqueKey);
    if (earlier) return answerFor(db, earlier);
  }
  const targets = await targetsOf(db, body);
  const input: BulkActionInput = { role: body.role };
  if (body.dry_run) return { done: await previewBulk(db, ctx, action, input, targets) };

  const small = targets.length <= SYNC_LIMIT;
  const params: BulkParams = {
    action: body.action,
    role: body.role,
    ...(small && { targets }),
    count: targets.length,
    request: ctx.request,
  };
  const job: NewJob = {
    kind: BULK_JOB_KIND,
    params,
    requestedBy: ctx.actor.id,
    uniqueKey,
    total: targets.length,
  };
  if (small) return answerFor(db, (await runner.runNow(job)).job);
  // The job and its targets commit together: a worker never sees the one without the other.
  const queued = await inTransaction(db, async (trx) => {
    const result = await enqueueJob(trx, job, now);
    if (result.created) await jobsRepo.insertTargets(trx, result.job.id, targets);
    return result.job;
  });
  return answerFor(db, queued);
}

/** The job's targets from item `from` on, a page at a time. */
async function* targetsFrom(db: Db, jobId: number, params: BulkParams, from: number) {
  if (params.targets) {
    yield* params.targets.slice(from);
    return;
  }
  for (let seq = from; seq < params.count; seq += TARGETS_PAGE) {
    const page = await jobsRepo.listTargets(db, jobId, seq, TARGETS_PAGE);
    if (page.length === 0) return;
    yield* page;
  }
}

async function answerFor(db: Db, row: JobRow): Promise<BulkAnswer> {
  if ((row.progress_total ?? 0) <= SYNC_LIMIT && row.state !== 'queued') {
    return { done: await bulkResultOf(db, row) };
  }
  return { queued: toJob(row) };
}

/**
 * Runs a bulk job: as its requester, with the role they hold when it runs (someone demoted or
 * disabled since cannot act through a job they started before), each item all-or-nothing in its
 * own savepoint with its report row, ITEMS_PER_COMMIT items to a transaction; resumed, it goes
 * on at the first batch not done.
 */
export function bulkJobHandler(db: Db): JobHandler<BulkParams> {
  return async (job: JobContext<BulkParams>) => {
    const { params } = job;
    const requester =
      job.job.requested_by === null ? undefined : await findUserById(db, job.job.requested_by);
    if (!requester || requester.status !== 'active') {
      throw new Error('The user who started the job can no longer act');
    }
    const actor: Actor = { id: requester.id, email: requester.email, role: requester.role, sessionId: '' };
    const action = actionOf(params, actor);
    const ctx: ActionContext = { actor, request: { ...params.request, jobId: job.job.id } };
    const input: BulkActionInput = { role: params.role };
    if (job.job.progress_total === null) await job.setTotal(params.count);
    // A batch of items to a transaction, each in its own savepoint (runItem): progress moves by
    // whole batches, so a job taken over starts at a batch's first item and runs it again whole.
    let from = job.resumeFrom;
    let batch: [number, number | null][] = [];
    const flush = async () => {
      const works = batch.map(
        (target) => (trx: Db) => runItem(trx, action, ctx, input, target, job.now(), job.log),
      );
      await job.items(from, works);
      from += batch.length;
      batch = [];
    };
    for await (const target of targetsFrom(db, job.job.id, params, from)) {
      batch.push(target);
      if (batch.length === ITEMS_PER_COMMIT) await flush();
    }
    if (batch.length > 0) await flush();
    return countsFrom(params.count, await jobsRepo.countItemsByOutcome(db, job.job.id));
  };
}
