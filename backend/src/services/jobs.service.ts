import { toIso, toIsoOrNull, type Db } from '../db/dialect.js';
import * as repo from '../db/jobs.repository.js';
import type { JobRow } from '../db/types.js';
import { permissions } from '../permissions.js';
import type { Job, JobItem, ListJobItemsQuery, ListJobsQuery } from '../schemas/jobs.js';
import { recordEvent } from './audit.service.js';
import type { ActionContext, Actor } from './context.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { DEFAULT_PER_PAGE, pageMeta, pageOffset, type Page } from './paging.js';
import { jobReportCsv } from './job-report.js';
import type { Readable } from 'node:stream';

/** Jobs as the API shows them: a started job's own page, lists, cancelling. */

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    requested_by: row.requested_by,
    progress: { done: row.progress_done, total: row.progress_total },
    cancel_requested: Boolean(row.cancel_requested),
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    error: row.error,
    created_at: toIso(row.created_at),
    started_at: toIsoOrNull(row.started_at),
    finished_at: toIsoOrNull(row.finished_at),
  };
}

/** A job the actor may see: their own, or any with `jobs:read-all`. Others are not found. */
async function visibleJob(db: Db, actor: Actor, id: number, reachAll: 'jobs:read-all' | 'jobs:cancel-all') {
  const row = await repo.findJob(db, id);
  if (!row) throw new NotFoundError('Job not found');
  if (row.requested_by !== actor.id && !permissions.can(actor.role, reachAll)) {
    if (permissions.can(actor.role, 'jobs:read-all'))
      throw new ForbiddenError('Only an admin may do this to another user’s job');
    throw new NotFoundError('Job not found');
  }
  return row;
}

export async function getJob(db: Db, actor: Actor, id: number): Promise<Job> {
  return toJob(await visibleJob(db, actor, id, 'jobs:read-all'));
}

export async function listJobs(db: Db, actor: Actor, query: ListJobsQuery): Promise<Page<Job>> {
  const page = query.page ?? 1;
  const perPage = query.per_page ?? DEFAULT_PER_PAGE;
  if (query.all && !permissions.can(actor.role, 'jobs:read-all')) {
    throw new ForbiddenError('Only an admin may list everyone’s jobs');
  }
  const { rows, total } = await repo.listJobs(db, {
    limit: perPage,
    offset: pageOffset(page, perPage),
    requestedBy: query.all ? undefined : actor.id,
    kind: query.kind,
  });
  return { items: rows.map(toJob), meta: pageMeta(page, perPage, total) };
}

/** A queued job ends at once; a running one stops at its next item. Audited. */
export async function cancelJob(db: Db, context: ActionContext, id: number, now = new Date()): Promise<Job> {
  const row = await visibleJob(db, context.actor, id, 'jobs:cancel-all');
  const changed = await repo.requestCancel(db, id, now.toISOString());
  if (!changed)
    throw new ConflictError(`The job has already ${row.state === 'cancelled' ? 'been cancelled' : 'ended'}`);
  await recordEvent(db, {
    action: 'job.cancelled',
    actor: context.actor,
    target: { type: 'job', id },
    changes:
      changed.state === row.state
        ? { cancel_requested: [false, true] }
        : { state: [row.state, changed.state] },
    request: context.request,
  });
  return toJob(changed);
}

/** A page of a job's items in order, of some outcomes only if asked (the console's failures first). */
export async function listJobItems(
  db: Db,
  actor: Actor,
  id: number,
  query: ListJobItemsQuery,
): Promise<{ items: JobItem[]; next_after: number | null }> {
  await visibleJob(db, actor, id, 'jobs:read-all');
  const limit = query.per_page ?? 100;
  const rows = await repo.listItemsWithOutcome(db, id, {
    afterSeq: query.after ?? -1,
    limit: limit + 1,
    outcomes: query.outcome ? query.outcome.split(',') : [],
  });
  const items = rows.slice(0, limit).map(({ seq, ref, outcome, code, message }) => ({
    seq,
    ref,
    outcome,
    code,
    message,
  }));
  return { items, next_after: rows.length > limit ? (items.at(-1)?.seq ?? null) : null };
}

/** A job's whole report as CSV, streamed (every item, in order). */
export async function jobReport(db: Db, actor: Actor, id: number): Promise<{ job: Job; csv: Readable }> {
  const row = await visibleJob(db, actor, id, 'jobs:read-all');
  return { job: toJob(row), csv: jobReportCsv(db, id) };
}
