import type { Kysely } from 'kysely';

/**
 * A bulk change records one event per user it changed, each naming the job it belongs to, so
 * the audit log answers "what did bulk job 42 do" with one indexed filter (decision 0166).
 * No foreign key: events outlive their jobs, as they outlive users.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('job_id', 'integer').execute();
  await db.schema.createIndex('audit_events_job_idx').on('audit_events').columns(['job_id', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_events_job_idx').execute();
  await db.schema.alterTable('audit_events').dropColumn('job_id').execute();
}
