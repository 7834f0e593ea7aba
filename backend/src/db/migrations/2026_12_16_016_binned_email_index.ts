import { sql, type Kysely } from 'kysely';

/**
 * The addresses of users in the recycle bin, indexed (issue 15's import at a million users).
 * Migration 015 made the email's unique index partial (`where deleted_at is null`), so a lookup
 * of binned addresses, which every create makes to keep a binned user's address reserved
 * (decision 0172), could only walk the bin row by row: after a bulk delete of 100,000 users,
 * each POST /users and each imported row read all of them. A partial index of its own keeps that
 * lookup one probe however full the bin is.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index users_binned_email_idx on users (email) where deleted_at is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index users_binned_email_idx`.execute(db);
}
