import type { Kysely } from 'kysely';

/**
 * Bulk changes (issue 15, decision 0166).
 *
 * `audit_events.job_id`: a bulk change records one event per user it changed, each naming its
 * job, so "what did job 42 do" is one indexed filter. No foreign key: events outlive their jobs.
 *
 * `job_targets`: the users a large bulk job works through, fixed when it is asked for (a filter
 * means the users it matched then), one row per item. Kept out of `jobs.params` because every
 * item rewrites the job's row (its progress): with 100,000 ids in it, SQLite rewrote 1.2 MB per
 * item and ran 17 items a second.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('job_id', 'integer').execute();
  await db.schema.createIndex('audit_events_job_idx').on('audit_events').columns(['job_id', 'id']).execute();
  await db.schema
    .createTable('job_targets')
    .addColumn('job_id', 'integer', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('expected_version', 'integer')
    .addPrimaryKeyConstraint('job_targets_pkey', ['job_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_targets').execute();
  await db.schema.dropIndex('audit_events_job_idx').execute();
  await db.schema.alterTable('audit_events').dropColumn('job_id').execute();
}
