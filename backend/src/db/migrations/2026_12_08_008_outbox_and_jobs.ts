import { sql, type Kysely } from 'kysely';
import { idColumn, timestampType } from './dialect-helpers.js';

/**
 * The background work every later feature shares (decision 0152).
 *
 * `outbox`: messages to deliver (mail today, webhooks later), written in the same transaction as
 * the change that causes them, so a crash between commit and delivery loses nothing.
 * `jobs`: long work (bulk changes, imports, the daily runs) with progress, claimed by one worker
 * of however many run; `unique_key` makes "one per day" and idempotency keys a unique index.
 * `job_items`: a job's report, one row per item, written in the item's own transaction.
 *
 * Both queues carry the same claim columns: `run_after` (not before), `locked_until` (a claim's
 * lease; a worker that died lets it lapse and another takes over) and `locked_by` (the claim's
 * own token, so a worker whose lease lapsed cannot finish what another now holds).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const ts = timestampType(db);
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('kind', 'varchar(64)', (c) => c.notNull())
    .addColumn('recipient', 'varchar(2000)', (c) => c.notNull())
    // Who the message is about, so erasure finds it; it outlives the user as null.
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('run_after', ts, (c) => c.notNull())
    .addColumn('locked_until', ts)
    .addColumn('locked_by', 'varchar(64)')
    .addColumn('last_error', 'varchar(2000)')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('sent_at', ts)
    .addCheckConstraint('outbox_state_check', sql`state in ('queued', 'sending', 'sent', 'failed')`)
    .execute();
  // The dispatcher's claim reads the next due message of a state.
  await db.schema
    .createIndex('outbox_state_run_after_idx')
    .on('outbox')
    .columns(['state', 'run_after', 'id'])
    .execute();
  await db.schema.createIndex('outbox_user_id_idx').on('outbox').column('user_id').execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'integer', idColumn(db))
    .addColumn('kind', 'varchar(64)', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('unique_key', 'varchar(300)', (c) => c.unique())
    .addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_total', 'integer')
    .addColumn('result', 'text')
    .addColumn('error', 'varchar(2000)')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('run_after', ts, (c) => c.notNull())
    .addColumn('locked_until', ts)
    .addColumn('locked_by', 'varchar(64)')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('started_at', ts)
    .addColumn('finished_at', ts)
    .addCheckConstraint(
      'jobs_state_check',
      sql`state in ('queued', 'running', 'succeeded', 'failed', 'cancelled')`,
    )
    .execute();
  await db.schema
    .createIndex('jobs_state_run_after_idx')
    .on('jobs')
    .columns(['state', 'run_after', 'id'])
    .execute();
  // A user's own jobs, newest first.
  await db.schema.createIndex('jobs_requested_by_idx').on('jobs').columns(['requested_by', 'id']).execute();

  await db.schema
    .createTable('job_items')
    .addColumn('job_id', 'integer', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'varchar(32)', (c) => c.notNull())
    .addColumn('ref', 'varchar(400)')
    .addColumn('code', 'varchar(64)')
    .addColumn('message', 'varchar(2000)')
    .addPrimaryKeyConstraint('job_items_pkey', ['job_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_items').execute();
  await db.schema.dropTable('jobs').execute();
  await db.schema.dropTable('outbox').execute();
}
