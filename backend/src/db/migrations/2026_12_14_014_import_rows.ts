import type { Kysely } from 'kysely';

/**
 * The rows of a user import, as its upload parsed and checked them (decision 0169). The import's
 * job runs them by `seq`, so a job taken over after its worker died reads the same row for the
 * same item. `data` is JSON text: the row's cleaned fields, or the problems that refuse it. The
 * rows go with their job (cascade) and are deleted when it ends.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('import_rows')
    .addColumn('job_id', 'integer', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_rows_pkey', ['job_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('import_rows').execute();
}
