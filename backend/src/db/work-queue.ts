import type { ExpressionBuilder, Kysely, Updateable } from 'kysely';
import { inTransaction, isPostgres, type Db } from './dialect.js';
import type { JobRow, JobsTable, OutboxRow, OutboxTable, QueueColumns } from './types.js';

// The claim that the outbox and the jobs share (decision 0152): a row is taken by one worker of
// however many run, in however many processes and hosts, for a lease; a worker that dies lets
// the lease lapse and the row is taken again. Every later change by the worker names the claim's
// token, so one whose lease lapsed cannot touch what another worker now holds.

/** Each queue: its table, and the state a claimed row is in. */
export const QUEUES = {
  outbox: { table: 'outbox', claimed: 'sending' },
  jobs: { table: 'jobs', claimed: 'running' },
} as const;

export type QueueName = keyof typeof QUEUES;
export type QueueRow<Q extends QueueName> = Q extends 'outbox' ? OutboxRow : JobRow;

interface ClaimColumns extends QueueColumns {
  kind: string;
  state: string;
}
// As in versioned.ts: the queries are built on a view of one table of the shared columns, under
// the real table's name.
type LooseDb = { queue: ClaimColumns };
const loose = (db: Db) => db as unknown as Kysely<LooseDb>;
const tableOf = (queue: QueueName) => QUEUES[queue].table as unknown as 'queue';

export interface Claim {
  now: Date;
  leaseUntil: Date;
  /** Unique per claim: what later changes by its holder are conditional on. */
  token: string;
  /** Only rows of these kinds: a process claims only the work it has a handler for. */
  kinds: readonly string[];
}

/** Queued and due, or claimed by a worker whose lease has lapsed. */
function claimable(queue: QueueName, now: string, kinds: readonly string[]) {
  return (eb: ExpressionBuilder<LooseDb, 'queue'>) =>
    eb.and([
      eb('kind', 'in', kinds),
      eb.or([
        eb.and([eb('state', '=', 'queued'), eb('run_after', '<=', now)]),
        eb.and([eb('state', '=', QUEUES[queue].claimed), eb('locked_until', '<', now)]),
      ]),
    ]);
}

/**
 * Takes the next due row of `queue` for this claim: a queued one whose `run_after` has come, or a
 * claimed one whose lease has lapsed (its worker died). Undefined when none is due.
 *
 * PostgreSQL: one UPDATE over a sub-select FOR UPDATE SKIP LOCKED, so concurrent workers each get
 * a different row without waiting for each other. SQLite: BEGIN IMMEDIATE lets one writer in at a
 * time and the update is conditional on the row still being claimable, so even several processes
 * on one file never take one row twice.
 */
export async function claimNext<Q extends QueueName>(
  db: Db,
  queue: Q,
  claim: Claim,
): Promise<QueueRow<Q> | undefined> {
  if (claim.kinds.length === 0) return undefined;
  const due = claimable(queue, claim.now.toISOString(), claim.kinds);
  const take = (trx: Db) =>
    loose(trx)
      .updateTable(tableOf(queue))
      .set((eb) => ({
        state: QUEUES[queue].claimed,
        attempts: eb('attempts', '+', 1),
        locked_until: claim.leaseUntil.toISOString(),
        locked_by: claim.token,
      }))
      .where(due);
  const next = (trx: Db) =>
    loose(trx).selectFrom(tableOf(queue)).select('id').where(due).orderBy('run_after').orderBy('id').limit(1);

  if (isPostgres(db)) {
    // `=` makes the sub-select an InitPlan, run once; with `in` the planner may run it again
    // for each row it scans, and each run skips the rows already locked: it claimed them all.
    const row = await take(db)
      .where('id', '=', next(db).forUpdate().skipLocked())
      .returningAll()
      .executeTakeFirst();
    return row as QueueRow<Q> | undefined;
  }
  return inTransaction(db, async (trx) => {
    const candidate = await next(trx).executeTakeFirst();
    if (!candidate) return undefined;
    const row = await take(trx).where('id', '=', candidate.id).returningAll().executeTakeFirst();
    return row as QueueRow<Q> | undefined;
  });
}

/**
 * Changes a row only while `token` still holds it; false when the claim was lost (its lease
 * lapsed and another worker took the row).
 */
export async function updateHeld<Q extends QueueName>(
  db: Db,
  queue: Q,
  id: number,
  token: string,
  changes: Q extends 'outbox' ? Updateable<OutboxTable> : Updateable<JobsTable>,
): Promise<boolean> {
  const result = await loose(db)
    .updateTable(tableOf(queue))
    .set(changes as never)
    .where('id', '=', id)
    .where('locked_by', '=', token)
    .where('state', '=', QUEUES[queue].claimed)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
