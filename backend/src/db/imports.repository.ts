import type { Db } from './dialect.js';
import { chunks } from './groups.repository.js';
import type { ImportRowsTable, UserRow } from './types.js';

// A user import's staged rows (migration 014) and the lookups its checks make in batches.

export type ImportRow = ImportRowsTable;

/** Rows are three parameters each: 300 a statement stays far below either database's cap. */
export async function insertImportRows(db: Db, rows: readonly ImportRow[]): Promise<void> {
  for (let from = 0; from < rows.length; from += 300) {
    await db
      .insertInto('import_rows')
      .values(rows.slice(from, from + 300))
      .execute();
  }
}

/** The job's rows from `fromSeq` on, in order, at most `limit`. */
export async function readImportRows(
  db: Db,
  jobId: number,
  fromSeq: number,
  limit: number,
): Promise<ImportRow[]> {
  return db
    .selectFrom('import_rows')
    .selectAll()
    .where('job_id', '=', jobId)
    .where('seq', '>=', fromSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export async function deleteImportRows(db: Db, jobId: number): Promise<void> {
  await db.deleteFrom('import_rows').where('job_id', '=', jobId).execute();
}

/**
 * Makes an import's job due once every row of its upload is staged: its total set, its start
 * now. Until then the job waits with no total (a crash mid-upload leaves it so; see the handler).
 */
export async function sealImportJob(db: Db, jobId: number, total: number, now: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ progress_total: total, run_after: now })
    .where('id', '=', jobId)
    .where('state', '=', 'queued')
    .execute();
}

/** An upload refused half-way: its job goes, and its staged rows with it (cascade). */
export async function deleteUnsealedJob(db: Db, jobId: number): Promise<void> {
  await db.deleteFrom('jobs').where('id', '=', jobId).where('progress_total', 'is', null).execute();
}

export type ExistingUser = Pick<UserRow, 'id' | 'email' | 'name' | 'role' | 'status'>;

/**
 * The live users with these (normalised) emails, by email. `deleted_at is null` is what lets
 * the partial unique index on email serve the lookup; without it each batch read the whole table.
 */
export async function findUsersByEmails(
  db: Db,
  emails: readonly string[],
): Promise<Map<string, ExistingUser>> {
  const found = new Map<string, ExistingUser>();
  for (const chunk of chunks(emails)) {
    const rows = await db
      .selectFrom('users')
      .select(['id', 'email', 'name', 'role', 'status'])
      .where('email', 'in', chunk)
      .where('deleted_at', 'is', null)
      .execute();
    for (const row of rows) found.set(row.email, row);
  }
  return found;
}

/** Of these emails, those a user in the recycle bin holds, with that user's id (the lowest). */
export async function findBinnedEmails(db: Db, emails: readonly string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const chunk of chunks(emails)) {
    // min() rather than an order by id, which PostgreSQL may serve by walking the primary key.
    const rows = await db
      .selectFrom('users')
      .select(['email', (eb) => eb.fn.min('id').as('id')])
      .where('email', 'in', chunk)
      .where('deleted_at', 'is not', null)
      .groupBy('email')
      .execute();
    for (const row of rows) found.set(row.email, Number(row.id));
  }
  return found;
}

/** How many of a job's items ended each way: the summary of a job run over several workers. */
export async function countItemsByOutcome(db: Db, jobId: number): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('job_items')
    .select(['outcome', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('job_id', '=', jobId)
    .groupBy('outcome')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)]));
}
