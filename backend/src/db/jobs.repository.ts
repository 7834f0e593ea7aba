import type { Insertable } from 'kysely';
import type { Db } from './dialect.js';
import type { JobItemRow, JobItemsTable, JobRow, JobsTable } from './types.js';

/**
 * Inserts a job; with a `unique_key` already taken, inserts nothing and answers the job that
 * holds it (the day's run already made, the idempotency key already used).
 */
export async function insertJob(
  db: Db,
  row: Insertable<JobsTable>,
): Promise<{ job: JobRow; created: boolean }> {
  const inserted = await db
    .insertInto('jobs')
    .values(row)
    .onConflict((oc) => oc.column('unique_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { job: inserted, created: true };
  const existing = await db
    .selectFrom('jobs')
    .selectAll()
    .where('unique_key', '=', row.unique_key ?? '')
    .executeTakeFirstOrThrow();
  return { job: existing, created: false };
}

export async function findJob(db: Db, id: number): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Newest first; one requester's when `requestedBy` is given. */
export async function listJobs(
  db: Db,
  options: { limit: number; offset: number; requestedBy?: number; kind?: string },
): Promise<{ rows: JobRow[]; total: number }> {
  let query = db.selectFrom('jobs');
  if (options.requestedBy !== undefined) query = query.where('requested_by', '=', options.requestedBy);
  if (options.kind) query = query.where('kind', '=', options.kind);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('id', 'desc').limit(options.limit).offset(options.offset).execute(),
    query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** A queued job is cancelled at once; a running one is asked to stop at its next item. */
export async function requestCancel(db: Db, id: number, now: string): Promise<JobRow | undefined> {
  const queued = await db
    .updateTable('jobs')
    .set({ state: 'cancelled', finished_at: now, locked_until: null, locked_by: null })
    .where('id', '=', id)
    .where('state', '=', 'queued')
    .returningAll()
    .executeTakeFirst();
  if (queued) return queued;
  return db
    .updateTable('jobs')
    .set({ cancel_requested: 1 })
    .where('id', '=', id)
    .where('state', '=', 'running')
    .returningAll()
    .executeTakeFirst();
}

export async function insertItems(db: Db, rows: Insertable<JobItemsTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('job_items').values(rows).execute();
}

/** A job's report in item order, from `afterSeq` on (exclusive). */
export async function listItems(
  db: Db,
  jobId: number,
  options: { afterSeq: number; limit: number },
): Promise<JobItemRow[]> {
  return db
    .selectFrom('job_items')
    .selectAll()
    .where('job_id', '=', jobId)
    .where('seq', '>', options.afterSeq)
    .orderBy('seq')
    .limit(options.limit)
    .execute();
}

/** How many of a job's items ended in each outcome. */
export async function countItemsByOutcome(db: Db, jobId: number): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('job_items')
    .select(['outcome', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('job_id', '=', jobId)
    .groupBy('outcome')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.outcome, Number(row.n)]));
}

/** A job's items of some outcomes only (the failures first, in the console), in item order. */
export async function listItemsWithOutcome(
  db: Db,
  jobId: number,
  options: { afterSeq: number; limit: number; outcomes: readonly string[] },
): Promise<JobItemRow[]> {
  return db
    .selectFrom('job_items')
    .selectAll()
    .where('job_id', '=', jobId)
    .where('seq', '>', options.afterSeq)
    .$if(options.outcomes.length > 0, (q) => q.where('outcome', 'in', options.outcomes))
    .orderBy('seq')
    .limit(options.limit)
    .execute();
}

export async function findJobByUniqueKey(db: Db, uniqueKey: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('unique_key', '=', uniqueKey).executeTakeFirst();
}

/** Stores a job's targets, item `seq` for each in order: [id, expected version or null]. */
export async function insertTargets(
  db: Db,
  jobId: number,
  targets: readonly (readonly [number, number | null])[],
): Promise<void> {
  // 500 rows of 4 values keep well under either database's limit on parameters.
  for (let from = 0; from < targets.length; from += 500) {
    const rows = targets.slice(from, from + 500).map(([id, version], i) => ({
      job_id: jobId,
      seq: from + i,
      target_id: id,
      expected_version: version,
    }));
    await db.insertInto('job_targets').values(rows).execute();
  }
}

/** Targets `fromSeq` onwards, in item order. */
export async function listTargets(
  db: Db,
  jobId: number,
  fromSeq: number,
  limit: number,
): Promise<[number, number | null][]> {
  const rows = await db
    .selectFrom('job_targets')
    .select(['target_id', 'expected_version'])
    .where('job_id', '=', jobId)
    .where('seq', '>=', fromSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((row) => [row.target_id, row.expected_version]);
}
